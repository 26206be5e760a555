/**
 * The bundled task fault scenarios (scenarios/faults/), checked against the
 * figures docs/faults.md gives for them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryTable } from '../../src/metrics/sinks.js';
import { runScenario } from '../../src/run.js';
import { parseScenario } from '../../src/scenario/load.js';

const root = join(import.meta.dirname, '..', '..');

function run(name: string, sets: string[] = []) {
  const text = readFileSync(join(root, 'scenarios', 'faults', `${name}.yaml`), 'utf8');
  const tasks = new MemoryTable();
  const summary = runScenario(parseScenario(text, `${name}.yaml`, sets), { tasks, offers: new MemoryTable(), utilization: new MemoryTable() }, { verifyEvery: 1, wallClock: false });
  const of = (fw: string) => tasks.records().filter((r) => r.framework === fw);
  const meanRun = (fw: string) => {
    const done = of(fw).filter((r) => r.state === 'finished');
    return done.reduce((s, r) => s + (r.end_time as number) - (r.start_time as number), 0) / done.length;
  };
  return { summary, of, meanRun };
}

describe('scenarios/faults', () => {
  it('isolation.yaml: enforce protects the batch tasks and kills the hogs that outgrow their memory; none shares the cost', () => {
    const enforce = run('isolation');
    const none = run('isolation', ['faults.isolation.mode=none']);
    expect(enforce.summary.faults.isolation).toMatchObject({ oom_kills: 104, oom_limit: 104, throttled_tasks: 74, slowed_tasks: 0 });
    expect(none.summary.faults.isolation).toMatchObject({ oom_kills: 2, oom_agent: 2, throttled_tasks: 0, slowed_tasks: 588 });
    expect([enforce.summary.jobs.completed, none.summary.jobs.completed]).toEqual([228, 250]);
    expect(enforce.meanRun('batch')).toBeCloseTo(56.3, 1);
    expect(none.meanRun('batch')).toBeCloseTo(64.5, 1);
    expect(enforce.of('hogs').filter((r) => r.state === 'finished')).toHaveLength(74);
    expect(none.of('hogs').filter((r) => r.state === 'finished')).toHaveLength(100);
  });

  it('task-failures.yaml: attempts and failures as docs/faults.md gives them', () => {
    const { summary, of } = run('task-failures');
    expect(summary.faults.task_failures).toMatchObject({ failed: 167, probability: 160, rate: 7 });
    expect(of('batch')).toHaveLength(1521);
    expect(new Set(of('batch').map((r) => r.task_id)).size).toBe(1361);
    expect(of('long')).toHaveLength(14);
    expect(summary.jobs).toEqual({ submitted: 301, completed: 300, unsuccessful: 1 });
  });
});

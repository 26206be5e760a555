import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryTable } from '../../src/metrics/sinks.js';
import { runScenario } from '../../src/run.js';
import { loadScenario } from '../../src/scenario/load.js';

const file = join(import.meta.dirname, '..', '..', 'scenarios', 'diurnal-heavy-tail.yaml');

function run(sets: readonly string[] = []) {
  const tasks = new MemoryTable();
  const summary = runScenario(loadScenario(file, sets), { tasks, offers: new MemoryTable(), utilization: new MemoryTable() }, { wallClock: false });
  const batch = tasks.records().filter((r) => r['framework'] === 'batch');
  return { summary, batch };
}

describe('scenarios/diurnal-heavy-tail.yaml', () => {
  it('follows the daily cycle and the rush, and a lighter tail leaves the arrivals unchanged', () => {
    const heavy = run();
    const hour = (r: Record<string, unknown>) => Number(r['submit_time']) / 3600;
    const tasksBetween = (rows: typeof heavy.batch, a: number, b: number) => rows.filter((r) => hour(r) >= a && hour(r) < b).length;
    // The night (00:00-04:00, rate 0.004-0.011 jobs/s) gets far fewer tasks than the afternoon (12:00-16:00, near the peak).
    expect(tasksBetween(heavy.batch, 12, 16)).toBeGreaterThan(3 * tasksBetween(heavy.batch, 0, 4));
    // The rush hour alone gets more than the two hours after it.
    expect(tasksBetween(heavy.batch, 10, 11)).toBeGreaterThan(tasksBetween(heavy.batch, 12, 14));
    expect(heavy.summary.simulated.end_reason).toBe('drained');

    const light = run(['frameworks.0.workload.synthetic.duration.alpha=3']);
    const submits = (rows: typeof heavy.batch) => rows.map((r) => `${r['task_id']}@${r['submit_time']}:${r['mem']}`).sort();
    expect(submits(light.batch)).toEqual(submits(heavy.batch));
    const longest = (rows: typeof heavy.batch) => Math.max(...rows.map((r) => Number(r['end_time']) - Number(r['start_time'])));
    expect(longest(heavy.batch)).toBeGreaterThan(5 * longest(light.batch));
  });
});

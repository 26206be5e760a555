import { describe, expect, it } from 'vitest';
import { MemoryTable } from '../../src/metrics/sinks.js';
import { runScenario } from '../../src/run.js';
import { parseScenario } from '../../src/scenario/load.js';
import { differenceFigures } from '../../src/metrics/trace-replay.js';
import { FIXTURES, tempFile } from '../workload/traces/support.js';

function run(yaml: string) {
  const tasks = new MemoryTable();
  const summary = runScenario(parseScenario(yaml, `${FIXTURES}/scenario.yaml`), { tasks, offers: new MemoryTable(), utilization: new MemoryTable() }, { wallClock: false });
  return { summary, tasks: tasks.records() };
}

describe('replay against recorded waits', () => {
  it('compares each job’s first start with its recorded wait, per trace framework', () => {
    // One 2-CPU agent; three 2-CPU jobs at once: they run one after the other.
    const trace = tempFile('waits.csv', 'id,submit,tasks,duration,cpus,wait\nj1,0,1,100,2,0\nj2,0,1,100,2,50\nj3,0,2,100,1,500\nj4,1,1,10,1,\n');
    const { summary, tasks } = run(`
name: replay
cluster: { agents: [{ count: 1, resources: { cpus: 2 } }] }
frameworks:
  - name: t
    workload: { trace: { format: csv, file: ${trace} } }
`);
    const replay = (summary.traces as Record<string, { replay: Record<string, unknown> }>)['t']!.replay;
    // Expected from the task table: each job's first start minus its submit, minus the recorded wait.
    const recorded: Record<string, number> = { 't/j1': 0, 't/j2': 50, 't/j3': 500 };
    const firstStart = new Map<string, number>();
    for (const t of tasks) {
      const id = String(t.job_id);
      const start = Number(t.start_time) - Number(t.submit_time);
      firstStart.set(id, Math.min(firstStart.get(id) ?? Infinity, start));
    }
    const diffs = Object.keys(recorded).map((id) => firstStart.get(id)! - recorded[id]!);
    expect(replay.jobs).toBe(3); // j4 records no wait
    expect(replay.not_started).toBe(0);
    expect(replay.difference).toEqual(differenceFigures(Float64Array.from(diffs)));
    expect((replay.recorded_wait as { mean: number }).mean).toBeCloseTo(550 / 3, 9);
    // The jobs queue behind each other on the one agent, so j3 waits at least 200 s.
    expect(firstStart.get('t/j3')!).toBeGreaterThanOrEqual(200);
  });

  it('computes the difference figures', () => {
    const d = differenceFigures(Float64Array.from([-10, 0, 10, 40]));
    // R-7 quantiles of the sorted values -10, 0, 10, 40: p5 at rank 0.15, p50 at 1.5, p95 at 2.85.
    const expected = { mean: 10, mean_abs: 15, min: -10, p5: -8.5, p50: 5, p95: 35.5, max: 40 };
    for (const [k, v] of Object.entries(expected)) expect(d[k as keyof typeof d]).toBeCloseTo(v, 9);
    expect(differenceFigures(new Float64Array(0)).mean).toBeNull();
  });

  it('adds no traces section to a run without trace workloads', () => {
    const { summary } = run(`
name: plain
cluster: { agents: [{ resources: { cpus: 1 } }] }
frameworks: [{ name: f, workload: { jobs: [{ submit: 0, resources: { cpus: 1 }, duration: 1 }] } }]
`);
    expect('traces' in summary).toBe(false);
  });
});

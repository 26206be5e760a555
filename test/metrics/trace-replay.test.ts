import { describe, expect, it } from 'vitest';
import { MemoryTable } from '../../src/metrics/sinks.js';
import { runScenario } from '../../src/run.js';
import { parseScenario } from '../../src/scenario/load.js';
import { differenceFigures, traceReplay } from '../../src/metrics/trace-replay.js';
import { nullObserver, type RunObserver } from '../../src/master/observer.js';
import type { Task } from '../../src/model/task.js';
import type { WorldSpec } from '../../src/world.js';
import { traceSource } from '../../src/workload/traces/index.js';
import { FIXTURES, space, spec, tempFile } from '../workload/traces/support.js';

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

describe('the replay figures in a checkpoint', () => {
  /** A world spec of two frameworks, the first replaying `trace`, as traceReplay reads it. */
  const world = (trace: string) => ({ frameworks: [{ name: 't', jobs: traceSource(spec('csv', trace), space, 't') }, { name: 's', jobs: { next: () => undefined } }] }) as unknown as WorldSpec;
  const started = (observer: RunObserver, jobId: string, submit: number, now: number): void =>
    observer.taskStarted({ job: { framework: 0, id: `t/${jobId}`, submit } } as unknown as Task, now);

  it('are saved and taken back: the figures at the end are the uninterrupted run’s', () => {
    const trace = tempFile('saved-waits.csv', 'id,submit,tasks,duration,cpus,wait\nj1,0,1,10,1,5\nj2,1,1,10,1,7\nj3,2,1,10,1,9\n');
    const source = (w: WorldSpec) => w.frameworks[0]!.jobs;
    const a = world(trace);
    const first = traceReplay(nullObserver, a);
    for (let i = 0; i < 3; i++) source(a).next();
    started(first.observer, 'j1', 0, 4);
    const saved = { source: source(a).saveState!(), figures: first.state!.saveState() };
    const b = world(trace);
    const again = traceReplay(nullObserver, b);
    source(b).loadState!(saved.source);
    again.state!.loadState(saved.figures);
    started(again.observer, 'j2', 1, 20);
    const w = world(trace);
    const uninterrupted = traceReplay(nullObserver, w);
    for (let i = 0; i < 3; i++) source(w).next();
    started(uninterrupted.observer, 'j1', 0, 4);
    started(uninterrupted.observer, 'j2', 1, 20);
    const replay = again.report()!['t']!.replay!;
    expect(replay).toEqual(uninterrupted.report()!['t']!.replay);
    expect([replay.jobs, replay.not_started, replay.difference.min, replay.difference.max]).toEqual([2, 1, -1, 12]);
  });

  it('refuse figures of another set of frameworks, or values missing', () => {
    const trace = tempFile('refused-waits.csv', 'id,submit,tasks,duration,cpus,wait\nj1,0,1,10,1,5\n');
    const state = traceReplay(nullObserver, world(trace)).state!;
    const values = { recorded: new Float64Array(1), simulated: new Float64Array(1), difference: new Float64Array(1) };
    expect(() => state.loadState([values])).toThrow('replay figures of 1 trace frameworks among 2');
    expect(() => state.loadState([undefined, values])).toThrow('replay figures of 1 trace frameworks among 2');
    expect(() => state.loadState([{ ...values, difference: new Float64Array(0) }, undefined])).toThrow('expected as many recorded, simulated and difference values each');
    state.loadState([values, undefined]);
  });
});

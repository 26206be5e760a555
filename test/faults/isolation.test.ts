import { describe, expect, it } from 'vitest';
import type { TaskClass, TaskFaultsSpec } from '../../src/faults/task/task-class.js';
import type { JobSpec } from '../../src/model/job.js';
import { expectNoLeaks } from '../helpers/leaks.js';
import { agents, buildWorld, framework, job, masterConfig, runToEnd, type Built } from '../helpers/world.js';

/** A world of `nodes` agents and one framework `f` running `jobs`, idealised (tasks start as they arrive). */
function world(mode: TaskFaultsSpec['isolation'], jobs: JobSpec[], cls: TaskClass | undefined, nodes: Record<string, number>, count = 1, extra = {}): Built {
  return buildWorld({
    master: masterConfig({ allocationInterval: 0 }),
    agents: agents(count, nodes),
    frameworks: [framework('f', '*', jobs, extra)],
    taskFaults: { isolation: mode, frameworks: [cls], failures: cls?.failures !== undefined },
  });
}

/** `job` with its own task class. */
const classed = (j: JobSpec, faults: TaskClass): JobSpec => ({ ...j, faults });

const rows = (b: Built) => b.tasks.records().map((r) => ({ id: r.task_id, state: r.state, start: r.start_time, end: r.end_time, attempt: r.attempt }));
const events = (b: Built) => b.events.records().map((r) => ({ time: r.time, kind: r.kind, task: r.task_id, value: r.value, detail: r.detail }));

describe('isolation: enforce (cgroups with a CFS quota)', () => {
  it('throttles a task that wants twice the CPU it asked for: a 10 s task runs 20 s, 10 s reported', () => {
    const b = world('enforce', [job('j', 0, 1, { cpus: 1, mem: 512 }, 10)], { usage: { cpus: 2 } }, { cpus: 4, mem: 4096 });
    const end = runToEnd(b);
    expect(rows(b)).toEqual([{ id: 'f/j/0', state: 'finished', start: 0, end: 20, attempt: 0 }]);
    expect(events(b)).toEqual([{ time: 20, kind: 'task-throttled', task: 'f/j/0', value: 10, detail: '' }]);
    expectNoLeaks(b, end);
  });

  it('reports the stretch so far of a task still running when the run stops', () => {
    const b = buildWorld({
      agents: agents(1, { cpus: 4, mem: 4096 }),
      frameworks: [framework('f', '*', [job('j', 0, 1, { cpus: 1, mem: 512 }, Infinity)])],
      taskFaults: { isolation: 'enforce', frameworks: [{ usage: { cpus: 4 } }], failures: false },
      until: 100,
    });
    const end = runToEnd(b);
    // Started at 0 (the framework's subscription triggers an allocation); at speed 1/4, 100 s of running did 25 s of work.
    expect(rows(b)).toEqual([{ id: 'f/j/0', state: 'running', start: 0, end: '', attempt: 0 }]);
    expect(events(b)).toEqual([{ time: 100, kind: 'task-throttled', task: 'f/j/0', value: 75, detail: 'running' }]);
    expectNoLeaks(b, end);
  });

  it('does not speed up a task that uses less than it asked for, nor let a neighbour use the rest', () => {
    const jobs = [
      classed(job('small', 0, 2, { cpus: 1, mem: 512 }, 10), { usage: { cpus: 0.5 } }),
      classed(job('big', 0, 1, { cpus: 1, mem: 512 }, 10), { usage: { cpus: 2 } }),
    ];
    const b = world('enforce', jobs, undefined, { cpus: 3, mem: 4096 });
    runToEnd(b);
    const ends = Object.fromEntries(rows(b).map((r) => [r.id, r.end]));
    expect(ends).toEqual({ 'f/small/0': 10, 'f/small/1': 10, 'f/big/0': 20 });
  });

  it('OOM-kills a task over its memory limit as it starts (failed), and the framework retries it up to its limit', () => {
    const retry = { on: new Set(['failed'] as const), limit: 2, backoff: 5, backoffFactor: 2, backoffMax: 300 };
    const b = world('enforce', [job('j', 0, 1, { cpus: 1, mem: 1024 }, 10)], { usage: { mem: 1.5 } }, { cpus: 4, mem: 4096 }, 1, { retry });
    const end = runToEnd(b);
    // Attempt k+1 is resubmitted 5 · 2^k s after attempt k failed; each starts at once and is killed at once.
    expect(rows(b)).toEqual([
      { id: 'f/j/0', state: 'failed', start: 0, end: 0, attempt: 0 },
      { id: 'f/j/0', state: 'failed', start: 5, end: 5, attempt: 1 },
      { id: 'f/j/0', state: 'failed', start: 15, end: 15, attempt: 2 },
    ]);
    expect(events(b)).toEqual([0, 5, 15].map((time) => ({ time, kind: 'task-oom-killed', task: 'f/j/0', value: 0, detail: 'limit' })));
    expect(end.metrics.jobs).toEqual({ submitted: 1, completed: 0, unsuccessful: 1 });
    expectNoLeaks(b, end);
  });

  it('leaves a task within its limits alone: same ends as without isolation', () => {
    const b = world('enforce', [job('j', 0, 3, { cpus: 1, mem: 1024 }, 7)], { usage: { cpus: 1, mem: 0.5 } }, { cpus: 4, mem: 4096 });
    runToEnd(b);
    expect(rows(b).map((r) => r.end)).toEqual([7, 7, 7]);
    expect(events(b)).toEqual([]);
  });
});

describe('isolation: none (co-located tasks share the agent)', () => {
  it('two 1-cpu tasks that each want 2 cpus on a 2-cpu agent each take twice as long', () => {
    const b = world('none', [job('j', 0, 2, { cpus: 1, mem: 512 }, 10)], { usage: { cpus: 2 } }, { cpus: 2, mem: 4096 });
    const end = runToEnd(b);
    expect(rows(b).map((r) => [r.start, r.end])).toEqual([[0, 20], [0, 20]]);
    expect(events(b).map((e) => [e.time, e.kind, e.value])).toEqual([[20, 'task-slowed', 10], [20, 'task-slowed', 10]]);
    expectNoLeaks(b, end);
  });

  it('reports the slowdown so far of tasks still running when the run stops', () => {
    const b = buildWorld({
      agents: agents(1, { cpus: 2, mem: 4096 }),
      frameworks: [framework('f', '*', [job('j', 0, 2, { cpus: 1, mem: 512 }, Infinity)])],
      taskFaults: { isolation: 'none', frameworks: [{ usage: { cpus: 2 } }], failures: false },
      until: 50,
    });
    runToEnd(b);
    // Both from 0 at speed 1/2: 25 s of work in 50 s.
    expect(events(b).map((e) => [e.time, e.kind, e.value, e.detail])).toEqual([[50, 'task-slowed', 25, 'running'], [50, 'task-slowed', 25, 'running']]);
  });

  it('recomputes finish times when a task starts or ends on the agent (worked by hand)', () => {
    // A alone from 0 to 4 (wants 2 of 2 cpus: full speed, 4 s of work done). B arrives at 4: both
    // want 4 of 2, speed 1/2; A's remaining 6 s of work take 12 s, so A ends at 16. By then B has
    // done 6 s of work; alone again at full speed, its remaining 4 s end it at 20.
    const jobs = [job('a', 0, 1, { cpus: 1, mem: 512 }, 10), job('b', 4, 1, { cpus: 1, mem: 512 }, 10)];
    const b = world('none', jobs, { usage: { cpus: 2 } }, { cpus: 2, mem: 4096 });
    const end = runToEnd(b);
    expect(rows(b).map((r) => [r.id, r.start, r.end])).toEqual([
      ['f/a/0', 0, 16],
      ['f/b/0', 4, 20],
    ]);
    expect(events(b).map((e) => [e.task, e.value])).toEqual([
      ['f/a/0', 6],
      ['f/b/0', 6],
    ]);
    expectNoLeaks(b, end);
  });

  it('lets a task use what its neighbours leave: no slowdown while the CPUs wanted fit the agent', () => {
    const jobs = [
      classed(job('small', 0, 2, { cpus: 1, mem: 512 }, 10), { usage: { cpus: 0.5 } }),
      classed(job('big', 0, 1, { cpus: 1, mem: 512 }, 10), { usage: { cpus: 2 } }),
    ];
    const b = world('none', jobs, undefined, { cpus: 3, mem: 4096 });
    runToEnd(b);
    expect(rows(b).map((r) => r.end)).toEqual([10, 10, 10]);
    expect(events(b)).toEqual([]);
  });

  it('the kernel OOM killer kills the task using the most memory when the agent runs out', () => {
    // a uses 3072 MB; b, starting at 5, brings the total to 5120 MB on a 4096 MB agent: a is killed.
    const jobs = [
      classed(job('a', 0, 1, { cpus: 1, mem: 1024 }, 100), { usage: { mem: 3 } }),
      classed(job('b', 5, 1, { cpus: 1, mem: 1024 }, 10), { usage: { mem: 2 } }),
    ];
    const b = world('none', jobs, undefined, { cpus: 4, mem: 4096 });
    const end = runToEnd(b);
    expect(rows(b).map((r) => [r.id, r.state, r.end])).toEqual([
      ['f/a/0', 'failed', 5],
      ['f/b/0', 'finished', 15],
    ]);
    expect(events(b)).toEqual([{ time: 5, kind: 'task-oom-killed', task: 'f/a/0', value: 5, detail: 'agent' }]);
    expectNoLeaks(b, end);
  });

  it('a task over its request is not killed while the agent has the memory (no limit without isolation)', () => {
    const b = world('none', [job('j', 0, 1, { cpus: 1, mem: 1024 }, 10)], { usage: { mem: 3 } }, { cpus: 4, mem: 4096 });
    runToEnd(b);
    expect(rows(b)).toEqual([{ id: 'f/j/0', state: 'finished', start: 0, end: 10, attempt: 0 }]);
  });

  it('nothing leaks when slowed tasks are lost with their agent or killed with their framework', () => {
    const jobs = [job('j', 0, 6, { cpus: 1, mem: 512 }, 30)];
    const b = buildWorld({
      master: masterConfig({ allocationInterval: 0 }),
      agents: agents(2, { cpus: 4, mem: 4096 }),
      frameworks: [framework('f', '*', jobs), framework('g', '*', [job('k', 1, 2, { cpus: 1, mem: 512 }, Infinity)], { unregisterAt: 12 })],
      timeline: [{ at: 8, kind: 'agent-remove', agent: 0 }],
      taskFaults: { isolation: 'none', frameworks: [{ usage: { cpus: 3 } }, { usage: { cpus: 2 } }], failures: false },
    });
    const end = runToEnd(b);
    const states = b.tasks.records().map((r) => r.state);
    expect(states).toContain('lost');
    expect(states).toContain('killed');
    expect(events(b).some((e) => e.kind === 'task-slowed')).toBe(true);
    expectNoLeaks(b, end);
  });
});

describe('isolation: determinism and cost', () => {
  it('draws usage once per task from faults/usage/<framework>: the same seed gives the same slowdowns', () => {
    const run = (seed: number) => {
      const cls: TaskClass = { usage: { cpus: { dist: 'uniform', min: 0.5, max: 2 }, mem: { dist: 'uniform', min: 0.5, max: 1.6 } } };
      const jobs = [job('j', 0, 40, { cpus: 1, mem: 1024 }, 10)];
      const b = buildWorld({ agents: agents(4, { cpus: 4, mem: 4096 }), frameworks: [framework('f', '*', jobs)], taskFaults: { isolation: 'none', frameworks: [cls], failures: false } }, 'drf', seed);
      const end = runToEnd(b);
      expectNoLeaks(b, end);
      return { tasks: b.tasks.records(), events: b.events.records() };
    };
    const a = run(3);
    expect(run(3)).toEqual(a);
    expect(run(4).events).not.toEqual(a.events);
    expect(a.events.length).toBeGreaterThan(5);
  });

  it('without task fault models no task-due event is scheduled: tasks end by task-finish', () => {
    const b = buildWorld({ agents: agents(1, { cpus: 4, mem: 4096 }), frameworks: [framework('f', '*', [job('j', 0, 2, { cpus: 1, mem: 1 }, 5)])] });
    const kinds: string[] = [];
    const agenda = b.world.sim.agenda;
    const spy = agenda.schedule.bind(agenda);
    agenda.schedule = (delay, event, priority) => (kinds.push(event.kind), spy(delay, event, priority));
    runToEnd(b);
    expect(kinds.filter((k) => k === 'task-finish')).toHaveLength(2);
    expect(kinds).not.toContain('task-due');
  });
});

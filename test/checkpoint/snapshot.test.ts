/**
 * Snapshots (src/checkpoint/snapshot.ts): the kernel's state and the shared
 * objects it refers to go through JSON and come back as the same graph; the
 * restored kernel handles the same events in the same order; a random
 * stream restored draws what the saved one would have drawn.
 */
import { describe, expect, it } from 'vitest';
import { decodeSnapshot, encodeSnapshot, TASK_FIELDS, type BuiltKind, type SnapshotContext } from '../../src/checkpoint/snapshot.js';
import { RecordingRandom } from '../../src/checkpoint/state.js';
import { Priority, Simulation, type KernelState } from '../../src/core/simulation.js';
import { Task, type JobRecord } from '../../src/model/task.js';

const job = (id: string): JobRecord => ({ id, framework: 0, submit: 3, bid: 0, priority: 1, pool: undefined, gang: false, estimate: undefined, live: 2, unsuccessful: 0, lastEnd: -1, firstStart: -1 });

type Ev = { readonly kind: 'go'; readonly name: string; readonly task: Task } | { readonly kind: 'stop'; readonly name: string; readonly tasks: readonly Task[] };

/** A simulation that logs each event's time, name and the tasks it carries (as the objects). */
function logged(log: [number, string, Task[]][]): Simulation<Ev> {
  return new Simulation<Ev>({
    go: (e, now) => log.push([now, e.name, [e.task]]),
    stop: (e, now) => log.push([now, e.name, [...e.tasks]]),
  });
}

/** A JSON file's trip: what a checkpoint holds is the encoded graph as text. */
const throughJson = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

class Agentish {
  constructor(readonly index: number) {}
}

describe('snapshots', () => {
  it('writes every own field of a task', () => {
    const t = new Task(job('f/j'), 0, new Float64Array([1000, 512]), 10);
    expect(Object.keys(t).sort()).toEqual([...TASK_FIELDS].sort());
  });

  it('restores the kernel: the count, the clock, and the events to come in their order, sharing their tasks', () => {
    const j = job('f/j');
    const a = new Task(j, 0, new Float64Array([1000, 512]), Infinity);
    const b = new Task(j, 1, new Float64Array([2000, -0]), 7.5, 1, 4);
    b.state = 'running';
    b.agent = 3;
    b.prefer = [3, 4];
    const schedule = (sim: Simulation<Ev>): void => {
      sim.schedule(1, { kind: 'go', name: 'first', task: a });
      sim.schedule(2, { kind: 'go', name: 'b-late', task: b }, Priority.Late);
      sim.schedule(2, { kind: 'stop', name: 'both', tasks: [a, b] });
      sim.schedule(2, { kind: 'go', name: 'b-normal', task: b });
      sim.schedule(9, { kind: 'go', name: 'last', task: a });
    };
    const whole: [number, string, Task[]][] = [];
    const uninterrupted = logged(whole);
    schedule(uninterrupted);
    uninterrupted.run();

    const before: [number, string, Task[]][] = [];
    const saved = logged(before);
    schedule(saved);
    saved.run(1.5);
    const ctx: SnapshotContext = { built: [] };
    const encoded = throughJson(encodeSnapshot(saved.saveState(), ctx));

    const after: [number, string, Task[]][] = [];
    const restored = logged(after);
    restored.loadState(decodeSnapshot(encoded, ctx) as KernelState<Ev>);
    expect(restored.now).toBe(1.5);
    expect(restored.processed).toBe(1);
    expect(restored.pending).toBe(4);
    restored.run();
    expect(restored.processed).toBe(5);
    expect([...before, ...after].map(([t, n]) => `${t}:${n}`)).toEqual(whole.map(([t, n]) => `${t}:${n}`));
    expect(after.map(([t, n]) => `${t}:${n}`)).toEqual(['2:both', '2:b-normal', '2:b-late', '9:last']);
    // One object per task, as before: the events that shared one share its copy.
    const [both, bNormal, bLate, last] = after.map(([, , tasks]) => tasks);
    expect(both![0]).toBe(last![0]);
    expect(both![1]).toBe(bNormal![0]);
    expect(both![1]).toBe(bLate![0]);
    expect(both![0]).not.toBe(a);
    expect(both![0]!.job).toBe(both![1]!.job);
    const copy = both![1]!;
    expect(copy).toBeInstanceOf(Task);
    expect(copy.id).toBe('f/j/1');
    expect([copy.state, copy.agent, copy.duration, copy.attempt, copy.submit, copy.prefer]).toEqual(['running', 3, 7.5, 1, 4, [3, 4]]);
    expect(Object.is(copy.resources[1], -0)).toBe(true);
    expect(both![0]!.duration).toBe(Infinity);
  });

  it('writes built objects as keys and gives back the restored world\'s', () => {
    const saving = [new Agentish(0), new Agentish(1)];
    const restoring = [new Agentish(0), new Agentish(1)];
    const kind = (agents: Agentish[]): BuiltKind => ({
      name: 'Agent',
      key: (v) => (v instanceof Agentish ? v.index : undefined),
      get: (k) => agents[k as number]!,
    });
    const state = { on: new Map([[saving[0]!, 'a'], [saving[1]!, 'b']]), first: saving[0] };
    const back = decodeSnapshot(throughJson(encodeSnapshot(state, { built: [kind(saving)] })), { built: [kind(restoring)] }) as typeof state;
    expect([...back.on.keys()]).toEqual(restoring);
    expect(back.on.get(restoring[1]!)).toBe('b');
    expect(back.first).toBe(restoring[0]);
  });

  it('refuses an object that is not data, naming where it is', () => {
    expect(() => encodeSnapshot({ master: { books: [1, new Agentish(4)] } }, { built: [] })).toThrow(/snapshot: Cannot stringify arbitrary non-POJOs at \.master\.books\[1\]/);
    expect(() => decodeSnapshot({ not: 'a graph' }, { built: [] })).toThrow(/not an encoded graph/);
  });

  it('restores random streams where the saved run left them, made before or after the restore', () => {
    const draws = (r: RecordingRandom, name: string, n: number): number[] => {
      const s = r.stream(name);
      return Array.from({ length: n }, () => s.next());
    };
    const saved = new RecordingRandom(7);
    const net = saved.stream('network');
    for (let i = 0; i < 5; i++) net.next();
    draws(saved, 'master/shuffle', 3);
    const states = throughJson(saved.states()) as ReturnType<RecordingRandom['states']>;
    const expected = { network: Array.from({ length: 4 }, () => net.next()) };

    const restored = new RecordingRandom(7);
    const net2 = restored.stream('network');
    net2.next();
    restored.restore(states);
    expect(Array.from({ length: 4 }, () => net2.next())).toEqual(expected.network);
    // Made after the restore: from its saved state, not its seed.
    const fresh = draws(new RecordingRandom(7), 'master/shuffle', 6).slice(3);
    expect(draws(restored, 'master/shuffle', 3)).toEqual(fresh);
    expect(() => new RecordingRandom(7).restore([])).not.toThrow();
    const other = new RecordingRandom(7);
    other.stream('arrivals');
    expect(() => other.restore(states)).toThrow(/the saved run made network, master\/shuffle; this one arrivals/);
  });
});

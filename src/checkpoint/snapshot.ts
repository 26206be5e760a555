/**
 * Snapshots: a run's state at T as data, for a checkpoint that continues by
 * restoring it (format 3, `restore: 'state'`, docs/checkpoints.md) instead of
 * running the scenario again to T.
 *
 * Each actor owns its snapshot (`Snapshotting`): it says what of its state
 * is data and takes such data back in place of its own. A run continues by
 * building its world from the scenario as any run does (which wires the
 * actors' handlers, observers and random streams), then having every actor
 * restore its state at T.
 *
 * The actors' snapshots are encoded together, as one object graph
 * (`encodeSnapshot`), by devalue: every object reached is written once, in
 * one table, and referred to by its place in it, so that an object two
 * actors share (a task queued by its framework and running on its agent, the
 * offer an event carries and the master keeps) is one object again after
 * restoring. Objects of the model's classes go through the codec's kinds:
 * - run objects, made during the run (`Task`, `QueuedJob`), are written by
 *   value, with their identity;
 * - built objects, made when the world is built (agents, frameworks' records,
 *   roles), are written as a key the restored world looks up
 *   (`SnapshotContext.built`): the restored actors keep their own.
 * An object of any other class is not data: encoding it fails, naming where
 * it was found, which marks an actor whose snapshot is not complete.
 *
 * @module
 */
import { DevalueError, stringify, unflatten } from 'devalue';
import { InvariantError } from '../errors.js';
import { QueuedJob } from '../framework/job-queue.js';
import { Task, type JobRecord, type TaskState } from '../model/task.js';

export type { Snapshotting } from './snapshotting.js';

/** A kind of object made when the world is built: written as a key, looked up again in the restored world. */
export interface BuiltKind {
  /** The kind's name in the encoded graph (letters only). */
  readonly name: string;
  /** Its key when `value` is of this kind (a number or string), else undefined. */
  key(value: unknown): number | string | undefined;
  /** The restored world's object of that key; throws when it has none. */
  get(key: number | string): object;
}

export interface SnapshotContext {
  readonly built: readonly BuiltKind[];
}

/** The encoded graph: devalue's flat table, plain JSON. */
export type EncodedSnapshot = unknown[];

/** A task's fields, in the order written (its constructor's, then its mutable state). */
type TaskFields = [
  job: JobRecord,
  index: number,
  resources: Float64Array,
  duration: number,
  attempt: number,
  submit: number,
  state: TaskState,
  agent: number,
  start: number,
  end: number,
  preempting: boolean,
  pool: string | undefined,
  paid: number,
  retried: boolean,
  prefer: readonly number[] | undefined,
  locality: number,
];

/** Every own field of a Task, as written: a field added to Task and not here fails the snapshot (test/checkpoint/snapshot.test.ts). */
export const TASK_FIELDS = ['job', 'index', 'resources', 'duration', 'attempt', 'submit', 'state', 'agent', 'start', 'end', 'preempting', 'pool', 'paid', 'retried', 'prefer', 'locality'] as const;

const taskFields = (t: Task): TaskFields => [t.job, t.index, t.resources, t.duration, t.attempt, t.submit, t.state, t.agent, t.start, t.end, t.preempting, t.pool, t.paid, t.retried, t.prefer, t.locality];

function taskOf(f: unknown): Task {
  if (!Array.isArray(f) || f.length !== TASK_FIELDS.length) throw new InvariantError(`snapshot: a task of ${Array.isArray(f) ? f.length : 'no'} fields (expected ${TASK_FIELDS.length})`);
  const [job, index, resources, duration, attempt, submit, state, agent, start, end, preempting, pool, paid, retried, prefer, locality] = f as TaskFields;
  if (!(resources instanceof Float64Array) || typeof job !== 'object' || job === null) throw new InvariantError('snapshot: a task without its job or resources');
  const t = new Task(job, index, resources, duration, attempt, submit);
  t.state = state;
  t.agent = agent;
  t.start = start;
  t.end = end;
  t.preempting = preempting;
  t.pool = pool;
  t.paid = paid;
  t.retried = retried;
  t.prefer = prefer;
  t.locality = locality;
  return t;
}

/** A queued job's fields: its constructor's, then where its launches are. */
const queuedFields = (q: QueuedJob): unknown[] => [q.tasks, q.gang, q.locality, q.next, q.need, q.row];

function queuedOf(f: unknown): QueuedJob {
  if (!Array.isArray(f) || f.length !== 6 || !Array.isArray(f[0])) throw new InvariantError('snapshot: a queued job of other fields');
  const q = new QueuedJob(f[0] as Task[], f[1] === true, f[2] as QueuedJob['locality']);
  q.next = f[3] as number;
  q.need = f[4] as QueuedJob['need'];
  q.row = f[5] as number;
  return q;
}

const BUILT_PREFIX = 'built';

/** `state` as one graph of plain JSON; throws an InvariantError naming the place of an object that is not data. */
export function encodeSnapshot(state: unknown, ctx: SnapshotContext): EncodedSnapshot {
  const reducers: Record<string, (value: unknown) => unknown> = {
    Task: (v) => (v instanceof Task ? taskFields(v) : undefined),
    QueuedJob: (v) => (v instanceof QueuedJob ? queuedFields(v) : undefined),
  };
  // (devalue takes a reducer's answer only when it is truthy: a key is written in an array, as [key].)
  for (const kind of ctx.built) {
    reducers[`${BUILT_PREFIX}${kind.name}`] = (v) => {
      const key = kind.key(v);
      return key === undefined ? undefined : [key];
    };
  }
  let text: string;
  try {
    text = stringify(state, reducers);
  } catch (e) {
    if (e instanceof DevalueError) throw new InvariantError(`snapshot: ${e.message} at ${e.path || '(top)'} (expected data: every actor's snapshot holds data, tasks and built objects only)`);
    throw e;
  }
  return JSON.parse(text) as EncodedSnapshot;
}

/** The state `encoded` holds, its built objects the restored world's; throws on a graph that is not one encodeSnapshot makes. */
export function decodeSnapshot(encoded: unknown, ctx: SnapshotContext): unknown {
  const revivers: Record<string, (value: unknown) => unknown> = { Task: taskOf, QueuedJob: queuedOf };
  for (const kind of ctx.built) {
    revivers[`${BUILT_PREFIX}${kind.name}`] = (wrapped) => {
      const key: unknown = Array.isArray(wrapped) && wrapped.length === 1 ? wrapped[0] : undefined;
      if (typeof key !== 'number' && typeof key !== 'string') throw new InvariantError(`snapshot: a ${kind.name} key ${String(key)} (expected a number or a string)`);
      return kind.get(key);
    };
  }
  if (!Array.isArray(encoded) && typeof encoded !== 'number') throw new InvariantError('snapshot: not an encoded graph (expected an array)');
  return unflatten(encoded as number | unknown[], revivers);
}

import { describe, expect, it } from 'vitest';
import { JobQueue, QueuedJob } from '../../src/framework/job-queue.js';
import { Task, type JobRecord } from '../../src/model/task.js';

function jobOf(id: string, tasks: number): Task[] {
  const record: JobRecord = {
    id, framework: 0, submit: 0, bid: 0, priority: 1, pool: undefined, gang: false, estimate: undefined,
    live: tasks, unsuccessful: 0, lastEnd: 0, firstStart: -1,
  };
  return Array.from({ length: tasks }, (_, i) => new Task(record, i, new Float64Array([1000 * (i + 1), 512]), 10));
}

describe('JobQueue', () => {
  it('lets go of an entry\'s tasks once all are launched, even behind a job still waiting', () => {
    const queue = new JobQueue();
    const waiting = new QueuedJob(jobOf('a', 2), false);
    const done = new QueuedJob(jobOf('b', 3), false);
    queue.push(waiting);
    queue.push(done);
    expect(queue.pendingTasks).toBe(5);
    queue.launched(done, 2);
    expect(done.tasks).toHaveLength(3); // one still to launch
    expect(Array.from(done.need!)).toEqual([3000, 512]);
    queue.launched(done, 1);
    // The head is still `waiting`, so `done` stays an entry, but holds no task any more.
    expect(queue.entries[queue.head]).toBe(waiting);
    expect(queue.entries).toContain(done);
    expect(done.tasks).toHaveLength(0);
    expect(done.need).toBeUndefined();
    expect(queue.pendingTasks).toBe(2);
    const seen: QueuedJob[] = [];
    queue.forEachWaiting(Infinity, (job) => (seen.push(job), true));
    expect(seen).toEqual([waiting]);
    expect(queue.drain().map((t) => t.id)).toEqual(['a/0', 'a/1']);
  });
});

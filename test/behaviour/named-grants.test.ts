/**
 * Grants that name their jobs (Grant.forJobs, which `easy` uses): the
 * framework launches from such an offer only tasks of the jobs named, even
 * when an earlier job of its queue would fit, and never keeps one it cannot
 * use (hold_offers). A tiny allocator, granting once on the only agent, stands
 * in for a policy that takes jobs out of their framework's order.
 */
import { describe, expect, it } from 'vitest';
import type { AllocatorFactory, JobView, TaskRequest } from '../../src/allocator/types.js';
import { agents, buildWorld, framework, job, runToEnd } from '../helpers/world.js';
import { offerLog, tasksById } from './support.js';

const ONE = { cpus: 1, mem: 256 };

/** Grants once, on agent 0, what `pick` chooses among the framework's first requests, naming what `name` returns. */
function grantOnce(pick: (requests: readonly TaskRequest[]) => TaskRequest, name: (r: TaskRequest) => JobView): AllocatorFactory {
  return {
    description: 'test: one named grant',
    create: () => {
      let done = false;
      return {
        name: 'named-once',
        reactsToDemand: true,
        allocate(view) {
          const fw = view.frameworks[0]!;
          const requests = fw.requests(10);
          if (done || !fw.active || requests.length < 2) return [];
          done = true;
          const r = pick(requests);
          return [{ framework: 0, agent: 0, resources: new Float64Array(r.resources), forJobs: [name(r)] }];
        },
      };
    },
  };
}

describe('grants that name their jobs', () => {
  const world = (allocator: AllocatorFactory, holdOffers = 0) =>
    buildWorld(
      {
        agents: agents(1, { cpus: 4, mem: 4096 }),
        frameworks: [framework('f', '*', [job('first', 0, 1, ONE, 10), job('second', 0, 1, ONE, 10)], { refuseSeconds: 0, holdOffers })],
        until: 20,
      },
      allocator,
    );

  it("the framework launches the named job's task, not the earlier job's that fits the same offer", () => {
    const b = world(grantOnce((rs) => rs[1]!, (r) => r.job));
    runToEnd(b);
    const tasks = tasksById(b);
    expect(tasks.get('f/second/0')!.start_time).toBe(0);
    expect(tasks.get('f/first/0')!.start_time).toBe('');
    expect(offerLog(b)).toEqual([[0, 'f', 'a-0', 'accepted', 1, 0]]);
  });

  it('an offer named for a job with nothing queued is declined at once, not held', () => {
    // hold_offers 30 would keep an unnamed offer it cannot use for 30 s. The job named is another
    // framework's in spirit: one with no task in this queue.
    const b = world(grantOnce((rs) => rs[1]!, (r) => ({ ...r.job, id: 'f/gone' })), 30);
    runToEnd(b);
    expect(offerLog(b)).toEqual([[0, 'f', 'a-0', 'declined', 0, 0]]);
    expect(tasksById(b).get('f/first/0')!.start_time).toBe('');
  });
});

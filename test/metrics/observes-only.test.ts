/**
 * The metrics collector only observes (docs/architecture.md): over a whole
 * run with every kind of call (tasks submitted, started, finished, lost;
 * offers accepted, declined, rescinded and timed out; tasks live at the
 * end), no call changes a field of the task, job or offer
 * it is shown, nor the master's cluster-wide sums.
 */
import { describe, expect, it } from 'vitest';
import { randomSource } from '../../src/core/random.js';
import { allocatorFactory } from '../../src/allocator/registry.js';
import type { RunObserver } from '../../src/master/observer.js';
import { MetricsCollector } from '../../src/metrics/collector.js';
import { MemoryTable } from '../../src/metrics/sinks.js';
import type { Offer } from '../../src/model/offer.js';
import type { Task } from '../../src/model/task.js';
import { World, type WorldSpec } from '../../src/world.js';
import { observedCluster } from '../../src/observed-cluster.js';
import { agents, framework, job, masterConfig, space } from '../helpers/world.js';

/** The fields of `x` that hold data (numbers, strings, booleans, vectors), one level down into `job`. */
function fields(x: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(x)) {
    if (v instanceof Float64Array) out[k] = Array.from(v);
    else if (k === 'job' && typeof v === 'object' && v !== null) out[k] = fields(v);
    else if (v === null || typeof v !== 'object') out[k] = v;
  }
  return out;
}

describe('the metrics collector', () => {
  it('changes no task, job, offer or cluster sum it observes', () => {
    const spec: WorldSpec = {
      space,
      master: masterConfig({ offerTimeout: 3 }),
      weights: new Map(),
      agents: agents(2, { cpus: 4, mem: 4096 }),
      frameworks: [
        framework('a', 'a', [job('short', 0, 6, { cpus: 1, mem: 256 }, 10), job('long', 5, 4, { cpus: 1, mem: 256 })]),
        // Slow to decide (5 s a job): its offers time out; then it takes what is left.
        framework('b', 'b', [job('slow', 0, 3, { cpus: 2, mem: 512 }, 20)], { perJob: 5 }),
      ],
      timeline: [{ at: 30, kind: 'agent-remove', agent: 1 }],
      until: 60,
      stallTimeout: 3600,
    };
    let world: World | undefined;
    const sinks = { tasks: new MemoryTable(), offers: new MemoryTable(), utilization: new MemoryTable(), jobs: new MemoryTable() };
    const collector = new MetricsCollector(space, observedCluster(spec, () => world!), sinks, { sampleInterval: 5, offers: true });
    const seenTasks = new Set<Task>();
    const seenOffers = new Set<Offer>();
    const sums = () => ({ total: Array.from(world!.master.total), offered: Array.from(world!.master.offered), allocated: Array.from(world!.master.allocated) });
    const calls = new Map<string, number>();
    const ended: string[] = [];
    const outcomes: string[] = [];
    /** Calls `f` and checks that it changed neither `subject` nor the cluster's sums. */
    const unchanged = (name: string, subject: object | undefined, f: () => void): void => {
      calls.set(name, (calls.get(name) ?? 0) + 1);
      const before = subject && fields(subject);
      const sumsBefore = world === undefined ? undefined : sums();
      f();
      if (subject !== undefined) expect(fields(subject), name).toEqual(before);
      if (sumsBefore !== undefined) expect(sums(), name).toEqual(sumsBefore);
    };
    const observer: RunObserver = {
      beforeEvent: (now) => unchanged('beforeEvent', undefined, () => collector.beforeEvent(now)),
      taskSubmitted: (task, now) => (seenTasks.add(task), unchanged('taskSubmitted', task, () => collector.taskSubmitted(task, now))),
      taskStarted: (task, now) => unchanged('taskStarted', task, () => collector.taskStarted(task, now)),
      taskEnded: (task, now) => (ended.includes(task.state) || ended.push(task.state), unchanged('taskEnded', task, () => collector.taskEnded(task, now))),
      offerMade: (offer) => (seenOffers.add(offer), unchanged('offerMade', offer, () => collector.offerMade(offer))),
      offerResolved: (offer, n, now, unused) => (outcomes.includes(offer.outcome!) || outcomes.push(offer.outcome!), unchanged('offerResolved', offer, () => collector.offerResolved(offer, n, now, unused))),
      allocationRun: (info) => unchanged('allocationRun', undefined, () => collector.allocationRun(info)),
      fault: (event, now) => unchanged('fault', undefined, () => collector.fault(event, now)),
    };
    const random = randomSource(7);
    world = new World(spec, allocatorFactory('drf').create({ random: random.stream('allocator'), options: {}, space, pools: [], bids: false }), random, observer);
    const { end } = world.run({ verifyEvery: 1 });
    const before = [...seenTasks, ...seenOffers].map(fields);
    const sumsAtEnd = sums();
    const metrics = collector.finish(end);
    expect([...seenTasks, ...seenOffers].map(fields)).toEqual(before);
    expect(sums()).toEqual(sumsAtEnd);

    // The run exercised what it says: every kind of call (no fault model: no fault call), and
    // every way a task and an offer end. Lost tasks come back as new attempts (the retry policy).
    expect([...calls.keys()].sort()).toEqual(['allocationRun', 'beforeEvent', 'offerMade', 'offerResolved', 'taskEnded', 'taskStarted', 'taskSubmitted']);
    expect(metrics.tasks.submitted).toBe(13 + metrics.tasks.resubmitted);
    expect(ended.sort()).toEqual(['finished', 'lost']);
    expect(outcomes.sort()).toEqual(['accepted', 'declined', 'rescinded']);
    expect(metrics.offers.outstanding_at_end).toBe(seenOffers.size - metrics.offers.accepted - metrics.offers.declined - metrics.offers.rescinded);
    expect(metrics.tasks.at_end_live).toBe(metrics.tasks.submitted - metrics.tasks.finished - metrics.tasks.lost);
  });
});

/**
 * Maintenance, worked out by hand (docs/faults.md#maintenance). Unless a test
 * says otherwise: two agents of 2 cpus (a-0, a-1), one framework with a job
 * of four 1-cpu tasks of 200 s at t=0, allocation interval 1 s, refuse
 * seconds 5, no latency; a-0 is scheduled for maintenance from 100 for 50 s.
 */
import { describe, expect, it } from 'vitest';
import type { MaintenanceWindow } from '../../src/faults/maintenance/operator.js';
import type { MaintenanceResponse } from '../../src/framework/maintenance.js';
import { DEFAULT_RETRY } from '../../src/framework/retry.js';
import type { Latencies } from '../../src/master/config.js';
import type { Unavailability } from '../../src/model/offer.js';
import type { FrameworkSpec, WorldSpec } from '../../src/world.js';
import { expectNoLeaks } from '../helpers/leaks.js';
import { agents, buildWorld, framework, job, masterConfig, runToEnd, type Built } from '../helpers/world.js';
import { lateAgents } from '../behaviour/support.js';

const IGNORE: MaintenanceResponse = { inverseOffers: 'ignore', avoid: false, migrate: false };
const MIGRATE: MaintenanceResponse = { inverseOffers: 'accept', avoid: true, migrate: true };

function world(
  window: Partial<MaintenanceWindow>,
  fw: Partial<FrameworkSpec> = {},
  more: Partial<WorldSpec> = {},
  latency: Partial<Latencies> = {},
): Built {
  return buildWorld({
    agents: agents(2, { cpus: 2, mem: 2048 }),
    frameworks: [framework('f', '*', [job('long', 0, 4, { cpus: 1, mem: 512 }, 200)], fw)],
    maintenance: [{ agents: [0], scheduledAt: 0, start: 100, duration: 50, ...window }],
    master: masterConfig({ latency: { masterToFramework: 0, frameworkToMaster: 0, masterToAgent: 0, agentToMaster: 0, ...latency } }),
    ...more,
  });
}

/** Runs to the end, checking the books after every event and that nothing leaked. */
function run(b: Built) {
  const end = runToEnd(b);
  expectNoLeaks(b, end);
  return end;
}

/** events.csv rows as [time, kind, agent, framework, task_id, value, detail]. */
function events(b: Built, ...kinds: string[]) {
  return b.events
    .records()
    .filter((r) => kinds.length === 0 || kinds.includes(r.kind as string))
    .map((r) => [r.time, r.kind, r.agent, r.framework, r.task_id, r.value, r.detail]);
}

const times = (b: Built, kind: string) => events(b, kind).map((e) => e[0]);

/** tasks.csv rows as "agent attempt start-end state", sorted. */
function tasks(b: Built): string[] {
  return b.tasks
    .records()
    .map((r) => `${r.agent} ${r.attempt} ${r.start_time}-${r.end_time} ${r.state}`)
    .sort();
}

/** Every 5 s from `from` to `to`. */
const every5 = (from: number, to: number) => Array.from({ length: (to - from) / 5 + 1 }, (_, k) => from + 5 * k);

describe('maintenance: a framework that ignores it', () => {
  it('has its tasks on the agent lost at the start of the window, resubmitted, and run once the machine is back up', () => {
    const b = world({}, { maintenance: IGNORE });
    const end = run(b);
    // t=0: both agents are offered and each takes two tasks (no avoidance); a-0's two are
    // lost at 100, resubmitted at once, and wait for a-0 (a-1 is full until 200): it
    // registers again at 150, and they run 150-350.
    expect(tasks(b)).toEqual(['a-0 0 0-100 lost', 'a-0 0 0-100 lost', 'a-0 1 150-350 finished', 'a-0 1 150-350 finished', 'a-1 0 0-200 finished', 'a-1 0 0-200 finished']);
    expect(end.end).toBe(350);
    // One inverse offer, never answered: rescinded when the agent is removed, 100 s after it was sent.
    expect(events(b)).toEqual([
      [0, 'maintenance-scheduled', 'a-0', '', '', 100, ''],
      [0, 'inverse-offer', 'a-0', 'f', '', 100, ''],
      [100, 'maintenance-started', 'a-0', '', '', 2, ''],
      [100, 'inverse-offer-rescinded', 'a-0', 'f', '', 100, 'agent removed'],
      [150, 'maintenance-ended', 'a-0', '', '', 50, ''],
    ]);
    expect(end.metrics.faults.by_kind).toEqual({ 'maintenance-scheduled': 1, 'inverse-offer': 1, 'maintenance-started': 1, 'inverse-offer-rescinded': 1, 'maintenance-ended': 1 });
  });
});

describe('maintenance: a framework that accepts and avoids (the default)', () => {
  it('places no 200 s task on the agent before its window, so nothing is lost', () => {
    const offered: { time: number; agent: number; unavailability: Unavailability | undefined }[] = [];
    const b = buildWorld(
      {
        agents: agents(2, { cpus: 2, mem: 2048 }),
        frameworks: [framework('f', '*', [job('long', 0, 4, { cpus: 1, mem: 512 }, 200)])],
        maintenance: [{ agents: [0], scheduledAt: 0, start: 100, duration: 50 }],
      },
      'drf',
      1,
      {},
      (offer, w) => offered.push({ time: w.sim.now, agent: offer.agent, unavailability: offer.unavailability }),
    );
    run(b);
    // a-1 takes two tasks at 0; a-0's offers carry the unavailability and are declined (200 s
    // would run past 100) every 5 s (refuse_seconds) until 100; the other two run on a-0 after it
    // comes back at 150.
    expect(tasks(b)).toEqual(['a-0 0 150-350 finished', 'a-0 0 150-350 finished', 'a-1 0 0-200 finished', 'a-1 0 0-200 finished']);
    const a0 = offered.filter((o) => o.agent === 0);
    expect(a0.filter((o) => o.time < 100).map((o) => o.time)).toEqual(every5(0, 95).concat([100]).filter((t) => t < 100));
    for (const o of a0) expect(o.unavailability).toEqual(o.time < 150 ? { start: 100, duration: 50 } : undefined);
    for (const o of offered.filter((x) => x.agent === 1)) expect(o.unavailability).toBeUndefined();
    // An inverse offer goes with each of those runs (f holds an offer on a-0), answered at once,
    // accepted; the answer's 5 s filter spaces them 5 s apart. The batch run at 100 comes before
    // the machine goes down.
    expect(times(b, 'inverse-offer')).toEqual(every5(0, 100));
    expect(events(b, 'inverse-offer-answered')).toEqual(every5(0, 100).map((t) => [t, 'inverse-offer-answered', 'a-0', 'f', '', 0, 'accepted']));
    expect(events(b, 'maintenance-started')).toEqual([[100, 'maintenance-started', 'a-0', '', '', 0, '']]);
  });

  it('still places tasks that end before the window on the agent', () => {
    // Two 50 s tasks: one goes on a-0 (ends at 50 <= 100) with the 200 s tasks.
    const b = buildWorld({
      agents: agents(2, { cpus: 2, mem: 2048 }),
      frameworks: [framework('f', '*', [job('long', 0, 2, { cpus: 1, mem: 512 }, 200), job('short', 0, 2, { cpus: 1, mem: 512 }, 50)])],
      maintenance: [{ agents: [0], scheduledAt: 0, start: 100, duration: 50 }],
    });
    const end = run(b);
    expect(tasks(b)).toEqual(['a-0 0 0-50 finished', 'a-0 0 0-50 finished', 'a-1 0 0-200 finished', 'a-1 0 0-200 finished']);
    expect(end.metrics.tasks.lost).toBe(0);
  });

  it("judges a task by its job's user estimate when it has one", () => {
    // The same 50 s tasks, but their job says 150 s (SWF's requested time): 0 + 150 > 100, so
    // they wait for a-1 to be free at 200.
    const short = { ...job('short', 0, 2, { cpus: 1, mem: 512 }, 50), estimate: 150 };
    const b = buildWorld({
      agents: agents(2, { cpus: 2, mem: 2048 }),
      frameworks: [framework('f', '*', [job('long', 0, 2, { cpus: 1, mem: 512 }, 200), short])],
      maintenance: [{ agents: [0], scheduledAt: 0, start: 100, duration: 50 }],
    });
    run(b);
    expect(b.tasks.records().filter((r) => r.job_id === 'f/short').map((r) => r.start_time)).not.toContain(0);
  });

  it('takes back offers outstanding when the schedule is posted, and makes them again with the unavailability', () => {
    // A 3-cpu task fits neither 2-cpu agent; the framework holds the offers (hold_offers 60) from
    // t=0. Posting at 10 rescinds a-0's; the triggered run at 10 offers a-0 again, now carrying
    // the unavailability.
    const unavailable: [number, number, boolean][] = [];
    const b = buildWorld(
      {
        agents: agents(2, { cpus: 2, mem: 2048 }),
        frameworks: [framework('f', '*', [job('big', 0, 1, { cpus: 3, mem: 512 }, 10)], { holdOffers: 60 })],
        maintenance: [{ agents: [0], scheduledAt: 10, start: 100, duration: 50 }],
        until: 20,
      },
      'drf',
      1,
      {},
      (offer, w) => unavailable.push([w.sim.now, offer.agent, offer.unavailability !== undefined]),
    );
    runToEnd(b);
    const a0 = b.offers.records().filter((r) => r.agent === 'a-0');
    expect(a0.map((r) => [r.time, r.outcome])).toEqual([
      [0, 'rescinded'],
      [10, 'outstanding'],
    ]);
    expect(unavailable).toEqual(expect.arrayContaining([[0, 0, false], [10, 0, true]]));
    expect(b.offers.records().filter((r) => r.agent === 'a-1').map((r) => r.outcome)).toEqual(['outstanding']);
  });
});

describe('maintenance: a framework that migrates', () => {
  it('kills its tasks on the agent when the inverse offer comes, and runs them again after the window', () => {
    // Posted at 50, after all four tasks started at 0: the inverse offer at 50 is accepted, and
    // the two 200 s tasks on a-0 (they would run past 100) are killed at once and resubmitted.
    // a-1 is full and a-0 is avoided, so they wait for a-0 to come back at 150.
    const b = world({ scheduledAt: 50 }, { maintenance: MIGRATE });
    const end = run(b);
    expect(tasks(b)).toEqual(['a-0 0 0-50 killed', 'a-0 0 0-50 killed', 'a-0 1 150-350 finished', 'a-0 1 150-350 finished', 'a-1 0 0-200 finished', 'a-1 0 0-200 finished']);
    expect(events(b, 'task-migrated').map(([t, k, a, f, , v]) => [t, k, a, f, v])).toEqual([
      [50, 'task-migrated', 'a-0', 'f', 50],
      [50, 'task-migrated', 'a-0', 'f', 50],
    ]);
    // Two at 50: the batch run's, answered at once (filter to 55); then the resubmitted tasks make
    // the suppressed framework revive, which clears its inverse-offer filters (as in Mesos), and the
    // run it triggers sends another. a-0 is offered again from 51 (declined), so they go on every 5 s.
    expect(times(b, 'inverse-offer')).toEqual([50, ...every5(50, 100)]);
    expect(end.metrics.tasks.lost).toBe(0);
    expect(end.metrics.tasks.killed).toBe(2);
  });

  it('resubmits migrated tasks even when its retry policy would not resubmit a kill', () => {
    const b = world({ scheduledAt: 50 }, { maintenance: MIGRATE, retry: { ...DEFAULT_RETRY, on: new Set(), limit: 0 } });
    run(b);
    expect(tasks(b).filter((t) => t.includes(' 1 '))).toEqual(['a-0 1 150-350 finished', 'a-0 1 150-350 finished']);
  });
});

describe('maintenance: draining', () => {
  it('kills the tasks still running at the end of the grace period, and the agent is drained', () => {
    // Posted at 50; DRAIN_AGENT at 60 with 10 s of grace: a-0 is deactivated (no more offers), its
    // two tasks are killed at 70 and resubmitted ('drained' is in the default retry policy). a-1 is
    // full, so they run on a-0 once it is back at 150.
    const b = world({ scheduledAt: 50, drain: { at: 60, gracePeriod: 10 } });
    const end = run(b);
    expect(tasks(b)).toEqual(['a-0 0 0-70 killed', 'a-0 0 0-70 killed', 'a-0 1 150-350 finished', 'a-0 1 150-350 finished', 'a-1 0 0-200 finished', 'a-1 0 0-200 finished']);
    expect(events(b, 'agent-draining', 'task-drained', 'agent-drained', 'maintenance-started').map(([t, k, a, , task, v]) => [t, k, a, task === '' ? '' : 'task', v])).toEqual([
      [60, 'agent-draining', 'a-0', '', 10],
      [70, 'task-drained', 'a-0', 'task', 70],
      [70, 'task-drained', 'a-0', 'task', 70],
      [70, 'agent-drained', 'a-0', '', 10],
      [100, 'maintenance-started', 'a-0', '', 0],
    ]);
    // f holds tasks on a-0 until their status reaches the master, just after the batch run at 70
    // (the kill was queued at 60, the run at 69), and nothing after (a-0 is deactivated).
    expect(times(b, 'inverse-offer')).toEqual([50, 55, 60, 65, 70]);
    expect(end.metrics.tasks.lost).toBe(0);
    // Deactivated: a-0 is offered nothing from the drain until it comes back up, though it is free from 70.
    expect(b.offers.records().filter((r) => r.agent === 'a-0' && (r.time as number) >= 60 && (r.time as number) < 150)).toEqual([]);
    expect(b.offers.records().some((r) => r.agent === 'a-0' && r.time === 150)).toBe(true);
  });

  it('kills at drain start + latency to the agent + grace; the agent is drained when the last status reaches the master', () => {
    // m→a 0.5, a→m 0.25: DRAIN_AGENT reaches a-0 at 60.5, the kills are at 70.5, their status
    // reaches the master at 70.75.
    const b = world({ scheduledAt: 50, drain: { at: 60, gracePeriod: 10 } }, {}, {}, { masterToAgent: 0.5, agentToMaster: 0.25 });
    run(b);
    const killed = b.tasks.records().filter((r) => r.state === 'killed');
    expect(killed.map((r) => r.end_time)).toEqual([70.5, 70.5]);
    expect(events(b, 'agent-drained')).toEqual([[70.75, 'agent-drained', 'a-0', '', '', 10.75, '']]);
  });

  it('by default starts grace_period before the window, and kills before the machine goes down at the same instant', () => {
    // The scenario default: drain at start − grace = 80; kills at 100, before /machine/down at 100.
    const b = world({ scheduledAt: 50, drain: { at: 80, gracePeriod: 20 } });
    run(b);
    expect(b.tasks.records().filter((r) => r.agent === 'a-0' && r.attempt === 0).map((r) => [r.end_time, r.state])).toEqual([
      [100, 'killed'],
      [100, 'killed'],
    ]);
    expect(events(b, 'maintenance-started')).toEqual([[100, 'maintenance-started', 'a-0', '', '', 0, '']]);
  });

  it('does not resubmit drained tasks when the retry policy leaves drained out', () => {
    const b = world({ scheduledAt: 50, drain: { at: 60, gracePeriod: 10 } }, { retry: { ...DEFAULT_RETRY, on: new Set(['preempted', 'lost']) } });
    const end = run(b);
    expect(tasks(b)).toEqual(['a-0 0 0-70 killed', 'a-0 0 0-70 killed', 'a-1 0 0-200 finished', 'a-1 0 0-200 finished']);
    expect(end.metrics.jobs).toEqual({ submitted: 1, completed: 0, unsuccessful: 1 });
  });

  it('lets tasks that end within the grace period finish', () => {
    // A 65 s task on each agent... a-0's ends at 65, before the kill at 70.
    const b = buildWorld({
      agents: agents(2, { cpus: 2, mem: 2048 }),
      frameworks: [framework('f', '*', [job('mid', 0, 4, { cpus: 1, mem: 512 }, 65)])],
      maintenance: [{ agents: [0], scheduledAt: 50, start: 100, duration: 50, drain: { at: 60, gracePeriod: 10 } }],
    });
    run(b);
    expect(tasks(b)).toEqual(['a-0 0 0-65 finished', 'a-0 0 0-65 finished', 'a-1 0 0-65 finished', 'a-1 0 0-65 finished']);
    expect(events(b, 'task-drained', 'agent-drained')).toEqual([[65, 'agent-drained', 'a-0', '', '', 5, '']]);
  });
});

describe('maintenance: inverse offers', () => {
  it('waits for the filter of an answer: refuse_seconds 30 spaces them 30 s apart', () => {
    const b = world({ scheduledAt: 50 }, { refuseSeconds: 30 });
    run(b);
    expect(times(b, 'inverse-offer')).toEqual([50, 80]);
  });

  it('revive clears the inverse-offer filters', () => {
    // As above, but a job arrives at 60: f was suppressed (nothing queued), so it revives, which
    // clears its filters and triggers a run over all agents: an inverse offer at 60, then 90.
    const b = buildWorld({
      agents: agents(2, { cpus: 2, mem: 2048 }),
      frameworks: [framework('f', '*', [job('long', 0, 4, { cpus: 1, mem: 512 }, 200), job('more', 60, 1, { cpus: 1, mem: 512 }, 10)], { refuseSeconds: 30 })],
      maintenance: [{ agents: [0], scheduledAt: 50, start: 100, duration: 50 }],
    });
    run(b);
    expect(times(b, 'inverse-offer')).toEqual([50, 60, 90]);
  });

  it('are declined by a framework that declines them, after the inverse_offers latency', () => {
    const b = world({ scheduledAt: 50 }, { maintenance: { inverseOffers: 'decline', avoid: true, migrate: false }, refuseSeconds: 30 }, {}, {
      messages: { inverse_offers: 2 },
    });
    run(b);
    // Sent at 50, received and answered at 52; the filter runs from 52 to 82: the next is sent at 82.
    expect(events(b, 'inverse-offer', 'inverse-offer-answered')).toEqual([
      [50, 'inverse-offer', 'a-0', 'f', '', 100, ''],
      [52, 'inverse-offer-answered', 'a-0', 'f', '', 2, 'declined'],
      [82, 'inverse-offer', 'a-0', 'f', '', 100, ''],
      [84, 'inverse-offer-answered', 'a-0', 'f', '', 2, 'declined'],
    ]);
  });

  it('unanswered, are rescinded after offer_timeout, and sent again', () => {
    const b = world({ scheduledAt: 0 }, { maintenance: IGNORE }, { master: masterConfig({ offerTimeout: 30 }) });
    run(b);
    expect(times(b, 'inverse-offer')).toEqual([0, 30, 60, 90]);
    expect(events(b, 'inverse-offer-rescinded').map(([t, , , , , v, d]) => [t, v, d])).toEqual([
      [30, 30, 'offer timeout'],
      [60, 30, 'offer timeout'],
      [90, 30, 'offer timeout'],
      [100, 10, 'agent removed'],
    ]);
  });

  it('go only to frameworks with resources on the agent', () => {
    // g's one task runs on a-1 (a-0 is full of f's tasks from 0 and a-1 has room for one more).
    const b = buildWorld({
      agents: agents(2, { cpus: 3, mem: 3072 }),
      frameworks: [
        framework('f', 'f', [job('long', 0, 4, { cpus: 1, mem: 512 }, 200)], { maintenance: IGNORE }),
        framework('g', 'g', [job('one', 10, 1, { cpus: 1, mem: 512 }, 200)], { maintenance: IGNORE, registerAt: 10 }),
      ],
      maintenance: [{ agents: [0], scheduledAt: 50, start: 100, duration: 50 }],
    });
    run(b);
    const onA0 = new Set(b.tasks.records().filter((r) => r.agent === 'a-0' && r.attempt === 0).map((r) => r.framework));
    expect(events(b, 'inverse-offer').map((e) => e[3])).toEqual([...onA0].sort());
  });
});

describe('maintenance: machines down and up', () => {
  it('an agent that tries to register while its machine is down registers when it comes up', () => {
    const b = buildWorld({
      agents: [...agents(1, { cpus: 2, mem: 2048 }), ...lateAgents(1, { cpus: 2, mem: 2048 }, 'late')],
      frameworks: [framework('f', '*', [job('long', 0, 4, { cpus: 1, mem: 512 }, 200)])],
      timeline: [{ at: 120, kind: 'agent-register', agent: 1 }],
      maintenance: [{ agents: [1], scheduledAt: 0, start: 100, duration: 50 }],
    });
    run(b);
    expect(tasks(b)).toEqual(['a-0 0 0-200 finished', 'a-0 0 0-200 finished', 'late-0 0 150-350 finished', 'late-0 0 150-350 finished']);
    // No agent was registered at 100: nothing is lost.
    expect(events(b, 'maintenance-started')).toEqual([[100, 'maintenance-started', 'late-0', '', '', 0, '']]);
  });

  it('an agent removed for good before its window stays away', () => {
    const b = world({}, { maintenance: IGNORE }, { timeline: [{ at: 50, kind: 'agent-remove', agent: 0 }] });
    run(b);
    expect(b.tasks.records().filter((r) => r.agent === 'a-0' && r.state !== 'lost')).toEqual([]);
    expect(b.world.agents[0]!.registered).toBe(false);
  });
});

describe('maintenance: determinism', () => {
  it('the same seed gives the same faults and tasks, with drawn latencies', () => {
    const once = (seed: number) => {
      const b = buildWorld(
        {
          agents: agents(4, { cpus: 2, mem: 2048 }),
          frameworks: [
            framework('f', '*', [job('long', 0, 6, { cpus: 1, mem: 512 }, 200), job('short', 20, 6, { cpus: 1, mem: 512 }, 40)], { maintenance: MIGRATE }),
            framework('g', '*', [job('g', 5, 6, { cpus: 1, mem: 512 }, 150)], { maintenance: IGNORE }),
          ],
          maintenance: [
            { agents: [0, 1], scheduledAt: 10, start: 100, duration: 50, drain: { at: 80, gracePeriod: 15 } },
            { agents: [2], scheduledAt: 120, start: 200, duration: 60 },
          ],
          master: masterConfig({ latency: { masterToFramework: { dist: 'exponential', mean: 0.3 }, frameworkToMaster: 0.1, masterToAgent: { dist: 'uniform', min: 0, max: 1 }, agentToMaster: 0.2 } }),
        },
        'drf',
        seed,
      );
      run(b);
      return { events: b.events.records(), tasks: b.tasks.records() };
    };
    const a = once(3);
    expect(once(3)).toEqual(a);
    expect(a.events.length).toBeGreaterThan(10);
    expect(new Set(a.events.map((e) => e.kind))).toEqual(
      new Set(['maintenance-scheduled', 'inverse-offer', 'inverse-offer-answered', 'task-migrated', 'agent-draining', 'task-drained', 'agent-drained', 'maintenance-started', 'inverse-offer-rescinded', 'maintenance-ended']),
    );
  });
});

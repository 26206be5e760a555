/**
 * The framework option hold_offers: an offer the framework cannot use is kept
 * unanswered for that many seconds (Aurora's min_offer_hold_time), then
 * declined; it is used at once if work that fits arrives meanwhile, and the
 * master's offer_timeout takes it back first when shorter. Every figure below
 * is worked out by hand from the rules in docs/mesos-model.md.
 */
import { describe, expect, it } from 'vitest';
import { agents, buildWorld, framework, job, masterConfig, runToEnd } from '../helpers/world.js';
import { offerLog, tasksById } from './support.js';

const AGENT = { cpus: 4, mem: 4096 };

describe('hold_offers', () => {
  // One 4-cpu agent; the only job needs 8 cpus, so no offer is ever usable. The framework never
  // suppresses (it has work), declines with refuse 5 s; batch runs every second.
  const unusable = (holdOffers: number, offerTimeout: number | null = null) =>
    buildWorld({
      master: masterConfig({ offerTimeout }),
      agents: agents(1, AGENT),
      frameworks: [framework('f', '*', [job('big', 0, 1, { cpus: 8, mem: 1024 })], { refuseSeconds: 5, holdOffers })],
      until: 60,
    });

  it('off (0): an unusable offer is declined at once and comes back when its 5 s filter is gone', () => {
    const b = unusable(0);
    runToEnd(b);
    // Offered at 0 (subscription), filtered until 5 (the tick at c + T no longer sees it), so 0, 5,
    // ..., 60 (the run's last instant is still processed).
    expect(offerLog(b).map(([t, , , o, , rt]) => [t, o, rt])).toEqual(
      [0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60].map((t) => [t, 'declined', 0]),
    );
  });

  it('20 s: each offer is held 20 s, then declined with the 5 s filter: offers at 0, 25, 50', () => {
    const b = unusable(20);
    runToEnd(b);
    // Declined at 20, filtered until 25, offered at the tick at 25, held to 45, filtered to 50, ...
    expect(offerLog(b).map(([t, , , o, , rt]) => [t, o, rt])).toEqual([
      [0, 'declined', 20],
      [25, 'declined', 20],
      [50, 'outstanding', ''],
    ]);
  });

  it('offer_timeout shorter than the hold rescinds the held offer; it comes back unfiltered at once', () => {
    const b = unusable(20, 8);
    runToEnd(b, 1);
    // Rescinded at 8 with no filter. The timeout was scheduled at 0, before the tick at 8 (scheduled
    // at 7), so the tick at 8 already offers the agent again: 0, 8, 16, ... each rescinded after 8 s.
    // The framework forgets a rescinded offer: its own hold expiring later answers nothing.
    const log = offerLog(b).map(([t, , , o, , rt]) => [t, o, rt]);
    expect(log).toEqual([0, 8, 16, 24, 32, 40, 48].map((t) => [t, 'rescinded', 8]).concat([[56, 'outstanding', '']]));
  });

  it('a rescinded offer is forgotten: work arriving later goes to the live offer', () => {
    // As above (hold 20, offer_timeout 8), plus a 1-cpu job at 9; per_task 0.25 s. The offer of 0 was
    // rescinded at 8 and the agent offered again at 8; at 9 the framework examines the live offer
    // with both queued tasks (0.5 s) and launches the small one at 9.5. Placing it in the rescinded
    // offer instead would fail at the master and send the task back to the queue.
    const b = buildWorld({
      master: masterConfig({ offerTimeout: 8 }),
      agents: agents(1, AGENT),
      frameworks: [
        framework('f', '*', [job('big', 0, 1, { cpus: 8, mem: 1024 }), job('small', 9, 1, { cpus: 1, mem: 1024 }, 5)], {
          perTask: 0.25,
          holdOffers: 20,
        }),
      ],
      until: 20,
    });
    runToEnd(b, 1);
    expect(tasksById(b).get('f/small/0')!.start_time).toBe(9.5);
    expect(offerLog(b).slice(0, 2)).toEqual([
      [0, 'f', 'a-0', 'rescinded', 0, 8],
      [8, 'f', 'a-0', 'accepted', 1, 1.5],
    ]);
  });

  it('a held offer is used the moment fitting work arrives, not when its own decline filter runs out', () => {
    // The framework never suppresses, so it is offered the agent at 0 with nothing to run. A 1-cpu
    // job arrives at 10.5. Held: it launches on the held offer at 10.5 (response time 10.5).
    // Declined at once instead: offered and declined at 0, 5 and 10, so at 10.5 the agent is
    // filtered until 15 by the framework's own decline; the job waits for the tick at 15.
    const world = (holdOffers: number) =>
      buildWorld({
        agents: agents(1, AGENT),
        frameworks: [
          framework('f', '*', [job('j', 10.5, 1, { cpus: 1, mem: 1024 }, 5)], { suppressWhenIdle: false, refuseSeconds: 5, holdOffers }),
        ],
        until: 30,
      });
    const held = world(30);
    runToEnd(held, 1);
    expect(tasksById(held).get('f/j/0')!.start_time).toBe(10.5);
    expect(offerLog(held)[0]).toEqual([0, 'f', 'a-0', 'accepted', 1, 10.5]);
    const declined = world(0);
    runToEnd(declined, 1);
    expect(tasksById(declined).get('f/j/0')!.start_time).toBe(15);
  });

  it('work queued during a decision is tried on the held offers as soon as the decision ends', () => {
    // per_job 1 s. At 0 the framework examines two jobs that do not fit the 4-cpu, 4 GB agent (one
    // too wide, one too tall: 2 s) and keeps the offer. A small job arrives at 0.5, mid-decision; at 2
    // the held offer is examined again with all three jobs (3 s), so the small task starts at 5.
    const b = buildWorld({
      agents: agents(1, AGENT),
      frameworks: [
        framework(
          'f',
          '*',
          [
            job('wide', 0, 1, { cpus: 8, mem: 1024 }),
            job('tall', 0, 1, { cpus: 1, mem: 8192 }),
            job('small', 0.5, 1, { cpus: 1, mem: 1024 }, 5),
          ],
          { perJob: 1, holdOffers: 30 },
        ),
      ],
      until: 20,
    });
    runToEnd(b, 1);
    expect(tasksById(b).get('f/small/0')!.start_time).toBe(5);
    expect(offerLog(b)[0]).toEqual([0, 'f', 'a-0', 'accepted', 1, 5]);
  });

  it('a framework that leaves while holding offers answers nothing more (the master takes them back)', () => {
    const b = buildWorld({
      agents: agents(2, AGENT),
      frameworks: [
        framework('h', 'h', [job('big', 0, 1, { cpus: 8, mem: 1024 })], { holdOffers: 50, unregisterAt: 10 }),
        framework('g', 'g', [job('j', 20, 2, { cpus: 4, mem: 1024 }, 5)]),
      ],
    });
    runToEnd(b, 1);
    // h holds both agents from 0 to 10; they return when it leaves and g's job runs at once at 20.
    expect(offerLog(b).filter(([, f]) => f === 'h').map(([t, , , o, , rt]) => [t, o, rt])).toEqual([
      [0, 'rescinded', 10],
      [0, 'rescinded', 10],
    ]);
    expect([0, 1].map((k) => tasksById(b).get(`g/j/${k}`)!.start_time)).toEqual([20, 20]);
  });
  it('offers of one agent held together are accepted as one, for a task larger than any of them (Mesos ACCEPT with several offer ids)', () => {
    // One 4-cpu, 4 GB agent; two 2-cpu tasks start at 0 and end at 5 and 10; a 4-cpu job arrives
    // at 1. The framework holds what it cannot use: the 2 GB left at 0 (offered at the tick at 1),
    // the 2 cpus freed at 5 (offered at the tick at 6: the tick at 5 runs before the status update)
    // and those freed at 10 (offered at 11). At 11 the three offers of the agent together hold the
    // 4-cpu task: it starts at 11, launched on all three, counted on the first.
    const b = buildWorld({
      agents: agents(1, AGENT),
      frameworks: [
        framework(
          'f',
          '*',
          [job('short', 0, 1, { cpus: 2, mem: 1024 }, 5), job('long', 0, 1, { cpus: 2, mem: 1024 }, 10), job('big', 1, 1, { cpus: 4, mem: 1024 }, 5)],
          { holdOffers: 100 },
        ),
      ],
    });
    runToEnd(b, 1);
    expect(tasksById(b).get('f/big/0')!.start_time).toBe(11);
    expect(offerLog(b).map(([t, , , o, n, rt]) => [t, o, n, rt])).toEqual([
      [0, 'accepted', 2, 0],
      [1, 'accepted', 1, 10],
      [6, 'accepted', 0, 5],
      [11, 'accepted', 0, 0],
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { agents, buildWorld, framework, job, masterConfig, runToEnd } from '../helpers/world.js';

/** Times at which framework `name` was offered something, from offers.csv. */
function offerTimes(rows: Record<string, unknown>[], name: string): number[] {
  return rows.filter((r) => r.framework === name).map((r) => r.time as number);
}

describe('decline filters', () => {
  // One agent and one framework whose only task never fits: every offer is declined.
  const declining = (refuseSeconds: number, interval = 1, until = 30) =>
    buildWorld({
      agents: agents(1, { cpus: 4, mem: 4096 }),
      frameworks: [framework('f', '*', [job('big', 0, 1, { cpus: 8, mem: 1024 })], { refuseSeconds })],
      master: masterConfig({ allocationInterval: interval }),
      until,
    });

  it('with refuse_seconds 5 and a 1 s interval, re-offers every 5 s: the run at c+T already sees the filter gone', () => {
    const b = declining(5);
    runToEnd(b);
    expect(offerTimes(b.offers.records(), 'f')).toEqual([0, 5, 10, 15, 20, 25, 30]);
  });

  it('lasts max(allocation_interval, refuse_seconds): refuse 1 with a 3 s interval re-offers every 3 s', () => {
    const b = declining(1, 3);
    runToEnd(b);
    // The filter installed at c lasts 3 s; a batch run at exactly c+3 still sees it (Mesos's timing).
    expect(offerTimes(b.offers.records(), 'f')).toEqual([0, 6, 12, 18, 24, 30]);
  });

  it('refuse_seconds 0 installs no filter: the next batch run offers again', () => {
    const b = declining(0, 1, 5);
    runToEnd(b);
    expect(offerTimes(b.offers.records(), 'f')).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('blocks only offers the declined resources contain: more free resources lift it', () => {
    // f2 subscribes at 0.5 (which triggers a run) and declines the 2 cpus left beside f1's task; when
    // f1's task ends at t=2, the agent has 4 free and is offered again at the next batch run (t=3),
    // long before the 100 s filter ends.
    const b = buildWorld({
      agents: agents(1, { cpus: 4, mem: 4096 }),
      frameworks: [
        framework('f1', 'r1', [job('short', 0, 1, { cpus: 2, mem: 1024 }, 2)], { refuseSeconds: 100 }),
        framework('f2', 'r2', [job('wide', 0, 1, { cpus: 3, mem: 1024 }, 10)], { refuseSeconds: 100, registerAt: 0.5 }),
      ],
      until: 20,
    });
    const { metrics } = runToEnd(b);
    const f2 = b.offers.records().filter((r) => r.framework === 'f2');
    expect(f2.map((r) => [r.time, r.outcome])).toEqual([
      [0.5, 'declined'],
      [3, 'accepted'],
    ]);
    expect(metrics.tasks.finished).toBe(2);
  });

  it('are cleared by revive: new work is offered agents its filters covered', () => {
    // At t=0 the framework takes one of two agents for a 1 s task and declines the other whole,
    // with a 100 s filter; then it has nothing queued and suppresses. Its next job, at t=2.5,
    // revives it, which clears the filters and triggers a run: both agents are offered at once.
    const b = buildWorld({
      agents: agents(2, { cpus: 4, mem: 4096 }),
      frameworks: [
        framework('f', '*', [job('first', 0, 1, { cpus: 1, mem: 1024 }, 1), job('second', 2.5, 1, { cpus: 1, mem: 1024 }, 1)], {
          refuseSeconds: 100,
        }),
      ],
      until: 10,
    });
    runToEnd(b);
    const rows = b.offers.records();
    expect(rows.filter((r) => r.time === 0)).toHaveLength(2);
    expect(rows.filter((r) => r.time === 2.5).map((r) => r.agent).sort()).toEqual(['a-0', 'a-1']);
    expect(rows.filter((r) => r.time !== 0 && r.time !== 2.5)).toEqual([]);
  });

  it('in the idealised mode, hold until the agent frees more or the framework gets work, never by time', () => {
    const b = buildWorld({
      agents: agents(1, { cpus: 4, mem: 4096 }),
      frameworks: [framework('f', '*', [job('big', 0, 1, { cpus: 8, mem: 1024 }), job('later', 3, 1, { cpus: 1, mem: 1024 }, 1)], { refuseSeconds: 100 })],
      master: masterConfig({ allocationInterval: 0 }),
      until: 10,
    });
    runToEnd(b);
    // No periodic runs in this mode: offers come only when demand (t=0, t=3: new work) or
    // resources (t=4: the 1 s task ends, so the agent has more than was declined) change. What
    // the accepted offer at t=3 left unused (3 cpus) is offered again at once, unfiltered, and
    // declined: only that decline holds until t=4.
    expect(b.offers.records().map((r) => [r.time, r.outcome])).toEqual([
      [0, 'declined'],
      [3, 'accepted'],
      [3, 'declined'],
      [4, 'declined'],
    ]);
  });
});

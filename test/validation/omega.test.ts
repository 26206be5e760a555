/**
 * The Omega paper's offer-locking experiment (validation/checks/omega.ts), the
 * same check `npm run validate` makes, over the same cells of the bundled sweeps.
 */
import { describe, expect, it } from 'vitest';
import { OMEGA_REMEDY_SWEEP, OMEGA_SWEEP, OMEGA_TIMEOUT_SWEEP, omegaRows, risesWith, runOmegaSweep } from '../../validation/checks/omega.js';
import { runFile } from '../../validation/checks/run-file.js';

describe('the Omega offer-locking experiment', () => {
  it('batch wait and cpus held in offers rise with the service t_job, and the quota-limit remedy halves both at 100 s', { timeout: 30 * 60_000 }, () => {
    const plain = runOmegaSweep(OMEGA_SWEEP);
    const remedy = runOmegaSweep(OMEGA_REMEDY_SWEEP);
    expect(plain.points.map((p) => p.tJob)).toEqual([0.1, 0.3, 1, 3, 10, 30, 100]);
    const rows = omegaRows(plain, remedy);
    expect(rows.map((r) => [r.check, r.verdict, r.note])).toEqual(rows.map((r) => [r.check, 'pass', r.note]));
    expect(rows).toHaveLength(4);
    // The effect is large, not a matter of noise: at 100 s the batch framework waits over 20 times as long as at 0.1 s.
    expect(plain.points.at(-1)!.batchWait).toBeGreaterThan(20 * plain.points[0]!.batchWait);
  });

  it('offer_timeout is no remedy for a scheduler slower than the timeout: none of its tasks ever starts', { timeout: 30 * 60_000 }, () => {
    const sweep = runOmegaSweep(OMEGA_TIMEOUT_SWEEP, { seeds: [1], tJobs: [3, 10] });
    const ran = runFile('scenarios/validation/omega-offer-locking.yaml', ['master.offer_timeout=10', 'frameworks.2.decision_time.per_job=10'], ['tasks', 'offers']);
    const service = ran.tables.tasks.filter((t) => t.framework === 'service');
    expect(service.filter((t) => t.start_time !== '')).toEqual([]);
    // Every task still waiting at the end is the service's; the batch framework ran all of its own.
    expect(service.length).toBe(ran.summary.tasks.pending);
    // Its offers were all rescinded under it (or declined), never accepted; every rescind was of its offers.
    const serviceOffers = ran.tables.offers.filter((o) => o.framework === 'service');
    expect(serviceOffers.filter((o) => o.outcome === 'accepted')).toEqual([]);
    expect(serviceOffers.filter((o) => o.outcome === 'rescinded').length).toBe(ran.summary.offers.rescinded);
    // Below the timeout (3 s) it is served as without one.
    expect(sweep.points[0]!.serviceWait).toBeLessThan(10);
  });
});

describe('risesWith', () => {
  it('accepts a rise with a dip within 2 % of the range, and rejects a larger dip or no rise', () => {
    expect(risesWith([1, 1, 0.99, 2, 5])).toBe(true); // dip 0.01 of a range of 4
    expect(risesWith([1, 1.2, 0.9, 2, 5])).toBe(false); // dip 0.3 > 0.08
    expect(risesWith([3, 3, 3])).toBe(false);
    expect(risesWith([5, 4, 3])).toBe(false);
  });
});

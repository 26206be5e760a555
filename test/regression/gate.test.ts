import { describe, expect, it } from 'vitest';
import type { SummaryMetric } from '../../src/analysis/summary-metrics.js';
import type { BaselineEntry } from '../../src/regression/baseline.js';
import { checkEntry, gates } from '../../src/regression/gate.js';

const wait: SummaryMetric = { name: 'wait', label: 'wait', better: 'lower', of: () => null };
const util: SummaryMetric = { name: 'util', label: 'util', better: 'higher', of: () => null };
const clock: SummaryMetric = { name: 'clock', label: 'clock', better: 'lower', of: () => null, wallClock: true };
const cpu: SummaryMetric = { name: 'cpu', label: 'cpu', better: 'lower', of: () => null, wallClock: true, cpuTime: true };
const settings = { alpha: 0.05, tolerance: 0.05, tolerances: {} };

const entry = (seeds: number[], metrics: Record<string, (number | null)[]>): BaselineEntry => ({ scenario: 's', set: [], allocator: 'a', seeds, metrics });
const verdict = (cur: BaselineEntry, base: BaselineEntry | undefined, metric = wait, s = settings) => checkEntry('k', cur, base, [metric], s)[0]!;

describe('the regression gate', () => {
  it('equal values are the same; a consistent 20 % rise of a wait over 4 seeds is a regression', () => {
    const base = entry([1, 2, 3, 4], { wait: [10, 20, 30, 40] });
    expect(verdict(entry([1, 2, 3, 4], { wait: [10, 20, 30, 40] }), base).verdict).toBe('same');
    const worse = verdict(entry([1, 2, 3, 4], { wait: [12, 24.5, 35.5, 48] }), base);
    expect(worse.verdict).toBe('regression');
    expect(worse.relative).toBeCloseTo(0.2, 9);
    expect(worse.p!).toBeLessThan(0.05);
  });

  it('the same move is an improvement for a metric where higher is better', () => {
    const base = entry([1, 2, 3, 4], { util: [10, 20, 30, 40] });
    expect(verdict(entry([1, 2, 3, 4], { util: [12, 24.5, 35.5, 48] }), base, util).verdict).toBe('improvement');
  });

  it('a change within tolerance, or not significant, is only "changed"', () => {
    const base = entry([1, 2, 3, 4], { wait: [10, 20, 30, 40] });
    expect(verdict(entry([1, 2, 3, 4], { wait: [10.2, 20.4, 30.6, 40.8] }), base).verdict).toBe('changed'); // +2 %
    expect(verdict(entry([1, 2, 3, 4], { wait: [20, 10, 45, 35] }), base).verdict).toBe('changed'); // +12.5 %, p 0.6
  });

  it('with one seed any change beyond tolerance counts (a run is deterministic)', () => {
    expect(verdict(entry([7], { wait: [11] }), entry([7], { wait: [10] })).verdict).toBe('regression');
    expect(verdict(entry([7], { wait: [10.4] }), entry([7], { wait: [10] })).verdict).toBe('changed');
  });

  it('a wall-clock metric needs three seeds and the test: one slow seed is not a regression', () => {
    expect(verdict(entry([7], { clock: [5] }), entry([7], { clock: [1] }), clock).verdict).toBe('changed');
    const base = entry([1, 2, 3], { clock: [1, 1.1, 0.9] });
    expect(verdict(entry([1, 2, 3], { clock: [3.1, 3.3, 2.8] }), base, clock, { ...settings, tolerances: { clock: 1 } }).verdict).toBe('regression');
  });

  it('pairs by seed, ignoring seeds only one side has; no baseline is "new"', () => {
    const c = verdict(entry([3, 1], { wait: [30, 10] }), entry([1, 2, 3], { wait: [10, 99, 30] }));
    expect(c).toMatchObject({ verdict: 'same', seeds: 2, baseline: 20, current: 20 });
    expect(verdict(entry([1], { wait: [1] }), undefined).verdict).toBe('new');
  });

  it('a baseline of 0 that becomes positive is an infinite relative change', () => {
    const c = verdict(entry([1], { wait: [2] }), entry([1], { wait: [0] }));
    expect(c.relative).toBe(Infinity);
    expect(c.verdict).toBe('regression');
  });

  it('model metrics gate; machine metrics are reported only, and CPU time gates with gateTiming, wall-clock never', () => {
    expect([wait, util, clock, cpu].map((m) => gates(m, settings))).toEqual([true, true, false, false]);
    expect([wait, util, clock, cpu].map((m) => gates(m, { ...settings, gateTiming: true }))).toEqual([true, true, false, true]);
    const base = entry([1, 2, 3], { clock: [1, 1.1, 0.9], cpu: [1, 1.1, 0.9] });
    const slow = entry([1, 2, 3], { clock: [3.1, 3.3, 2.8], cpu: [3.1, 3.3, 2.8] });
    const tolerances = { clock: 1, cpu: 1 };
    const reported = checkEntry('k', slow, base, [clock, cpu], { ...settings, tolerances });
    expect(reported.map((c) => [c.metric, c.verdict, c.gating])).toEqual([['clock', 'regression', false], ['cpu', 'regression', false]]);
    const gated = checkEntry('k', slow, base, [clock, cpu], { ...settings, tolerances, gateTiming: true });
    expect(gated.map((c) => [c.metric, c.verdict, c.gating])).toEqual([['clock', 'regression', false], ['cpu', 'regression', true]]);
  });

  it('a CPU-time metric, like any machine metric, needs three seeds: one slow seed is not a regression', () => {
    const s = { ...settings, gateTiming: true };
    expect(verdict(entry([7], { cpu: [5] }), entry([7], { cpu: [1] }), cpu, s)).toMatchObject({ verdict: 'changed', gating: true });
  });
});

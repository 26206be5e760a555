/**
 * The seed document's application scenarios (section 6), shortened with --set so that each run
 * takes about a second, and the claim each scenario's header makes, checked as an inequality
 * between policies (the figures themselves are in docs/applications.md).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { quantileSorted } from 'd3-array';
import { describe, expect, it } from 'vitest';
import { MemoryTable } from '../../src/metrics/sinks.js';
import { runScenario } from '../../src/run.js';
import { parseScenario } from '../../src/scenario/load.js';

const root = join(import.meta.dirname, '..', '..');

/** Runs a bundled application scenario; returns each framework's sorted task waits (s). */
function waits(name: string, sets: string[]): Map<string, number[]> {
  const text = readFileSync(join(root, 'scenarios', 'applications', `${name}.yaml`), 'utf8');
  const tasks = new MemoryTable();
  runScenario(parseScenario(text, `${name}.yaml`, sets), { tasks, offers: new MemoryTable(), utilization: new MemoryTable() });
  const out = new Map<string, number[]>();
  for (const r of tasks.records()) {
    if (r.start_time === '') continue;
    const fw = String(r.framework);
    if (!out.has(fw)) out.set(fw, []);
    out.get(fw)!.push(Number(r.start_time) - Number(r.submit_time));
  }
  for (const w of out.values()) w.sort((a, b) => a - b);
  return out;
}

const p95 = (w: number[] | undefined): number => quantileSorted(w ?? [], 0.95) ?? NaN;

describe('application scenarios (seed document, section 6)', () => {
  it('customer service: chat answers within a second under pools and bidding, and waits under DRF', () => {
    const sets = ['until=10800'];
    const drf = waits('customer-service', sets);
    const pools = waits('customer-service', [...sets, 'master.allocator=pools']);
    const bidding = waits('customer-service', [...sets, 'master.allocator=bidding']);
    // Hundreds of questions in three hours, so the 95th percentiles are well defined.
    expect(drf.get('chat')!.length).toBeGreaterThan(500);
    expect(p95(pools.get('chat'))).toBeLessThan(1);
    expect(p95(bidding.get('chat'))).toBeLessThan(1);
    // Under DRF, analytics keeps what chat declines while idle; questions then wait for
    // analytics tasks (1-30 min) to end.
    expect(p95(drf.get('chat'))).toBeGreaterThan(30);
  });

  it('financial sentiment: the alerts pool starts sentiment jobs sooner than DRF does, in and out of the bursts', () => {
    const sets = ['until=7200'];
    const drf = waits('financial-sentiment', sets).get('sentiment')!;
    const pools = waits('financial-sentiment', [...sets, 'master.allocator=pools']).get('sentiment')!;
    expect(quantileSorted(pools, 0.5)!).toBeLessThan(quantileSorted(drf, 0.5)! / 4);
    expect(p95(pools)).toBeLessThan(p95(drf));
  });

  it('recommendation: the evening scale-up of serving is running at once under pools, later under DRF', () => {
    const sets = ['until=72000'];
    const drf = waits('recommendation', sets).get('serving')!;
    const pools = waits('recommendation', [...sets, 'master.allocator=pools']).get('serving')!;
    // 6 instances at t=0, 6 more at 18:00.
    expect(drf.length).toBe(12);
    expect(pools.length).toBe(12);
    expect(Math.max(...pools)).toBe(0);
    expect(Math.max(...drf)).toBeGreaterThan(60);
  });
});

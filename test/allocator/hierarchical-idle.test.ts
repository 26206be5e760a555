/**
 * A run of the hierarchical allocator when no framework is active (all
 * suppressed or unregistered): no grant, and no draw from its random stream
 * but the reshuffle between the two stages when a quota guarantee is unmet
 * (n − 1 draws for n candidates), whatever the sorters. The allocator skips
 * the candidates' visits in that case (HierarchicalAllocator.allocate); the
 * control case, one framework active, checks that the same set-up grants.
 */
import { describe, expect, it } from 'vitest';
import { HierarchicalAllocator } from '../../src/allocator/hierarchical.js';
import { drfSorter } from '../../src/allocator/drf-sorter.js';
import { randomSorter } from '../../src/allocator/random-sorter.js';
import { randomSource, type Random } from '../../src/core/random.js';
import { makeView, type FrameworkDescription } from '../helpers/view.js';

/** A stream that counts its draws. */
function counting(): { random: Random; draws: () => number } {
  const inner = randomSource(7).stream('alloc');
  let n = 0;
  return {
    random: {
      next: () => {
        n++;
        return inner.next();
      },
    },
    draws: () => n,
  };
}

function run(sorter: 'drf' | 'random', frameworks: FrameworkDescription[], withQuota: boolean) {
  const made = makeView({
    agents: [{ total: { cpus: 8, mem: 8192 } }, { total: { cpus: 4, mem: 4096 } }, { total: { cpus: 2, mem: 2048 } }],
    frameworks,
    ...(withQuota ? { quotas: { a: { guarantee: { cpus: 2 } } } } : {}),
  });
  const { random, draws } = counting();
  const s = sorter === 'drf' ? drfSorter : randomSorter;
  const grants = new HierarchicalAllocator(sorter, s, s, true, new Set(), random).allocate(made.view, made.candidates);
  return { grants: grants.length, draws: draws() };
}

describe('HierarchicalAllocator with no active framework', () => {
  for (const sorter of ['drf', 'random'] as const) {
    for (const withQuota of [false, true]) {
      it(`${sorter}${withQuota ? ', with an unmet guarantee: grants nothing and draws only the reshuffle' : ': grants nothing and draws nothing'}; with one framework active it grants`, () => {
        const idle: FrameworkDescription[] = [
          { role: 'a', suppressed: true },
          { role: 'b', registered: false },
          { role: 'b', suppressed: true },
        ];
        expect(run(sorter, idle, withQuota)).toEqual({ grants: 0, draws: withQuota ? 2 : 0 });
        const one = run(sorter, [{ role: 'a', suppressed: true }, { role: 'b' }, { role: 'b', suppressed: true }], withQuota);
        expect(one.grants).toBe(3); // every agent, whole, to the one active framework
      });
    }
  }
});

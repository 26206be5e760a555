/**
 * The one list of built-in allocators: name → factory.
 *
 * @module
 */
import { InputError } from '../errors.js';
import { createEasy } from './baselines/easy.js';
import { createFifo } from './baselines/fifo.js';
import { createSlots } from './baselines/slots.js';
import { createTetris } from './baselines/tetris.js';
import { createBidding } from './bidding/bidding.js';
import { createHierarchical } from './hierarchical.js';
import { isPluginName } from './plugin.js';
import { createPools } from './pools.js';
import type { AllocatorFactory } from './types.js';

export const builtinAllocators: Readonly<Record<string, AllocatorFactory>> = {
  drf: {
    description:
      "Apache Mesos's hierarchical DRF allocator: roles, then their frameworks, by weighted dominant share; coarse-grained offers. Needs nothing extra.",
    create: (ctx) => createHierarchical('drf', 'drf', ctx),
  },
  random: {
    description:
      "Mesos's weighted random sorter (--role_sorter=random --framework_sorter=random): a weighted shuffle per agent, shares ignored. Needs nothing extra.",
    create: (ctx) => createHierarchical('random', 'random', ctx),
  },
  pools: {
    description:
      'Priority resource pools: each pool served within its capacity in priority order; idle capacity is lent out and taken back by preempting borrowers. Needs pools; frameworks or jobs name the pool they draw from (work of no pool only borrows).',
    create: createPools,
  },
  bidding: {
    description:
      "The seed document's Limited-Price bidding: requests served by priority class, then bid per unit; each goes to the pool with the lowest congestion price P/(C−U−R); optional posted prices, budgets and price ceilings. Needs pools, and bids on jobs.",
    create: createBidding,
  },
  fifo: {
    description:
      'Strict first come, first served across frameworks by job submit time; the head blocks everything behind it; gangs all at once; grants exactly the tasks. Needs nothing extra.',
    create: createFifo,
  },
  easy: {
    description:
      "FIFO with EASY backfilling: a later job starts early only if it ends before the blocked head's reservation or uses only what the head will not need then (task durations as estimates). Needs nothing extra.",
    create: createEasy,
  },
  slots: {
    description:
      "Slot-based fair sharing, like Hadoop's Fair Scheduler: slots_per_agent (default 4) equal slots per agent, given to the role with the fewest slots per weight. Needs nothing extra.",
    create: createSlots,
  },
  tetris: {
    description:
      "Tetris-style packing: fills each agent with the waiting tasks best aligned with its free resources (fairness knob 'fairness', default 0). Needs nothing extra.",
    create: createTetris,
  },
};

export function allocatorFactory(name: string): AllocatorFactory {
  const factory = Object.hasOwn(builtinAllocators, name) ? builtinAllocators[name] : undefined;
  if (factory === undefined && isPluginName(name)) {
    throw new InputError(`master.allocator: '${name}' is a plug-in module, which only the sim command line loads (sim run --allocator, or --allow-plugins)`);
  }
  if (factory === undefined) {
    throw new InputError(
      `master.allocator: unknown allocator '${name}' (expected one of: ${Object.keys(builtinAllocators).join(', ')})`,
    );
  }
  return factory;
}

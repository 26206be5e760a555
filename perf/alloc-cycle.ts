/**
 * `npm run bench`, allocation-cycle section: the CPU time of one full run of
 * the `drf` built-in (src/allocator/hierarchical.ts, Mesos's hierarchical
 * allocator with DRF sorters) over every agent of a large cluster, as Mesos's
 * allocator benchmarks time one allocation cycle.
 *
 * The cluster is made of the model's own objects (Agent, FrameworkRecord,
 * RoleTree), as the master shows them to an allocator, from a fixed seed:
 * agents of 8, 16 or 32 cpus with 2, 4 or 8 GiB a cpu, and frameworks of one
 * role (or, in the last row, each of a role of its own) that hold nothing yet
 * and are never filtered, so they want more than the cluster has and every
 * agent is granted (the `grants` column shows it).
 * Each cycle starts from the same view: an allocator returns grants as data
 * and changes nothing. A benchmark, not a test: it asserts nothing.
 *
 * @module
 */
import { createHierarchical } from '../src/allocator/hierarchical.js';
import type { Allocator, ClusterView } from '../src/allocator/types.js';
import { randomSource } from '../src/core/random.js';
import { Agent } from '../src/model/agent.js';
import { DeclineFilters } from '../src/model/filters.js';
import { FrameworkRecord } from '../src/model/framework-record.js';
import { addInto, ResourceSpace } from '../src/model/resources.js';
import { RoleTree } from '../src/model/roles.js';

const SEED = 1;
const AGENTS = 10_000;
/** Frameworks, and roles they are spread over (0: all of role '*'). */
const CASES = [
  [10, 0],
  [100, 0],
  [1_000, 0],
  [1_000, 1_000],
] as const;

/** A cluster of `agents` agents and `frameworks` active frameworks, from `seed`; the frameworks are spread over `roles` roles (r0, r1...), or all of role '*'. */
export function cycleView(agents: number, frameworks: number, seed: number, roles = 0): ClusterView {
  const space = new ResourceSpace(['cpus', 'mem', 'disk']);
  const random = randomSource(seed).stream('alloc-cycle');
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random.next() * xs.length)]!;
  const tree = new RoleTree(space, new Map());
  const list = Array.from({ length: agents }, (_, i) => {
    const cpus = pick([8, 16, 32]);
    const total = space.fromRecord({ cpus, mem: cpus * pick([2048, 4096, 8192]), disk: 100_000 });
    const agent = new Agent(i, `a-${i}`, 'a', total, {}, space);
    agent.registered = true;
    return agent;
  });
  const fws = Array.from({ length: frameworks }, (_, i) => {
    const role = tree.ensure(roles === 0 ? '*' : `r${i % roles}`);
    const fw = new FrameworkRecord(i, `f${i}`, role, false, space);
    fw.registered = true;
    role.frameworks.push(i);
    return fw;
  });
  const total = space.zero();
  for (const a of list) addInto(total, a.total);
  const filters = new DeclineFilters();
  const minAllocatable = [space.fromRecord({ cpus: 0.01 }), space.fromRecord({ mem: 32 })];
  return {
    now: 0,
    space,
    total,
    unreservedAvailable: new Float64Array(total), // (no reservations, nothing offered)
    roles: tree.root,
    frameworks: fws,
    agents: list,
    freeAgents: new Set(list),
    pools: [],
    minAllocatable,
    isFiltered: (fw, agent, candidate) => filters.blocks(fw, agent, candidate, 0),
    filters,
  };
}

interface CycleFigures {
  readonly grants: number;
  /** Median over the measured cycles, CPU milliseconds (user + system) of the process. */
  readonly cpuMs: number;
  readonly wallMs: number;
}

/** Times `cycles` allocation runs over every agent (after one to warm up); medians. */
export function timeCycles(allocator: Allocator, view: ClusterView, cycles: number): CycleFigures {
  const candidates = view.agents;
  let grants = allocator.allocate(view, candidates).length;
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let i = 0; i < cycles; i++) {
    const c0 = process.cpuUsage();
    const w0 = performance.now();
    grants = allocator.allocate(view, candidates).length;
    wall.push(performance.now() - w0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { grants, cpuMs: median(cpu), wallMs: median(wall) };
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Prints one row per cluster size. */
export function allocationCycles(cycles = 5): void {
  console.log(`\nallocation cycle: one drf run over every agent, CPU ms (median of ${cycles} cycles after one warm-up), seed ${SEED}`);
  console.log('agents'.padStart(8) + 'frameworks'.padStart(12) + 'roles'.padStart(7) + 'grants'.padStart(9) + 'cpu ms'.padStart(10) + 'wall ms'.padStart(10) + 'µs/agent'.padStart(10));
  for (const [frameworks, roles] of CASES) {
    const view = cycleView(AGENTS, frameworks, SEED, roles);
    const allocator = createHierarchical('drf', 'drf', { random: randomSource(SEED).stream('allocator'), options: {}, space: view.space, pools: [], bids: false });
    const f = timeCycles(allocator, view, cycles);
    console.log(
      String(AGENTS).padStart(8) +
        String(frameworks).padStart(12) +
        String(Math.max(roles, 1)).padStart(7) +
        String(f.grants).padStart(9) +
        f.cpuMs.toFixed(1).padStart(10) +
        f.wallMs.toFixed(1).padStart(10) +
        ((f.cpuMs * 1000) / AGENTS).toFixed(2).padStart(10),
    );
  }
}

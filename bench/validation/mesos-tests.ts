/**
 * Apache Mesos's own allocator unit tests (src/tests/hierarchical_allocator_tests.cpp,
 * apache/mesos at c1b42f79), each replayed as a scenario under
 * scenarios/validation/mesos/ (its README says how a test's calls become a
 * scenario). A test passes when the scenario's offers, in offers.csv, are
 * exactly the allocations the Mesos test expects: the same framework, agent and
 * resources, at the moment that stands for the test's step. Offers made at one
 * instant are compared as a set (Mesos's tests do not fix the order of
 * allocations of one run either), and `*` stands for any agent where the test
 * does not care which of identical agents is offered.
 *
 * @module
 */
import type { CheckRow } from './check.js';
import { runFile, type Row } from './run-file.js';

/** [time, framework ('*': any), agent ('*': any), resources]. */
export type ExpectedOffer = readonly [number, string, string, Readonly<Record<string, number>>];

export interface MesosTest {
  /** The test's name in hierarchical_allocator_tests.cpp. */
  readonly test: string;
  /** The scenario, under scenarios/validation/mesos/. */
  readonly file: string;
  /** Every offer the test expects, in time order; offers standing for a test's used resources are marked. */
  readonly offers: readonly ExpectedOffer[];
  /**
   * A documented departure: the offers the simulator makes instead, by design,
   * and where docs/ say why. The row is `departure` when the scenario makes
   * exactly these, `fail` otherwise.
   */
  readonly departure?: { readonly offers: readonly ExpectedOffer[]; readonly why: string };
}

const R = (cpus: number, mem: number, disk?: number) => (disk === undefined ? { cpus, mem } : { cpus, mem, disk });
const repeat = (n: number, offer: ExpectedOffer): ExpectedOffer[] => Array.from({ length: n }, () => offer);

export const MESOS_TESTS: readonly MesosTest[] = [
  {
    test: 'UnreservedDRF',
    file: 'unreserved-drf.yaml',
    offers: [
      [2, 'framework1', 'slave1-0', R(2, 1024)],
      [4, 'framework2', 'slave2-0', R(1, 512)],
      [5, 'framework2', 'slave3-0', R(3, 2048)],
      [7, 'framework3', 'slave4-0', R(4, 4096)],
      [9, 'framework2', 'slave5-0', R(1, 512)],
    ],
  },
  {
    test: 'ReservedDRF',
    file: 'reserved-drf.yaml',
    offers: [
      [2, 'framework1', 'slave1-0', R(101, 1536)],
      [4, 'framework2', 'slave2-0', R(2, 512)],
      [5, 'framework2', 'slave3-0', R(2, 512)],
      [7, 'framework3', 'slave4-0', R(2, 1024)],
    ],
  },
  {
    test: 'NestedRoleDRF',
    file: 'nested-role-drf.yaml',
    offers: [
      [2, 'framework1', 'slave1-0', R(2, 1024)],
      [5, 'framework3', 'slave2-0', R(1, 512)],
      [7, 'framework4', 'slave3-0', R(2, 1024)],
    ],
  },
  {
    test: 'OfferFilter',
    file: 'offer-filter.yaml',
    offers: [
      [0, 'framework', 'agent-0', R(1, 512)],
      [2, 'framework', 'agent-0', R(1, 512)],
    ],
  },
  {
    test: 'SmallOfferFilterTimeout',
    file: 'small-offer-filter-timeout.yaml',
    offers: [
      [0, 'framework1', 'agent1-0', R(1, 512)], // the test's used resources
      [0.2, 'framework2', 'agent2-0', R(1, 512)],
      [60, 'framework1', 'agent2-0', R(1, 512)],
      [120, 'framework2', 'agent2-0', R(1, 512)],
    ],
  },
  {
    test: 'CoarseGrained',
    file: 'coarse-grained.yaml',
    offers: [
      [0.1, 'framework1', 'slave1-0', R(2, 1024)],
      [0.1, 'framework1', 'slave2-0', R(2, 1024)],
      [0.2, 'framework1', '*', R(2, 1024)],
      [0.2, 'framework2', '*', R(2, 1024)],
    ],
  },
  {
    test: 'SameShareFairness',
    file: 'same-share-fairness.yaml',
    offers: Array.from({ length: 10 }, (_, i): ExpectedOffer => [i, `framework${1 + (i % 2)}`, 'slave-0', R(2, 1024)]),
  },
  {
    test: 'Reservations',
    file: 'reservations.yaml',
    offers: [
      [0.1, 'framework1', 'slave1-0', R(2, 1024)],
      [0.1, 'framework1', 'slave2-0', R(1, 1024)],
      [0.2, 'framework2', 'slave2-0', R(2, 1024)],
    ],
  },
  {
    test: 'ReservationUnallocated (static)',
    file: 'reservation-unallocated.yaml',
    offers: [[0.1, 'framework1', 'agent1-0', R(1, 1024)]],
  },
  {
    test: 'ReservationAllocated (static)',
    file: 'reservation-allocated.yaml',
    offers: [
      [0.1, 'framework1', 'agent1-0', R(1, 1024)],
      [0.2, 'framework1', 'agent2-0', R(1, 1024)],
    ],
  },
  {
    test: 'NonQuotaRoleReservationWithQuotaRole (static)',
    file: 'non-quota-role-reservation-with-quota-role.yaml',
    offers: [
      [0.1, 'framework1', 'agent1-0', R(2, 2048)],
      [0.2, 'framework2', 'agent1-0', R(2, 2048)],
    ],
  },
  {
    test: 'QuotaHeadroomWhenReservationsExceedQuota (static)',
    file: 'quota-headroom-when-reservations-exceed-quota.yaml',
    offers: [[0.2, 'framework', 'agent3-0', R(1, 1024)]],
  },
  {
    test: 'QuotaProvidesGuarantee',
    file: 'quota-provides-guarantee.yaml',
    offers: [
      [0, 'framework1', '*', R(1, 512)],
      [0, 'framework1', '*', R(1, 512)],
      [2, 'framework1', '*', R(1, 512)],
    ],
  },
  {
    test: 'QuotaProvidesLimit',
    file: 'quota-provides-limit.yaml',
    offers: [
      [0.2, 'framework2', 'agent1-0', R(2, 1024, 1024)],
      [0.4, 'framework1', 'agent2-0', R(1, 512, 512)],
      [0.4, 'framework2', 'agent2-0', R(1, 512, 512)],
    ],
  },
  {
    test: 'RemoveQuota',
    file: 'remove-quota.yaml',
    offers: [
      [0, 'framework1', '*', R(1, 512)], // the test's used resources
      [0, 'framework1', '*', R(1, 512)], // the test's used resources
      [1, 'framework2', '*', R(1, 512)],
    ],
  },
  {
    test: 'MultipleFrameworksInRoleWithQuota',
    file: 'multiple-frameworks-in-role-with-quota.yaml',
    offers: [
      [0.1, 'framework1a', 'agent1-0', R(1, 512)],
      [0.3, 'framework1b', 'agent2-0', R(2, 1024)],
      [0.4, 'framework1a', 'agent3-0', R(1, 512)],
      [1, 'framework1b', 'agent3-0', R(1, 512)],
    ],
  },
  {
    test: 'QuotaAllocationGranularity',
    file: 'quota-allocation-granularity.yaml',
    offers: [
      [0.1, 'framework1', 'agent-0', R(0.5, 200)],
      [0.2, 'framework2', 'agent-0', R(0.5, 312)],
    ],
  },
  {
    test: 'DRFWithQuota',
    file: 'drf-with-quota.yaml',
    offers: [
      [0, 'framework1', 'agent1-0', R(0.25, 128)], // the test's used resources
      [0, 'framework2', 'agent1-0', R(0.75, 384)],
      [0.1, 'framework2', 'agent2-0', R(1, 512)],
    ],
  },
  {
    test: 'QuotaAgainstStarvation',
    file: 'quota-against-starvation.yaml',
    offers: [
      [0, 'framework1', 'agent1-0', R(1, 512)], // the test's used resources
      [0.1, 'framework2', 'agent2-0', R(1, 512)],
      [1, 'framework2', 'agent2-0', R(1, 512)],
      [2, 'framework1', 'agent2-0', R(1, 512)],
    ],
  },
  {
    test: 'QuotaAbsentFrameworkWholeAgent',
    file: 'quota-absent-framework-whole-agent.yaml',
    offers: [[0.2, 'framework', 'agent2-0', R(2, 1024)]],
  },
  {
    test: 'MultiQuotaAbsentFrameworks',
    file: 'multi-quota-absent-frameworks.yaml',
    offers: [[0.1, 'framework', 'agent-0', R(2, 2048)]],
  },
  {
    test: 'ReservationWithinQuota',
    file: 'reservation-within-quota.yaml',
    offers: [
      [0, 'framework1', 'agent1-0', R(2, 256)], // the test's used resources
      [0.1, 'framework2', 'agent1-0', { cpus: 6 }],
      [0.2, 'framework2', 'agent2-0', { cpus: 4 }],
    ],
  },
  {
    test: 'UpdateWeight',
    file: 'update-weight.yaml',
    offers: [
      ...repeat(6, [0, 'framework1', '*', R(2, 1024)]),
      ...repeat(3, [1, 'framework1', '*', R(2, 1024)]),
      ...repeat(3, [1, 'framework2', '*', R(2, 1024)]),
      ...repeat(2, [2, 'framework1', '*', R(2, 1024)]),
      ...repeat(4, [2, 'framework2', '*', R(2, 1024)]),
      ...repeat(1, [2.8, 'framework1', '*', R(2, 1024)]),
      ...repeat(2, [2.8, 'framework2', '*', R(2, 1024)]),
      ...repeat(3, [2.8, 'framework3', '*', R(2, 1024)]),
    ],
  },
  {
    test: 'Allocatable',
    file: 'allocatable.yaml',
    offers: [
      [0.2, 'framework', 'slave2-0', { cpus: 0.01, mem: 16, disk: 128 }],
      [0.3, 'framework', 'slave3-0', { cpus: 0.005, mem: 32, disk: 128 }],
      [0.4, 'framework', 'slave4-0', { cpus: 0.03, mem: 32, disk: 128 }],
    ],
  },
  {
    test: 'RemoveSlaveRecoverResources',
    file: 'remove-slave-recover-resources.yaml',
    offers: [
      [0.1, 'framework1', 'slave1-0', R(2, 200)],
      [0.3, 'framework2', 'slave2-0', R(1, 100)],
      [0.5, 'framework1', 'slave3-0', R(1, 100)],
    ],
  },
  {
    test: 'QuotaRoleAllocateNonQuotaResource (without ports)',
    file: 'quota-role-allocate-non-quota-resource.yaml',
    offers: [
      [0.1, 'framework', 'agent1-0', R(1, 1024)],
      [0.3, 'framework', 'agent2-0', { cpus: 1 }],
      [0.4, 'framework', 'agent3-0', { mem: 1024 }],
    ],
  },
  {
    test: 'DisproportionateQuotaVsAllocation',
    file: 'disproportionate-quota-vs-allocation.yaml',
    offers: [
      [0.1, 'framework', 'agent1-0', R(2, 1024)],
      [0.2, 'framework', 'agent2-0', { cpus: 2 }],
    ],
  },
  {
    test: 'QuotaWithAncestorReservations',
    file: 'quota-with-ancestor-reservations.yaml',
    offers: [
      [0.1, 'framework1', 'agent1-0', R(1, 1024)],
      [0.4, 'framework2', '*', R(1, 1024)], // the test: one of agent2 and agent3
    ],
  },
  {
    test: 'QuotaWithNestedRoleReservation',
    file: 'quota-with-nested-role-reservation.yaml',
    offers: [[0.1, 'framework1', 'agent2-0', R(1, 100)]],
  },
  {
    test: 'QuotaWithNestedRoleAllocation',
    file: 'quota-with-nested-role-allocation.yaml',
    offers: [
      [0.1, 'framework1', 'agent1-0', R(1, 1024)],
      [0.4, 'framework1', 'agent2-0', R(1, 1024)],
    ],
    departure: {
      offers: [[0.1, 'framework1', 'agent1-0', R(1, 1024)]],
      why: "a top-level role's quota limits its sub-roles too, where Mesos applies it to the role of that name only (docs/mesos-model.md, Quota)",
    },
  },
  {
    test: 'QuotaHeadroomWithNestedRoleAllocation',
    file: 'quota-headroom-with-nested-role-allocation.yaml',
    offers: [
      [0.1, 'framework1', 'agent1-0', R(1, 100)],
      [0.3, 'framework2', 'agent2-0', R(1, 100)],
      [0.6, '*', 'agent4-0', R(1, 100)], // the test: one allocation, to either framework
    ],
  },
  {
    test: 'OfferAncestorReservationsToDescendantChild',
    file: 'offer-ancestor-reservations-to-descendant-child.yaml',
    offers: [
      [0.1, 'framework', 'agent1-0', R(1, 512)],
      [0.2, 'framework', 'agent2-0', R(6, 3072)],
    ],
  },
];

/** Tests the scenario format cannot express yet, with what they need: `pending` rows. */
export const PENDING_MESOS_TESTS: readonly { readonly test: string; readonly needs: string }[] = [
  { test: 'SuppressAndReviveOffers', needs: 'scripted suppress and revive (issue 13 item 3), not on main yet' },
  { test: 'ReviveOffers', needs: 'a scripted revive (issue 13 item 3), not on main yet' },
];

/** Whether an offers.csv row is the expected offer (resources not named must be 0). */
function matches(row: Row, [, framework, agent, resources]: ExpectedOffer, names: readonly string[]): boolean {
  if ((framework !== '*' && row.framework !== framework) || (agent !== '*' && row.agent !== agent)) return false;
  return names.every((r) => Number(row[r] ?? 0) === (resources[r] ?? 0));
}

const show = (o: ExpectedOffer) => `${o[0]} ${o[1]} ${o[2]} ${JSON.stringify(o[3])}`;
const showRow = (r: Row, names: readonly string[]) => `${r.time} ${r.framework} ${r.agent} ${JSON.stringify(Object.fromEntries(names.map((n) => [n, Number(r[n] ?? 0)])))}`;

/** The differences between a scenario's offers and the expected ones, instant by instant (empty: none). */
export function offerMismatches(rows: readonly Row[], expected: readonly ExpectedOffer[]): string[] {
  const names = [...new Set(expected.flatMap((o) => Object.keys(o[3])).concat(rows.length > 0 ? Object.keys(rows[0]!).filter((k) => !['time', 'offer_id', 'framework', 'agent', 'outcome', 'tasks_launched', 'response_time'].includes(k)) : []))];
  const times = [...new Set([...rows.map((r) => Number(r.time)), ...expected.map((o) => o[0])])].sort((a, b) => a - b);
  const out: string[] = [];
  for (const t of times) {
    const left = rows.filter((r) => Number(r.time) === t);
    // Named frameworks and agents first, so that a wildcard never takes the row a named offer needs.
    const wild = (o: ExpectedOffer) => Number(o[1] === '*') + Number(o[2] === '*');
    const want = expected.filter((o) => o[0] === t).sort((a, b) => wild(a) - wild(b));
    for (const o of want) {
      const i = left.findIndex((r) => matches(r, o, names));
      if (i < 0) out.push(`missing: ${show(o)}`);
      else left.splice(i, 1);
    }
    for (const r of left) out.push(`unexpected: ${showRow(r, names)}`);
  }
  return out;
}

const GROUP = "Mesos's allocator unit tests";
const SOURCE = 'hierarchical_allocator_tests.cpp';

const count = (n: number) => `${n} offer${n === 1 ? '' : 's'}`;

/** The row of one test: pass when the scenario makes the test's offers, departure when it makes the documented other ones. */
function testRow(t: MesosTest): CheckRow {
  const { tables } = runFile(`scenarios/validation/mesos/${t.file}`, [], ['offers']);
  const mismatches = offerMismatches(tables.offers, t.offers);
  const base = { group: GROUP, check: t.test, reference: count(t.offers.length), source: SOURCE, difference: `${mismatches.length} differ` };
  if (mismatches.length === 0) return { ...base, simulator: `${t.offers.length} made as expected`, verdict: 'pass' };
  const documented = t.departure !== undefined && offerMismatches(tables.offers, t.departure.offers).length === 0;
  return {
    ...base,
    simulator: documented ? `${count(t.departure!.offers.length)}, as documented` : `${t.offers.length - mismatches.filter((m) => m.startsWith('missing')).length} made as expected`,
    verdict: documented ? 'departure' : 'fail',
    note: [...(documented ? [t.departure!.why] : []), ...mismatches.slice(0, 3)].join('; '),
  };
}

/** One row per Mesos test, then a pending row for each test that cannot be run yet. */
export function mesosTestRows(tests: readonly MesosTest[] = MESOS_TESTS): CheckRow[] {
  const pending = PENDING_MESOS_TESTS.map(
    (t): CheckRow => ({ group: GROUP, check: t.test, reference: '—', source: SOURCE, simulator: '—', difference: '—', verdict: 'pending', note: `needs ${t.needs}` }),
  );
  return [...tests.map(testRow), ...pending];
}

/**
 * Apache Mesos's own allocator unit tests (src/tests/hierarchical_allocator_tests.cpp,
 * apache/mesos at c1b42f79), each replayed as a scenario under
 * scenarios/validation/mesos/ (its README says how a test's calls become a
 * scenario). A test passes when the scenario's offers, in offers.csv, are
 * exactly the allocations the Mesos test expects: the same framework, agent and
 * resources, at the moment that stands for the test's step. Offers made at one
 * instant are compared as a set (Mesos's tests do not fix the order of
 * allocations of one run either), and `*` stands for any agent (or framework) where the test
 * does not say which.
 *
 * @module
 */
import type { CheckRow } from './check.js';
import { MESOS_TESTS, PENDING_MESOS_TESTS } from './mesos-test-cases.js';
import { runFile, type Row } from './run-file.js';

export { MESOS_TESTS, PENDING_MESOS_TESTS } from './mesos-test-cases.js';

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

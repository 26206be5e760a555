/**
 * Apache Mesos's allocator unit tests replayed as scenarios
 * (scenarios/validation/mesos/, validation/checks/mesos-tests.ts): the check
 * `npm run validate` makes, and the comparison it rests on.
 */
import { describe, expect, it } from 'vitest';
import { MESOS_TESTS, PENDING_MESOS_TESTS, mesosTestRows, offerMismatches, type ExpectedOffer } from '../../validation/checks/mesos-tests.js';

describe("Mesos's allocator unit tests, as scenarios", () => {
  it('every scenario makes exactly the offers its Mesos test expects, or those of its documented departure', () => {
    const rows = mesosTestRows().filter((r) => r.verdict !== 'pending');
    expect(rows.map((r) => r.check)).toEqual(MESOS_TESTS.map((t) => t.test));
    const want = MESOS_TESTS.map((t) => [t.test, t.departure === undefined ? 'pass' : 'departure']);
    expect(rows.map((r) => [r.check, r.verdict])).toEqual(want);
    // A departure is named in the row, with the offers that differ.
    const departures = rows.filter((r) => r.verdict === 'departure');
    expect(departures.map((r) => r.check)).toEqual(['QuotaWithNestedRoleAllocation']);
    expect(departures[0]!.note).toContain('missing: 0.4 framework1 agent2-0');
  });

  it('the tests that cannot run yet are listed as pending, not left out', () => {
    const pending = mesosTestRows(MESOS_TESTS.slice(0, 1)).filter((r) => r.verdict === 'pending');
    expect(pending.map((r) => r.check)).toEqual(PENDING_MESOS_TESTS.map((t) => t.test));
  });
});

describe('offerMismatches', () => {
  const row = (time: number, framework: string, agent: string, cpus: number, mem: number) => ({ time, offer_id: 1, framework, agent, outcome: 'declined', tasks_launched: 0, response_time: 0, cpus, mem });
  const rows = [row(0, 'f1', 'a-0', 2, 1024), row(0, 'f2', 'a-1', 2, 1024), row(1, 'f1', 'a-1', 1, 512)];

  it('accepts the same offers in another order within an instant, and * for any agent', () => {
    const expected: ExpectedOffer[] = [
      [0, 'f2', '*', { cpus: 2, mem: 1024 }],
      [0, 'f1', 'a-0', { cpus: 2, mem: 1024 }],
      [1, 'f1', 'a-1', { cpus: 1, mem: 512 }],
    ];
    expect(offerMismatches(rows, expected)).toEqual([]);
  });

  it('names a missing, a different and an unexpected offer', () => {
    const expected: ExpectedOffer[] = [
      [0, 'f1', 'a-0', { cpus: 2, mem: 1024 }],
      [0, 'f1', 'a-1', { cpus: 2, mem: 1024 }], // went to f2
      [1, 'f1', 'a-1', { cpus: 1 }], // mem not named: must be 0
    ];
    expect(offerMismatches(rows, expected)).toEqual([
      'missing: 0 f1 a-1 {"cpus":2,"mem":1024}',
      'unexpected: 0 f2 a-1 {"cpus":2,"mem":1024}',
      'missing: 1 f1 a-1 {"cpus":1}',
      'unexpected: 1 f1 a-1 {"cpus":1,"mem":512}',
    ]);
  });

  it('a wildcard does not take the row a named offer needs', () => {
    const expected: ExpectedOffer[] = [
      [0, 'f1', '*', { cpus: 2, mem: 1024 }],
      [0, 'f1', 'a-0', { cpus: 2, mem: 1024 }],
    ];
    // Only one f1 offer was made, so one of the two is missing; it is the wildcard, as the named one matched first.
    expect(offerMismatches(rows.slice(0, 1), expected)).toEqual(['missing: 0 f1 * {"cpus":2,"mem":1024}']);
  });
});

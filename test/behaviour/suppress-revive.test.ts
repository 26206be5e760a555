/**
 * Scripted SUPPRESS and REVIVE (the timeline's `suppress` and `revive`),
 * following Mesos's allocator tests SuppressAndReviveOffers and ReviveOffers
 * (src/tests/hierarchical_allocator_tests.cpp): a suppressed framework is
 * offered nothing, another framework still is, and a revive offers it
 * everything again, its decline filters cleared.
 */
import { describe, expect, it } from 'vitest';
import type { WorldSpec } from '../../src/world.js';
import { agents, buildWorld, framework, job, runToEnd, type Built } from '../helpers/world.js';

type Entry = WorldSpec['timeline'][number];
const suppress = (at: number, fw = 0, roles?: string[]): Entry => ({ at, kind: 'suppress-offers', framework: fw, roles });
const revive = (at: number, fw = 0, roles?: string[]): Entry => ({ at, kind: 'revive-offers', framework: fw, roles });

/** Times of the offers made to `name`. */
const offerTimes = (b: Built, name: string): number[] =>
  b.offers.records().filter((r) => r.framework === name).map((r) => r.time as number);

/** events.csv rows as [time, kind, framework, detail]. */
const eventRows = (b: Built): unknown[][] => b.events.records().map((r) => [r.time, r.kind, r.framework, r.detail]);

const startOf = (b: Built, task: string): number => b.tasks.records().find((r) => r.task_id === task)!.start_time as number;

describe('scripted suppress and revive: Mesos SuppressAndReviveOffers', () => {
  // One agent of cpus 2, mem 1024, as in the test. f1 runs a task holding all of it from 0 to 5,
  // and has a second such task queued. A redundant revive at 0.5 offers nothing (nothing is free);
  // it suppresses at 4, so when the first task ends at 5 its resources come back without a filter
  // and are not offered to it; revived at 8.5, it is offered the whole agent at once.
  const whole = { cpus: 2, mem: 1024 };
  const world = (timeline: Entry[]) =>
    buildWorld({
      agents: agents(1, whole),
      frameworks: [framework('f1', 'role1', [job('a', 0, 1, whole, 5), job('b', 0, 1, whole, 5)], { suppressWhenIdle: false, refuseSeconds: 0 })],
      timeline,
      until: 20,
    });

  it('a suppressed framework is offered nothing until it revives, then the whole agent at once', () => {
    const b = world([revive(0.5), suppress(4), revive(8.5)]);
    runToEnd(b);
    // (Idle after b ends at 13.5, it is offered the agent again, and declines.)
    expect(offerTimes(b, 'f1').filter((t) => t < 13.5)).toEqual([0, 8.5]);
    expect(startOf(b, 'f1/b/0')).toBe(8.5);
    expect(b.offers.records()[1]).toMatchObject({ time: 8.5, agent: 'a-0', cpus: 2, mem: 1024, outcome: 'accepted' });
  });

  it('without the suppression the queued task starts as soon as the agent is free (the control)', () => {
    const b = world([revive(0.5)]);
    runToEnd(b);
    expect(startOf(b, 'f1/b/0')).toBe(6); // a ends at 5; the agent comes back after that instant's batch run, and is offered at 6
  });

  it('each scripted call is an events.csv row naming the framework and its roles', () => {
    const b = world([revive(0.5), suppress(4), revive(8.5, 0, ['role1'])]);
    runToEnd(b);
    expect(eventRows(b)).toEqual([
      [0.5, 'offers-revived', 'f1', 'role1'],
      [4, 'offers-suppressed', 'f1', 'role1'],
      [8.5, 'offers-revived', 'f1', 'role1'],
    ]);
    expect(b.collector.finish(20).faults.by_kind).toEqual({ 'offers-revived': 2, 'offers-suppressed': 1 });
  });
});

describe('scripted suppress and revive: another framework is offered what the suppressed one is not', () => {
  // Two frameworks in two roles, each with a backlog of 1 s tasks needing the whole agent.
  const whole = { cpus: 2, mem: 1024 };
  const backlog = (name: string) => Array.from({ length: 30 }, (_, k) => job(`${name}${k}`, 0, 1, whole, 1));
  const world = (timeline: Entry[]) =>
    buildWorld({
      agents: agents(1, whole),
      frameworks: [framework('f1', 'r1', backlog('x'), { refuseSeconds: 0 }), framework('f2', 'r2', backlog('y'), { refuseSeconds: 0 })],
      timeline,
      until: 20,
    });
  const within = (times: number[], from: number, to: number) => times.filter((t) => t > from && t < to);

  it('while f1 is suppressed every offer goes to f2, as many as the agent can take', () => {
    const b = world([suppress(2.5), revive(10.5)]);
    const control = world([]);
    runToEnd(b);
    runToEnd(control);
    const f1 = offerTimes(b, 'f1');
    const f2 = offerTimes(b, 'f2');
    expect(within(f1, 2.5, 10.5)).toEqual([]);
    const offered = within([...offerTimes(control, 'f1'), ...offerTimes(control, 'f2')], 2.5, 10.5).length;
    expect(within(f2, 2.5, 10.5)).toHaveLength(offered);
    // Revived, f1 is offered the agent next: its role has the fewer grants (DRF's tie-break at equal shares).
    const next = b.offers.records().find((r) => (r.time as number) >= 10.5)!;
    expect(next.framework).toBe('f1');
  });
});

describe('scripted revive clears decline filters (Mesos ReviveOffers)', () => {
  // f1 cannot use the agent (it wants 3 cpus of 2) and declines it for 1000 s.
  const world = (timeline: Entry[]) =>
    buildWorld({
      agents: agents(1, { cpus: 2, mem: 1024 }),
      frameworks: [framework('f1', 'role1', [job('big', 0, 1, { cpus: 3 }, 1)], { refuseSeconds: 1000 })],
      timeline,
      until: 30,
    });

  it('the filter holds without a revive; a revive (after a suppress) offers the agent at once', () => {
    const quiet = world([]);
    runToEnd(quiet);
    expect(offerTimes(quiet, 'f1')).toEqual([0]);
    const b = world([suppress(5), revive(10)]);
    runToEnd(b);
    expect(offerTimes(b, 'f1')).toEqual([0, 10]);
  });
});

describe('scripted suppress holds against the automatic rule', () => {
  // f1 suppresses when idle (the default); a job arrives at 3 while the script holds it suppressed.
  const world = (timeline: Entry[]) =>
    buildWorld({
      agents: agents(1, { cpus: 2, mem: 1024 }),
      frameworks: [framework('f1', 'role1', [job('a', 0, 1, { cpus: 1 }, 1), job('late', 3, 1, { cpus: 1 }, 1)])],
      timeline,
      until: 20,
    });

  it('new work does not revive it: the job waits for the scripted revive', () => {
    const control = world([]);
    runToEnd(control);
    expect(startOf(control, 'f1/late/0')).toBe(3);
    const b = world([suppress(2), revive(6)]);
    runToEnd(b);
    expect(startOf(b, 'f1/late/0')).toBe(6);
  });

  it('a suppress before the framework subscribes is carried by its SUBSCRIBE', () => {
    const b = buildWorld({
      agents: agents(1, { cpus: 2, mem: 1024 }),
      frameworks: [framework('f1', 'role1', [job('a', 5, 1, { cpus: 1 }, 1)], { registerAt: 4 })],
      timeline: [suppress(1), revive(9)],
      until: 20,
    });
    runToEnd(b);
    expect(offerTimes(b, 'f1')).toEqual([9]);
    expect(startOf(b, 'f1/a/0')).toBe(9);
  });

  it('a call after the framework left is not sent, and its row says so', () => {
    const b = buildWorld({
      agents: agents(1, { cpus: 2, mem: 1024 }),
      frameworks: [framework('f1', 'role1', [job('a', 0, 1, { cpus: 1 }, 1)], { unregisterAt: 2 })],
      timeline: [suppress(3)],
      until: 5,
    });
    runToEnd(b);
    expect(eventRows(b)).toEqual([[3, 'offers-suppressed', 'f1', 'not sent: the framework has left']]);
  });

  it('a drained run whose queued tasks wait on a suppressed framework stalls, and says why', () => {
    const b = buildWorld({
      agents: agents(1, { cpus: 2, mem: 1024 }),
      frameworks: [framework('f1', 'role1', [job('a', 0, 1, { cpus: 1 }, 1), job('late', 3, 2, { cpus: 1 }, 1)])],
      timeline: [suppress(2)],
      stallTimeout: 60,
    });
    const { reason } = runToEnd(b);
    expect(reason).toBe('stalled');
    expect(b.world.stallReport()).toEqual({ tasks: 2, reasons: { framework_suppressed: 2 }, running_forever: 0 });
  });
});

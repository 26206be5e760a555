/**
 * The checkpoint round trip under the allocators' own state (Allocator.saveState).
 *
 * Under each baseline allocator (fifo, easy,
 * tetris, slots: docs/baselines.md), which no bundled scenario outside the
 * benchmarks uses: a checkpoint of their runs holds the state (format 3), and
 * continuing from it, by restoring or by replay, gives the uninterrupted
 * run's bytes (test/helpers/round-trip.ts). On two small scenarios each:
 * - the queueing benchmark cut to 300 jobs on 4 agents (32 one-cpu slots at
 *   load 0.9, idealised mode), its framework suppressing when idle, so that it
 *   revives with almost every arrival after an idle spell; the checkpoint is
 *   at the revive nearest the middle of the run;
 * - quickstart (batch mode, 1 s interval; three frameworks, one registering
 *   at 300 s), at the middle of the run.
 * A fork from a fifo checkpoint to drf gives the same bytes restored as
 * replayed: fifo ignores its candidates (the master keeps the awake agents
 * without order), drf reads them. And the pools allocator restores the
 * preemptions it has under way (the bundled pools-preemption.yaml, whose
 * round trip is in round-trip.test.ts, has none at its middle).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunMoments } from '../../src/checkpoint/moments.js';
import type { Allocator } from '../../src/allocator/types.js';
import { loadScenario } from '../../src/scenario/load.js';
import type { Scenario } from '../../src/scenario/schema.js';
import type { World } from '../../src/world.js';
import { root } from '../helpers/cli.js';
import { Counting, expectSameFiles, forkOf, roundTrip, runInto, SHA } from '../helpers/round-trip.js';

const BASELINES = ['fifo', 'easy', 'tetris', 'slots'];

/** The queueing benchmark, small: 300 jobs at 28 a second on 4 agents of 8 cpus, suppressing when idle. */
const queueing = (allocator: string): Scenario =>
  loadScenario(join(root, 'scenarios/bench/queueing.yaml'), [
    `master.allocator=${allocator}`,
    'frameworks.0.workload.synthetic.jobs=300',
    'frameworks.0.workload.synthetic.arrival.rate=28',
    'cluster.agents.0.count=4',
    'frameworks.0.suppress_when_idle=true',
  ]);

const quickstart = (allocator: string): Scenario => loadScenario(join(root, 'scenarios/quickstart.yaml'), [`master.allocator=${allocator}`]);

/** The moments of a run that only watches it: the simulated times of the frameworks' revives (REVIVE calls reaching the master). */
class Revives extends RunMoments {
  readonly at: number[] = [];
  constructor() {
    super({ checkpointAt: [], scenarioSha256: SHA });
  }
  override started(world: World, allocator: Allocator, metrics: Parameters<RunMoments['started']>[2]): void {
    const master = world.master;
    const revive = master.revive.bind(master);
    master.revive = (fw) => {
      this.at.push(world.sim.now);
      revive(fw);
    };
    super.started(world, allocator, metrics);
  }
}

/** The time of the revive nearest the middle of the run of `scenario` (its end: `end`). */
function reviveNearMiddle(scenario: Scenario, work: string, end: number): number {
  const revives = new Revives();
  runInto(work, 'revives', scenario, revives);
  expect(revives.at.length).toBeGreaterThanOrEqual(10);
  return revives.at.reduce((best, t) => (Math.abs(t - end / 2) < Math.abs(best - end / 2) ? t : best));
}

describe.each(BASELINES)('checkpoint round trip under %s', (allocator) => {
  it('at a revive in the middle of a queue that suppresses when idle: restored, the same bytes, no event before T again', () => {
    let revive: number | undefined;
    const trip = roundTrip(
      () => queueing(allocator),
      (end, work) => (revive = reviveNearMiddle(queueing(allocator), work, end)),
    );
    expect(trip.restores).toBe('restores');
    expect(trip.saved.at).toBe(revive);
  });

  it('in batch mode, three frameworks: restored, the same bytes, no event before T again', () => {
    expect(roundTrip(() => quickstart(allocator)).restores).toBe('restores');
  });
});

describe('a fork from a checkpoint of fifo (which ignores its candidates) to drf (which reads them)', () => {
  it('gives the same bytes restored as replayed, handling no event before T again', () => {
    const trip = roundTrip(
      () => queueing('fifo'),
      (end, work) => reviveNearMiddle(queueing('fifo'), work, end),
    );
    const fork = (restore: boolean): Counting => new Counting({ checkpointAt: [], scenarioSha256: SHA, fork: forkOf(trip.saved, restore, { scenario: queueing('drf') }) });
    const replayed = fork(false);
    runInto(trip.work, 'fork-replayed', queueing('fifo'), replayed);
    const restored = fork(true);
    runInto(trip.work, 'fork-restored', queueing('fifo'), restored);
    expect(restored.handled).toBe(replayed.handled - trip.saved.state.events);
    expectSameFiles(trip.work, 'fork-replayed', ['fork-restored']);
    expect(JSON.parse(readFileSync(join(trip.work, 'fork-restored', 'summary.json'), 'utf8')).allocator).toBe('drf');
  });
});

describe('the pools allocator', () => {
  it('restores the preemptions under way: a checkpoint between the decision and the kill gives the same bytes', () => {
    // Kills take 2 s to reach the agent: the tasks chosen at 120 s are still running at 121 s, when the next run looks for room again
    // (with no cooldown, only the preemptions under way keep it from choosing more victims).
    const scenario = (): Scenario => loadScenario(join(root, 'scenarios/pools-preemption.yaml'), ['master.latency.master_to_agent=2', 'master.allocator_options.reclaim_cooldown=0']);
    const trip = roundTrip(scenario, () => 121);
    expect(trip.restores).toBe('restores');
    // Room for the 8 web tasks of 1.5 cpus on the 2 prod agents of 8 cpus: at least 12 one-cpu borrowers end, all when their kill arrives.
    const ends = readFileSync(join(trip.work, 'plain', 'tasks.csv'), 'utf8').split('\n').filter((l) => l.includes(',preempted,')).map((l) => l.split(',')[7]);
    expect(ends.length).toBeGreaterThanOrEqual(12);
    expect(new Set(ends)).toEqual(new Set(['122']));
  });
});

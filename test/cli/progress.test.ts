/**
 * Progress lines (src/cli/progress.ts, src/cli/run-progress.ts): when they
 * are written, their format, and the estimate of the time left. Every clock
 * here is a fake one, and plain lines are asked for with an interval of 0 or
 * a fake clock, so that nothing depends on the machine's speed.
 */
import { describe, expect, it } from 'vitest';
import { progress, type ProgressStream } from '../../src/cli/progress.js';
import { formatDuration, horizonOf, RunsProgress, shareDone } from '../../src/cli/run-progress.js';
import { loadScenario } from '../../src/scenario/load.js';
import { root } from '../helpers/cli.js';
import { join } from 'node:path';

/** A stand-in for stderr that keeps what is written. */
function stream(isTTY: boolean): ProgressStream & { text: string } {
  const s = { isTTY, text: '', write: (chunk: string) => ((s.text += chunk), true) };
  return s as ProgressStream & { text: string };
}

/** A clock that moves only when told to. */
function fakeClock(start = 1_000_000): { now: () => number; advance(ms: number): void } {
  let t = start;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

describe('progress', () => {
  it('writes nothing when stderr is not a terminal and --progress is not given', () => {
    const out = stream(false);
    const p = progress(out, { clock: fakeClock().now, env: {} });
    p.update('one');
    p.update('two');
    p.done();
    expect(out.text).toBe('');
  });

  it('with --progress and no terminal, writes plain lines, at most one per interval', () => {
    const out = stream(false);
    const clock = fakeClock();
    const p = progress(out, { plain: true, intervalMs: 5000, clock: clock.now, env: {} });
    p.update('first'); // written at once
    clock.advance(4999);
    p.update('too soon');
    clock.advance(1);
    p.update('second');
    p.done();
    expect(out.text).toBe('first\nsecond\n');
  });

  it('with an interval of 0 writes every update as its own line', () => {
    const out = stream(false);
    const p = progress(out, { plain: true, intervalMs: 0, clock: fakeClock().now, env: {} });
    for (const m of ['a', 'b', 'c']) p.update(m);
    expect(out.text).toBe('a\nb\nc\n');
  });

  it('on a terminal redraws one live line and clears it at the end, --progress or not', () => {
    for (const plain of [false, true]) {
      const out = stream(true);
      const clock = fakeClock();
      const p = progress(out, { plain, clock: clock.now, env: {} });
      p.update('a');
      clock.advance(100);
      p.update('skipped: within 200 ms');
      clock.advance(100);
      p.update('b');
      p.done();
      expect(out.text).toBe('\r\x1b[Ka\r\x1b[Kb\r\x1b[K');
    }
  });

  it('under CI a terminal gets no live line, and plain lines only with --progress', () => {
    const quiet = stream(true);
    progress(quiet, { clock: fakeClock().now, env: { CI: 'true' } }).update('x');
    expect(quiet.text).toBe('');
    const plain = stream(true);
    progress(plain, { plain: true, intervalMs: 0, clock: fakeClock().now, env: { CI: 'true' } }).update('x');
    expect(plain.text).toBe('x\n');
  });
});

/** A board writing every line (interval 0) on a fake clock. */
function board(title: string, total: number) {
  const out = stream(false);
  const clock = fakeClock();
  const runs = new RunsProgress(title, total, progress(out, { plain: true, intervalMs: 0, clock: clock.now, env: {} }), clock.now);
  return { out, clock, runs, lines: () => out.text.trim().split('\n') };
}

describe('the progress line', () => {
  it('of one run with until: simulated time of until, events, tasks and the time left from the share of until reached', () => {
    const { runs, clock, lines } = board('quickstart', 1);
    runs.start(0, 'quickstart', { until: 3600 });
    clock.advance(10_000);
    runs.tick(0, { now: 900, events: 65_536, tasks: 1234, jobs: 40 });
    clock.advance(20_000);
    runs.tick(0, { now: 1800.7, events: 131_072, tasks: 2500, jobs: 80 });
    expect(lines()).toEqual([
      'quickstart: simulated 0 s of 3,600 (0%), 0 events, 0 tasks done; time left unknown',
      // 25 % in 10 s: 30 s left.
      'quickstart: simulated 900 s of 3,600 (25%), 65,536 events, 1,234 tasks done; about 30 s left',
      // 50 % in 30 s: 30 s left.
      'quickstart: simulated 1,800 s of 3,600 (50%), 131,072 events, 2,500 tasks done; about 30 s left',
    ]);
  });

  it('of one run until drained with a known workload: jobs ended of the jobs it will submit', () => {
    const { runs, clock, lines } = board('mix', 1);
    runs.start(0, 'mix', { jobs: 200 });
    clock.advance(90_000);
    runs.tick(0, { now: 5000, events: 10, tasks: 300, jobs: 50 });
    // 25 % in 90 s: 270 s left.
    expect(lines()[1]).toBe('mix: simulated 5,000 s, 50 of 200 jobs (25%), 10 events, 300 tasks done; about 4 min 30 s left');
  });

  it('of one run with no horizon: no estimate', () => {
    const { runs, clock, lines } = board('trace', 1);
    runs.start(0, 'trace', undefined);
    clock.advance(60_000);
    runs.tick(0, { now: 86_400, events: 7, tasks: 3, jobs: 1 });
    expect(lines()[1]).toBe('trace: simulated 86,400 s, 7 events, 3 tasks done; time left unknown');
  });

  it('of several runs: runs done, the running ones, totals over all runs, and the estimate over them', () => {
    const { runs, clock, lines } = board('compare q', 4);
    runs.start(0, 'drf seed 1', { until: 1000 });
    runs.start(1, 'fifo seed 1', { until: 1000 });
    clock.advance(30_000);
    runs.tick(0, { now: 1000, events: 100, tasks: 10, jobs: 1 });
    runs.finish(0);
    runs.tick(1, { now: 500, events: 60, tasks: 6, jobs: 1 });
    // (1 done + 0.5) of 4 in 30 s: 50 s left.
    expect(lines().at(-1)).toBe('compare q: 1 of 4 runs done, 1 running (fifo seed 1 at simulated 500 s of 1,000 (50%)); 160 events, 16 tasks done; about 50 s left');
    runs.start(2, 'drf seed 2', undefined);
    // A running run without a horizon: only finished runs count (1 of 4 in 30 s: 90 s left).
    expect(lines().at(-1)).toBe(
      'compare q: 1 of 4 runs done, 2 running (fifo seed 1 at simulated 500 s of 1,000 (50%); drf seed 2 at simulated 0 s); 160 events, 16 tasks done; about 1 min 30 s left',
    );
  });

  it('of a timed bench run made 3 times: the repeat, and the share over the repeats', () => {
    const { runs, clock, lines } = board('bench b', 1);
    runs.start(0, 'q drf seed 1', { until: 100 });
    clock.advance(40_000);
    runs.tick(0, { now: 50, events: 5, tasks: 1, jobs: 0 }, { repeat: 2, repeats: 3 });
    // (1 + 0.5) / 3 = 50 % in 40 s: 40 s left.
    expect(lines().at(-1)).toBe('bench b: simulated 50 s of 100 (50%) (run 2 of 3), 5 events, 1 tasks done; about 40 s left');
  });

  it('formats durations in s, min and h', () => {
    expect([0, 44_600, 60_000, 754_000, 3_600_000, 12_100_000].map(formatDuration)).toEqual(['0 s', '45 s', '1 min 0 s', '12 min 34 s', '1 h 0 min', '3 h 21 min']);
  });
});

describe('a run horizon', () => {
  const scenario = (file: string, sets: string[] = []) => loadScenario(join(root, 'scenarios', file), sets);

  it('is until when the scenario has one, and its share is the simulated time reached', () => {
    const h = horizonOf(scenario('quickstart.yaml', ['until=900']));
    expect(h).toEqual({ until: 900 });
    expect(shareDone(h, { now: 300, events: 0, tasks: 0, jobs: 0 })).toBeCloseTo(1 / 3, 12);
    expect(shareDone(h, { now: 950, events: 0, tasks: 0, jobs: 0 })).toBe(1);
  });

  it('with until: drained, is the jobs every workload will submit, or the time of the last arrival', () => {
    // pools-preemption: 12 generated jobs (no end) and a list of 1 job.
    expect(horizonOf(scenario('pools-preemption.yaml'))).toEqual({ jobs: 13 });
    // quickstart: generated jobs until end: 600, and a list whose job comes at 300.
    const h = horizonOf(scenario('quickstart.yaml'));
    expect(h).toEqual({ arrivals: 600 });
    expect(shareDone(h, { now: 150, events: 0, tasks: 0, jobs: 0 })).toBe(0.25);
    // A trace is read as the run goes: unknown.
    expect(horizonOf(scenario('nasa-ipsc.yaml'))).toBeUndefined();
  });

  it('counts an explicit job list', () => {
    const s = scenario('quickstart.yaml', ['until=drained']);
    const listed = { ...s, frameworks: s.frameworks.map((f, i) => ({ ...f, workload: { jobs: Array.from({ length: i + 2 }, () => ({ submit: 0, gang: false, tasks: 1, resources: {}, duration: 1, bid: 0, priority: 1 })) } })) };
    const n = s.frameworks.length;
    expect(horizonOf(listed)).toEqual({ jobs: (n * (n + 1)) / 2 + n });
    expect(shareDone(horizonOf(listed), { now: 0, events: 0, tasks: 0, jobs: n })).toBeCloseTo(n / ((n * (n + 1)) / 2 + n), 12);
    const withService = { ...listed, frameworks: [{ ...listed.frameworks[0]!, workload: { jobs: [{ ...listed.frameworks[0]!.workload.jobs[0]!, service: true }] } }] };
    expect(horizonOf(withService)).toBeUndefined();
  });
});

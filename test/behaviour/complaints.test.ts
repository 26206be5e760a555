/**
 * The behaviours Mesos users complained about, reproduced by the scenarios in
 * scenarios/complaints/, and Mesos's remedies for them (docs/complaints.md).
 * Each scenario runs as shipped (the complaint) and with the remedy given by
 * `--set`, and the tests compare what was measured. Each bound is either worked
 * out by hand in a comment, or is a ratio between the two runs with a stated
 * margin.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryTable, type Cell } from '../../src/metrics/sinks.js';
import { runScenario } from '../../src/run.js';
import { parseScenario } from '../../src/scenario/load.js';
import type { Row } from './support.js';

const dir = join(import.meta.dirname, '..', '..', 'scenarios', 'complaints');

interface Run {
  tasks: Row[];
  offers: Row[];
}

/** Runs scenarios/complaints/<name>.yaml with `--set` overrides; the books are verified after every event. */
function run(name: string, ...sets: string[]): Run {
  const file = join(dir, `${name}.yaml`);
  const tables = { tasks: new MemoryTable(), offers: new MemoryTable(), utilization: new MemoryTable() };
  runScenario(parseScenario(readFileSync(file, 'utf8'), file, sets), tables, { verifyEvery: 1 });
  return { tasks: tables.tasks.records(), offers: tables.offers.records() };
}

/** Runs `name` with `sets` on first use (not while the tests are being collected). */
function lazily(name: string, ...sets: string[]): () => Run {
  let result: Run | undefined;
  return () => (result ??= run(name, ...sets));
}

/** A table cell as a number; a missing cell is NaN, which fails every comparison. */
const num = (c: Cell | undefined) => Number(c);
const wait = (t: Row) => num(t.start_time) - num(t.submit_time);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const ofFramework = (rows: Row[], fw: string) => rows.filter((r) => r.framework === fw);
const ofJob = (r: Run, job: string) => r.tasks.filter((t) => t.job_id === job);
/** When the last task of `fw` ended (every one of them must have run). */
function lastEnd(r: Run, fw: string): number {
  const tasks = ofFramework(r.tasks, fw);
  expect(tasks.every((t) => t.state === 'finished')).toBe(true);
  return Math.max(...tasks.map((t) => num(t.end_time)));
}

describe('offer starvation with a short decline filter (scenarios/complaints/offer-starvation.yaml)', () => {
  // Batch's 400 two-cpu tasks of 30 s on 20 eight-cpu agents: at most 80 run at once, so the
  // backlog takes at least 5 waves of 30 s: 150 s, even if batch had every agent all the time.
  const IDEAL = 150;
  const complaint = lazily('offer-starvation');

  it('ten idle services declining with 5 s filters starve the batch backlog', () => {
    expect(lastEnd(complaint(), 'batch')).toBeGreaterThanOrEqual(4 * IDEAL);
    // The agents keep going round the services: batch sees under 5% of the offers.
    expect(ofFramework(complaint().offers, 'batch').length).toBeLessThan(0.05 * complaint().offers.length);
  });

  it.each([
    ['a 120 s decline filter', 'frameworks.1.refuse_seconds=120'],
    ['suppressing offers when idle', 'frameworks.1.suppress_when_idle=true'],
  ])('%s ends it: the backlog runs within 2 × the ideal, and batch waits a fifth as long or less', (_, set) => {
    const remedied = run('offer-starvation', set);
    expect(lastEnd(remedied, 'batch')).toBeLessThanOrEqual(2 * IDEAL);
    const before = mean(ofFramework(complaint().tasks, 'batch').map(wait));
    expect(mean(ofFramework(remedied.tasks, 'batch').map(wait))).toBeLessThanOrEqual(before / 5);
  });

  it.each([5, 10])('starvation starts at refuse_seconds / allocation_interval services (refuse %i s)', (refuse) => {
    // A service that declines an agent at tick c is filtered on it until c + refuse, so it misses
    // refuse − 1 later ticks (the tick at c + refuse no longer sees the filter). With refuse − 1
    // services, an agent declined by all of them in turn reaches batch at least once every refuse
    // ticks; with refuse services, one of them is always free to be offered the agent first.
    const services = (n: number) => run('offer-starvation', `frameworks.1.count=${n}`, `frameworks.1.refuse_seconds=${refuse}`);
    expect(lastEnd(services(refuse - 1), 'batch')).toBeLessThanOrEqual(2 * IDEAL);
    expect(lastEnd(services(refuse), 'batch')).toBeGreaterThanOrEqual(4 * IDEAL);
  });
});

describe('offer hoarding (scenarios/complaints/offer-hoarding.yaml)', () => {
  const complaint = lazily('offer-hoarding');
  const remedied = lazily('offer-hoarding', 'master.offer_timeout=10');

  it('a framework holding offers for 300 s keeps batch from running until it uses them (t=200)', () => {
    // At 0 only the services framework has work, so it is offered all 10 agents; it launches its 4
    // web tasks on one and holds the other 9 until 300. It is the only one offered the rest of the
    // first agent at 5 (batch has no work before 10, so it is suppressed), and holds that too. The
    // first offer it gives up is the rest of the one its cache job uses at 200.
    const batch = ofFramework(complaint().tasks, 'batch');
    expect(Math.min(...batch.map((t) => num(t.start_time)))).toBeGreaterThanOrEqual(200);
    const held = ofFramework(complaint().offers, 'services').filter((o) => o.tasks_launched === 0 && o.outcome !== 'outstanding');
    expect(held.length).toBeGreaterThan(0);
    for (const o of held) expect(o.response_time).toBe(300);
  });

  it('offer_timeout 10 s rescinds the held offers; batch waits a tenth as long or less', () => {
    const rescinded = ofFramework(remedied().offers, 'services').filter((o) => o.outcome === 'rescinded');
    expect(rescinded.length).toBeGreaterThan(0);
    for (const o of rescinded) expect(o.response_time).toBe(10);
    // The first batch job arrives at 10, but rescinding does not hand it the agents at once. The
    // 9 offers of 0 are rescinded at 10 just before the tick at 10, and batch's revive (sent when
    // its job arrived) reaches the master just after that tick: the tick offers them to services
    // again, which holds them until 20. The rest of the first agent (4 cpus, offered to services
    // at 5) comes back at 15, when batch ranks first (share 0): 2 tasks. At 20 the 9 agents come
    // back again; both roles hold 4 cpus and 8 GB, and batch wins the tie with fewer grants.
    expect(ofJob(remedied(), 'batch/job-1').map((t) => t.start_time)).toEqual([15, 15, 20, 20]);
    const before = mean(ofFramework(complaint().tasks, 'batch').map(wait));
    expect(mean(ofFramework(remedied().tasks, 'batch').map(wait))).toBeLessThanOrEqual(before / 10);
  });
});

describe('scarce GPUs distort DRF (scenarios/complaints/gpu-distortion.yaml)', () => {
  const FILTER = 'master.allocator_options.filter_gpu_resources=true';
  const EXCLUDE = 'master.allocator_options.fair_sharing_excluded_resource_names=[gpus]';
  const onGpuAgent = (t: Row) => t.agent === 'gpu-0';

  it('without filter_gpu_resources, batch squats the GPU agent and training waits; with it, training starts at once', () => {
    // At 0 only batch has work (ml's first job comes at 20), so batch is offered every agent and
    // fills the GPU agent's 16 cpus with 4 tasks of 60 s: no training task can start before 60.
    const complaint = run('gpu-distortion');
    expect(ofFramework(complaint.tasks, 'batch').filter(onGpuAgent).length).toBeGreaterThan(0);
    for (const t of ofJob(complaint, 'ml/train')) expect(wait(t)).toBeGreaterThanOrEqual(60 - 20);
    // With the filter, batch never gets the GPU agent, which is idle when ml revives at 20.
    const remedied = run('gpu-distortion', FILTER);
    expect(ofFramework(remedied.tasks, 'batch').filter(onGpuAgent)).toEqual([]);
    expect(ofJob(remedied, 'ml/train').map(wait)).toEqual([0, 0, 0, 0]);
  });

  it('holding all 4 GPUs gives ml a dominant share of 1: its CPU tasks get no CPU agent while batch has a backlog', () => {
    // With the filter on, batch's share is at most 144/160 cpus < 1 = ml's 4/4 GPUs, so every
    // freed CPU agent goes to batch while batch has tasks to launch. The evaluation tasks get only
    // the 8 cpus the training tasks leave on the GPU agent: 2 at a time, for 60 s each, the next
    // pair launched at the tick after the last ended. The last pair starts at 40 + 3 × 61.
    const complaint = run('gpu-distortion', FILTER);
    const eval_ = ofJob(complaint, 'ml/eval');
    expect(eval_.every(onGpuAgent)).toBe(true);
    expect(Math.max(...eval_.map(wait))).toBe(3 * 61);
    const lastBatchStart = Math.max(...ofFramework(complaint.tasks, 'batch').map((t) => num(t.start_time)));
    expect(Math.max(...eval_.map((t) => num(t.start_time)))).toBeLessThan(lastBatchStart);
  });

  it('fair_sharing_excluded_resource_names: [gpus] lets ml compete on cpus and mem: every evaluation task starts by 61', () => {
    // Batch's first 36 tasks all end at 60, so at the tick at 61 nine CPU agents are free and
    // batch's share is 0. Without GPUs ml's share is 16/160 cpus = 0.1 (the GPU agent is full). Each
    // agent batch takes adds 0.1 to its share, so batch can take at most two before ml (0.1) ranks
    // first, and ml gets two of the first five agents: room for the 6 evaluation tasks still
    // waiting (4 per agent) beside the 2 that started on the GPU agent at 40.
    const remedied = run('gpu-distortion', FILTER, EXCLUDE);
    const eval_ = ofJob(remedied, 'ml/eval');
    expect(Math.max(...eval_.map((t) => num(t.start_time)))).toBeLessThanOrEqual(61);
    expect(eval_.filter((t) => !onGpuAgent(t)).length).toBeGreaterThan(0);
    expect(ofJob(remedied, 'ml/train').map(wait)).toEqual([0, 0, 0, 0]);
  });
});

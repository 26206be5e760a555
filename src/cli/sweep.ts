/**
 * `sim sweep SWEEP.yaml [--out DIR] [--workers N] [--shard i/n]` and
 * `sim merge DIR... --out DIR` (docs/sweeps.md).
 *
 * Cells run on a pool of worker threads (piscina), at most two per worker in
 * flight, and each finished cell is written at once under its key: a hash of
 * the scenario file's text, the resolved scenario with the cell's overrides,
 * the seed and the code version. A cell whose file exists is skipped, so a
 * rerun continues an interrupted sweep.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { InputError, InputErrors } from '../errors.js';
import { atField } from '../scenario/locate.js';
import { loadScenario, readText } from '../scenario/load.js';
import { allocatorOf, cells, fieldSets, loadSweep, parseShard, points, shardCells, type Cell, type Point, type Sweep } from '../sweep/spec.js';
import type { ForkTask } from '../checkpoint/task.js';
import { forkInputs, planFork } from './fork.js';
import type { CellRecord, SweepMeta } from '../sweep/records.js';
import type { CellTask } from '../sweep/worker.js';
import type { RunProgress, Summary } from '../run.js';
import type { Scenario } from '../scenario/schema.js';
import { fileFields } from '../scenario/file-fields.js';
import { allocatorSets, checkedScenario } from './checked-scenario.js';
import { scenarioInputs } from './inputs.js';
import { cellFile, readCell, readMeta, writeTables, writeWhole } from './sweep-folder.js';
import { onInterrupt } from './interrupt.js';
import { checkOutput, MARKER, markerText } from './output-guard.js';
import type { PluginPolicy } from './plugins.js';
import { progress } from './progress.js';
import { workerCount } from './run-pool.js';
import { horizonOf, RunsProgress } from './run-progress.js';
import { Provenance } from './provenance.js';
import { copyCellScenario, DataCopies, recordScenario, resolveScenario, stampSummary, storedName, type DataHashes } from './resolved-scenario.js';
import { ResultDir } from './result-dir.js';
import { packageVersion } from './version.js';

export interface SweepArgs {
  readonly sweep: string;
  readonly out?: string | undefined;
  readonly workers?: number | undefined;
  readonly shard?: string | undefined;
  readonly wallClock: boolean;
  /** Let the sweep file (or its scenario) name plug-in modules as policies. */
  readonly allowPlugins: boolean;
  /** Write into a non-empty folder that is not a sweep's. */
  readonly force: boolean;
  /** Plain progress lines when stderr is not a terminal. */
  readonly progress?: boolean;
}

/** The package version and a hash of the code that runs (the built files beside this one), independent of git. */
export function codeVersion(): string {
  const root = join(import.meta.dirname, '..');
  const hash = createHash('sha256');
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir).sort()) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(js|ts)$/.test(entry) && !entry.endsWith('.d.ts')) hash.update(relative(root, path)).update('\0').update(readFileSync(path)).update('\0');
    }
  };
  walk(root);
  return `${packageVersion()}+${hash.digest('hex').slice(0, 16)}`;
}

interface Plan {
  readonly cell: Cell;
  readonly key: string;
  /** The cell's overrides (its scenario is the point's with the cell's seed; the task runs it from its resolved file). */
  readonly sets: readonly string[];
  readonly scenario: Scenario;
  readonly task: Omit<CellTask, 'scenarioFile' | 'sets' | 'fork'>;
  /** A cell of a sweep from a checkpoint: its fork, and the sha256 its resolved scenario must have (the checkpoint's). */
  readonly fork?: { readonly fork: ForkTask; readonly scenarioSha256: string };
}

/**
 * Every cell's overrides and key, after checking that each point's scenario
 * loads and builds (loading plug-ins under `policy`), and every file the
 * sweep reads. With `hashes`, a key also covers the content of the data
 * files the point's scenario names (a changed trace runs the cells again).
 */
export async function planSweep(sweep: Sweep, wallClock: boolean, code: string, policy: PluginPolicy, hashes?: DataHashes): Promise<{ plans: Plan[]; inputs: string[] }> {
  if (sweep.fromFile !== undefined) return planForkSweep(sweep, sweep.fromFile, wallClock, code, policy);
  const scenarioFile = sweep.scenarioFile!;
  let text: string;
  try {
    text = readText(scenarioFile, 'scenario file');
  } catch (e) {
    if (e instanceof InputError) throw new InputError(atField(sweep, sweep.file, ['scenario'], e.message));
    throw e;
  }
  try {
    loadScenario(scenarioFile, sweep.set);
  } catch (e) {
    // A problem of the sweep file's `set` list is named by that file.
    if (e instanceof InputErrors) throw new InputErrors(e.problems.map((p) => (p.startsWith('--set ') ? atField(sweep, sweep.file, ['set'], p) : p)));
    throw e;
  }
  const byPoint = new Map<string, { sets: string[]; resolved: string; scenario: Scenario; data: string[]; pluginBase?: string }>();
  const plans: Plan[] = [];
  const inputs = new Set([resolve(sweep.file)]);
  for (const cell of cells({ matrix: sweep.matrix, seeds: sweep.seeds! })) {
    const id = JSON.stringify(cell.point);
    let point = byPoint.get(id);
    if (point === undefined) {
      const fields = [...sweep.set, ...fieldSets(cell.point)];
      const allocator = allocatorOf(cell.point);
      const label = pointLabel(cell.point);
      try {
        const sets = allocator === undefined ? fields : [...fields, ...allocatorSets(scenarioFile, allocator, fields, false)];
        const namer = allocator === undefined ? undefined : ({ by: 'file', file: sweep.file, field: 'matrix.allocator', what: 'sweep file' } as const);
        const { scenario, plugin } = await checkedScenario(scenarioFile, sets, namer, policy);
        for (const f of scenarioInputs(scenario, scenarioFile, plugin)) inputs.add(f);
        const { dir: _dir, ...resolved } = scenario;
        const data = hashes === undefined ? [] : fileFields(scenario).map((f) => hashes.of(resolve(scenario.dir ?? '.', f)));
        point = { sets, resolved: JSON.stringify(resolved), scenario, data, ...(plugin !== undefined ? { pluginBase: plugin.base } : {}) };
      } catch (e) {
        throw atPoint(sweep, cell.point, label, e);
      }
      byPoint.set(id, point);
    }
    const sets = [...point.sets, `seed=${cell.seed}`];
    const key = createHash('sha256').update(JSON.stringify({ code, scenario: text, resolved: point.resolved, data: point.data, sets, seed: cell.seed, wallClock })).digest('hex').slice(0, 32);
    plans.push({ cell, key, sets, scenario: point.scenario, task: { wallClock, ...(point.pluginBase !== undefined ? { pluginBase: point.pluginBase } : {}) } });
  }
  return { plans, inputs: [...inputs] };
}

/** A point as its label in messages. */
const pointLabel = (point: Point): string => (point.length === 0 ? '(no axes)' : point.map(([a, v]) => `${a}=${JSON.stringify(v)}`).join(', '));

/** An input problem of the point `point` (labelled `label`), located at the sweep file's matrix; any other error unchanged. */
function atPoint(sweep: Sweep, point: Point, label: string, e: unknown): unknown {
  if (!(e instanceof InputError)) return e;
  return new InputError(atField(sweep, sweep.file, point.length === 1 ? ['matrix', point[0]![0]] : ['matrix'], `point ${label}: ${e.message.split('\n').join('; ')}`));
}

/**
 * The cells of a sweep from the checkpoint `from` (docs/checkpoints.md): a
 * fork of the saved run per point of the matrix, under the checkpoint's seed;
 * a point that changes what a fork cannot change is refused, naming it. A
 * cell's key covers the code, the checkpoint file's bytes and the fork's
 * changes.
 */
async function planForkSweep(sweep: Sweep, from: string, wallClock: boolean, code: string, policy: PluginPolicy): Promise<{ plans: Plan[]; inputs: string[] }> {
  const plans: Plan[] = [];
  const inputs = new Set([resolve(sweep.file)]);
  for (const point of points(sweep.matrix)) {
    const sets = [...sweep.set, ...fieldSets(point)];
    const fork = await planFork(from, sets, allocatorOf(point), policy.allowPlugins, policy.load).catch((e: unknown) => {
      throw atPoint(sweep, point, pointLabel(point), e);
    });
    for (const f of forkInputs(fork)) inputs.add(f);
    const { checkpoint } = fork.checkpoint;
    const key = createHash('sha256').update(JSON.stringify({ code, checkpoint: fork.checkpoint.sha256, changes: fork.changes, wallClock })).digest('hex').slice(0, 32);
    plans.push({
      cell: { index: plans.length, point, seed: checkpoint.scenario.seed },
      key,
      sets,
      scenario: fork.original,
      task: { wallClock, ...(fork.plugin !== undefined ? { pluginBase: fork.plugin.base } : {}) },
      fork: { fork: fork.moments.fork!, scenarioSha256: checkpoint.scenario.sha256 },
    });
  }
  return { plans, inputs: [...inputs] };
}

/**
 * Prepares the sweep folder `out` (output-guard.ts: a new or empty folder, or
 * one of sim sweep or sim merge, resumed; any other only with --force) and
 * marks it as a sweep's.
 */
function openSweepFolder(out: string, inputs: readonly string[], force: boolean): string {
  const { target } = checkOutput(out, { command: 'sweep', inputs, force });
  const cellsDir = join(target, 'cells');
  try {
    mkdirSync(cellsDir, { recursive: true });
  } catch (e) {
    throw new InputError(`output folder '${out}': cannot create it (${(e as Error).message})`);
  }
  if (!lstatSync(cellsDir).isDirectory()) throw new InputError(`output folder '${out}': its cells is not a folder (expected a folder written by sim sweep)`);
  writeWhole(join(target, MARKER), markerText('sweep'));
  return target;
}

export async function sweepCommand(args: SweepArgs): Promise<number> {
  const sweep = loadSweep(args.sweep);
  const [shard, shards] = args.shard === undefined ? [1, 1] : parseShard(args.shard);
  const workers = workerCount(args.workers);
  const code = codeVersion();
  const copies = new DataCopies();
  const { plans, inputs } = await planSweep(sweep, args.wallClock, code, { allowPlugins: args.allowPlugins, load: true }, copies.hashes);
  const mine = shardCells(plans.map((p) => ({ ...p, index: p.cell.index })), shard, shards);
  const out = args.out ?? join('results', `${sweep.sweep}-sweep`);
  openSweepFolder(out, inputs, args.force);
  const provenance = new Provenance();
  provenance.earlier(out);
  for (const f of inputs) provenance.input(f);
  // Written now as unfinished, so that cells written before an interruption have their record too.
  provenance.write(out, false);
  const meta: SweepMeta = {
    sweep: sweep.sweep,
    ...(sweep.scenario !== undefined ? { scenario: sweep.scenario } : {}),
    ...(sweep.from !== undefined ? { from: sweep.from } : {}),
    set: sweep.set,
    matrix: sweep.matrix,
    seeds: [...new Set(plans.map((p) => p.cell.seed))],
    metrics: sweep.metrics ?? [],
    wall_clock: args.wallClock,
    code,
    cells: plans.map((p) => p.key),
  };
  const todo = mine.filter((p) => !existsSync(cellFile(out, p.key)));
  const board = new RunsProgress(`sweep ${sweep.sweep}`, todo.length, progress(undefined, { plain: args.progress === true }), Date.now, 'cells');
  const failures: string[] = [];
  if (todo.length > 0) {
    const pool = new Piscina<CellTask, Summary>({
      filename: new URL('../sweep/worker.js', import.meta.url).href,
      minThreads: Math.min(workers, todo.length),
      maxThreads: Math.min(workers, todo.length),
    });
    // Cells are written whole (write, then rename) on this thread: an interrupted sweep keeps whole cells only.
    const release = onInterrupt(() => pool.destroy());
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < todo.length) {
        const i = next++;
        const p = todo[i]!;
        const channel = new MessageChannel();
        channel.port1.on('message', (progress: RunProgress) => board.tick(i, progress));
        board.start(i, `cell ${p.cell.index}`, horizonOf(p.scenario));
        try {
          // The cell runs from its resolved scenario, scenarios/<h>.yaml, as sim run would from the file.
          const r = resolveScenario({ ...p.scenario, seed: p.cell.seed }, copies.hashes);
          const file = join(out, storedName(r.sha256));
          recordScenario(file, r, copies);
          provenance.data(r.data);
          // A fork runs the saved run's scenario: resolved again, it must be the checkpoint's.
          if (p.fork !== undefined && r.sha256 !== p.fork.scenarioSha256) throw new InputError(`checkpoint ${p.fork.fork.checkpoint}: its scenario does not resolve to the text it records`);
          const task: CellTask = { ...p.task, scenarioFile: file, sets: [], progress: channel.port2, ...(p.fork !== undefined ? { fork: p.fork } : {}) };
          const summary = stampSummary(await pool.run(task, { transferList: [channel.port2] }), r.sha256);
          const record: CellRecord = { key: p.key, index: p.cell.index, point: Object.fromEntries(p.cell.point), seed: p.cell.seed, summary };
          writeWhole(cellFile(out, p.key), JSON.stringify(record) + '\n');
        } catch (e) {
          failures.push(`cell ${p.cell.index} (${p.sets.join(' ')}): ${e instanceof Error ? e.message : String(e)}`);
        } finally {
          channel.port1.close();
        }
        board.finish(i);
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(2 * workers, todo.length) }, lane));
    } finally {
      board.done();
      release();
      await pool.destroy();
    }
  }
  const { finished } = writeTables(out, meta);
  provenance.write(out);
  const part = shards > 1 ? ` (shard ${shard}/${shards}: ${mine.length} of ${plans.length} cells)` : '';
  process.stdout.write(
    `sweep ${sweep.sweep}: ${mine.length} cells${part}; ran ${todo.length - failures.length}, skipped ${mine.length - todo.length} already done, ${failures.length} failed\n` +
      `finished  ${finished} of ${plans.length} cells in the folder\nresults   ${out}\n`,
  );
  if (failures.length === 0) return 0;
  // A failing cell is a bug in the simulator or a plug-in: exit 1, as an internal error, after keeping the finished cells.
  process.stderr.write(`sim: ${failures.length} sweep cells failed (rerun to retry them):\n${failures.join('\n')}\n`);
  return 1;
}

export interface MergeArgs {
  readonly dirs: readonly string[];
  readonly out: string;
  /** Replace a non-empty output folder that sim did not write. */
  readonly force: boolean;
}

/** `sim merge`: the cells of sweep folders (shards of one sweep) in one folder, with the tables over all of them. */
export function mergeCommand(args: MergeArgs): number {
  const metas = args.dirs.map((d) => ({ dir: d, meta: readMeta(d) }));
  const first = metas[0]!;
  const same = JSON.stringify(first.meta);
  for (const { dir, meta } of metas.slice(1)) {
    if (JSON.stringify(meta) !== same) {
      throw new InputError(`${dir}: not the same sweep as ${first.dir} (sweep.json differs: another sweep file, code version or --wall-clock)`);
    }
  }
  const dir = new ResultDir(args.out, { command: 'merge', inputs: args.dirs, force: args.force });
  try {
    mkdirSync(join(dir.staging, 'cells'));
    let copied = 0;
    for (const key of first.meta.cells) {
      const from = metas.find((m) => existsSync(cellFile(m.dir, key)));
      if (from === undefined) continue;
      const cell = readCell(from.dir, key); // validated before it is copied: a forged cell stops the merge, naming its file
      copyFileSync(cellFile(from.dir, key), cellFile(dir.staging, key));
      copyCellScenario(from.dir, cell, dir.staging);
      copied++;
    }
    writeTables(dir.staging, first.meta);
    const provenance = new Provenance();
    for (const d of args.dirs) provenance.earlier(d);
    provenance.write(dir.staging);
    dir.commit();
    const missing = first.meta.cells.length - copied;
    process.stdout.write(`merged    ${copied} of ${first.meta.cells.length} cells from ${args.dirs.length} folders${missing > 0 ? ` (${missing} missing: run their shards again)` : ''}\nresults   ${dir.target}\n`);
  } catch (e) {
    dir.abandon();
    throw e;
  }
  return 0;
}

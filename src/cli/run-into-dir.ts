/**
 * One run into a result folder on a simulation thread (`sim run`, and
 * `sim run --from`, fork.ts): the resolved scenario recorded, the run, the
 * folder committed and the summary printed.
 *
 * @module
 */
import { stallLine } from '../framework/stall.js';
import { located } from '../scenario/locate.js';
import type { Scenario } from '../scenario/schema.js';
import type { MomentsTask } from './fork-task.js';
import type { Plugin } from './plugins.js';
import { progress } from './progress.js';
import type { Provenance } from './provenance.js';
import { DataCopies, recordRun, sourcesNamed, type DataFile } from './resolved-scenario.js';
import type { ResultDir } from './result-dir.js';
import { horizonOf, RunsProgress } from './run-progress.js';
import { RunThread, workerPlugin } from './run-thread.js';
import { formatSummary } from './summary-table.js';

/** How runIntoDir runs a scenario. */
export interface RunIntoDir {
  readonly plugin: Plugin | undefined;
  readonly provenance: Provenance;
  readonly wallClock: boolean;
  readonly verify: boolean;
  /** Plain progress lines when stderr is not a terminal. */
  readonly progress?: boolean | undefined;
  /** The run's moments (checkpoints, a fork), given its data files' copies; absent: none. */
  readonly moments?: ((data: readonly DataFile[]) => MomentsTask) | undefined;
  /** Called with the staging folder and the sha256 of the resolved scenario recorded in it, before the run. */
  readonly recorded?: (staging: string, sha256: string) => void;
}

/** Records `scenario` in `dir`'s staging folder, runs it there on a simulation thread, commits the folder and prints the summary; returns the exit code. */
export async function runIntoDir(dir: ResultDir, scenario: Scenario, o: RunIntoDir): Promise<number> {
  const board = new RunsProgress(scenario.name, 1, progress(undefined, { plain: o.progress === true }));
  const thread = new RunThread();
  let data: readonly DataFile[] = [];
  try {
    // What runs is what scenario.resolved.yaml says, loaded back from it (resolved-scenario.ts).
    const recorded = recordRun(dir.staging, scenario, new DataCopies(), o.provenance);
    data = recorded.data;
    o.recorded?.(dir.staging, recorded.sha256);
    const task = {
      scenario: recorded.scenario,
      folder: dir.staging,
      scenarioSha256: recorded.sha256,
      tables: true,
      wallClock: o.wallClock,
      verifyEvery: o.verify ? 1 : 0,
      plugin: workerPlugin(o.plugin),
      moments: o.moments?.(data),
    };
    board.start(0, scenario.name, horizonOf(scenario));
    const summary = await thread.run(task, (p) => board.tick(0, p));
    board.done();
    o.provenance.write(dir.staging);
    dir.commit();
    process.stdout.write(formatSummary(summary, dir.target) + '\n');
    if (summary.stalled !== undefined) process.stderr.write(`sim: ${stallLine(summary.stalled, summary.simulated.end)}\n`);
    return 0;
  } catch (e) {
    board.done();
    // A problem of a field found on the simulation thread points at its place in the user's file, a data file by its own name.
    const named = sourcesNamed(e, dir.staging, data);
    dir.abandon();
    throw located(scenario, named);
  } finally {
    await thread.close();
  }
}

/**
 * A sweep cell, run on a worker thread: loads the scenario with the cell's
 * overrides and runs it without tables, returning its summary (and posting
 * its progress on the way when given a port).
 *
 * @module
 */
import { loadPlugin } from '../allocator/plugin.js';
import { nullTable } from '../metrics/sinks.js';
import type { MessagePort } from 'node:worker_threads';
import { runScenario, type RunProgress, type Summary } from '../run.js';
import { loadScenario } from '../scenario/load.js';
import { momentsOf, type ForkTask } from '../checkpoint/task.js';

export interface CellTask {
  readonly scenarioFile: string;
  readonly sets: readonly string[];
  readonly wallClock: boolean;
  /** The allocator is a plug-in module named on the sweep's allocator axis, loaded relative to this folder. */
  readonly pluginBase?: string;
  /** Where to post the run's progress (a RunProgress now and then), if anywhere. */
  readonly progress?: MessagePort;
  /** A cell of a sweep from a checkpoint: the fork to make, and the sha256 of the resolved scenario (the saved run's) in `scenarioFile`. */
  readonly fork?: { readonly fork: ForkTask; readonly scenarioSha256: string };
}

export async function runCell(task: CellTask): Promise<Summary> {
  const scenario = loadScenario(task.scenarioFile, task.sets);
  const factory = task.pluginBase === undefined ? undefined : await loadPlugin(scenario.master.allocator, task.pluginBase);
  const port = task.progress;
  const moments = task.fork === undefined ? undefined : await momentsOf({ checkpointAt: [], data: [], fork: task.fork.fork }, task.fork.scenarioSha256);
  try {
    return runScenario(scenario, { tasks: nullTable, offers: nullTable, utilization: nullTable }, {
      wallClock: task.wallClock,
      ...(factory !== undefined ? { allocatorFactory: factory } : {}),
      ...(moments !== undefined ? { moments } : {}),
      ...(port !== undefined ? { onProgress: (_now: number, p: RunProgress) => port.postMessage(p) } : {}),
    });
  } finally {
    port?.close();
  }
}

export default runCell;

/**
 * The worker thread of run-thread.ts: runs one scenario at a time (into a
 * folder, or a bench run) and posts back its summary, progress on the way,
 * or the error.
 *
 * @module
 */
import { mkdirSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { loadPlugin } from '../allocator/plugin.js';
import { FieldError, InputError } from '../errors.js';
import { timedRun } from '../regression/timed-run.js';
import type { RunProgress, RunScenarioOptions } from '../run.js';
import { runIntoFolder, runSummaryIntoFolder } from './run-files.js';
import type { RunTask, TimedTask, WorkerReply } from './run-thread.js';
import { runMoments } from './fork-task.js';

const port = parentPort!;

const report = (progress: RunProgress, repeat = 1): void => port.postMessage({ kind: 'progress', progress: { ...progress, repeat } } satisfies WorkerReply);

async function run(task: RunTask | TimedTask): Promise<WorkerReply> {
  try {
    const factory = task.plugin === undefined ? undefined : await loadPlugin(task.plugin.name, task.plugin.base);
    if ('kind' in task) {
      return { kind: 'done', summary: timedRun(task.scenario, { timing: task.timing, repeats: task.repeats, factory, onProgress: report }) };
    }
    const options: RunScenarioOptions = {
      onProgress: (_now, progress) => report(progress),
      verifyEvery: task.verifyEvery,
      wallClock: task.wallClock,
      ...(factory !== undefined ? { allocatorFactory: factory } : {}),
      ...(task.moments !== undefined ? { moments: await runMoments(task.moments, task.scenario, task.folder, task.scenarioSha256) } : {}),
    };
    mkdirSync(task.folder, { recursive: true });
    const summary = (task.tables ? runIntoFolder : runSummaryIntoFolder)(task.scenario, task.folder, options, task.scenarioSha256);
    return { kind: 'done', summary };
  } catch (e) {
    const error = e instanceof Error ? e : new Error(String(e));
    const field = e instanceof FieldError ? { field: [...e.path], problem: e.problem } : {};
    return { kind: 'error', input: e instanceof InputError, message: error.message, stack: error.stack ?? error.message, ...field };
  }
}

port.on('message', (task: RunTask | TimedTask) => {
  void run(task).then((reply) => port.postMessage(reply));
});

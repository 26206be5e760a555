/**
 * `sim explain RESULTS TASK_ID`: the story of one task of a run, in plain
 * lines, from the run's result folder (tasks.csv, offers.csv, waits.csv and
 * summary.json; analysis/task-story.ts tells it). Nothing is written.
 *
 * @module
 */
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse';
import { InputError } from '../errors.js';
import { taskStory, waitWindow, type Row } from '../analysis/task-story.js';

export interface ExplainArgs {
  readonly results: string;
  readonly task: string;
}

/**
 * Prints the story of the task; an unknown task or a folder that is not a run's results is exit 2, one line.
 * The tables are streamed, and only the rows the story uses are kept: the task's rows of
 * tasks.csv and waits.csv, and the offers made while one of its attempts waited (memory
 * follows the task's story, not the run's size).
 */
export async function explainCommand(args: ExplainArgs): Promise<number> {
  const folder = args.results;
  const summaryFile = join(folder, 'summary.json');
  const tasksFile = join(folder, 'tasks.csv');
  if (!existsSync(folder) || !statSync(folder).isDirectory() || !existsSync(summaryFile) || !existsSync(tasksFile)) {
    throw new InputError(`sim explain: ${folder}: not a results folder of sim run (expected summary.json and tasks.csv in it)`);
  }
  if (statSync(tasksFile).size === 0) {
    throw new InputError(`sim explain: ${folder}: its tasks were not recorded (output.tasks: false; expected a run with tasks.csv: run it again with --set output.tasks=true)`);
  }
  const summary = readSummary(summaryFile);
  let example: string | undefined;
  const attempts = await matching(tasksFile, (r) => {
    example ??= r.task_id;
    return r.task_id === args.task;
  });
  if (attempts.length === 0) {
    throw new InputError(`sim explain: task ${args.task}: not in ${tasksFile} (expected a task_id of its first column${example !== undefined ? `, such as ${example}` : ''})`);
  }
  const offersFile = join(folder, 'offers.csv');
  const recorded = existsSync(offersFile) && statSync(offersFile).size > 0;
  const windows = attempts.map((a) => waitWindow(a, summary.end));
  const wait = join(folder, 'waits.csv');
  const lines = taskStory(args.task, {
    resources: summary.resources,
    end: summary.end,
    attempts,
    offers: recorded ? await matching(offersFile, (o) => windows.some(([from, to]) => Number(o.time) >= from && Number(o.time) <= to)) : undefined,
    waits: existsSync(wait) ? await matching(wait, (r) => r.task_id === args.task) : undefined,
  });
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}

/** The rows of a table that `keep` keeps, read as a stream. */
async function matching(file: string, keep: (row: Row) => boolean): Promise<Row[]> {
  const kept: Row[] = [];
  try {
    for await (const row of createReadStream(file).pipe(parse({ columns: true, skip_empty_lines: true }))) {
      if (keep(row as Row)) kept.push(row as Row);
    }
  } catch (e) {
    throw new InputError(`sim explain: ${file}: not a CSV table sim wrote (${e instanceof Error ? e.message : String(e)})`);
  }
  return kept;
}

function readSummary(file: string): { resources: string[]; end: number } {
  let s: unknown;
  try {
    s = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw new InputError(`sim explain: ${file}: not JSON (expected the summary.json of sim run)`);
  }
  const o = s as { resources?: unknown; simulated?: { end?: unknown } };
  if (!Array.isArray(o.resources) || !o.resources.every((r) => typeof r === 'string') || typeof o.simulated?.end !== 'number') {
    throw new InputError(`sim explain: ${file}: not the summary.json of sim run (expected resources and simulated.end)`);
  }
  return { resources: o.resources as string[], end: o.simulated.end };
}

/**
 * The moments of a `sim run` or `sim compare` run on the simulation thread
 * (src/checkpoint/task.ts), with the checkpoints written into the run's
 * folder, and a fork's tables read from the saved run's (table-prefix.ts).
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunMoments } from '../checkpoint/moments.js';
import { momentsOf, type MomentsTask } from '../checkpoint/task.js';
import type { Scenario } from '../scenario/schema.js';
import { writeCheckpoint } from './checkpoint-file.js';
import { RESOLVED_FILE } from './resolved-scenario.js';
import { tablePrefixes } from './table-prefix.js';

export type { MomentsTask } from '../checkpoint/task.js';

/** The run's moments, saving checkpoints into `folder` (whose scenario.resolved.yaml, of sha256 `scenarioSha256`, is the run's). */
export function runMoments(task: MomentsTask, scenario: Scenario, folder: string, scenarioSha256: string): Promise<RunMoments> {
  const recorded = { name: scenario.name, seed: scenario.seed, sha256: scenarioSha256, data: task.data };
  return momentsOf(
    task,
    scenarioSha256,
    (at, state, digest, snapshot) => writeCheckpoint(folder, { ...recorded, resolved: readFileSync(join(folder, RESOLVED_FILE), 'utf8') }, at, state, digest, snapshot),
    task.fork?.state === undefined ? undefined : tablePrefixes(task.fork.checkpoint),
  );
}

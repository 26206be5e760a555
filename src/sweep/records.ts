/**
 * What a sweep folder holds, as read back by `sim sweep` (resuming),
 * `sim merge` and `sim report`: `sweep.json` and `cells/<key>.json`,
 * validated as untrusted input (a folder may have been edited or forged). A
 * cell key is 32 hexadecimal digits, so that a cell's file name can never
 * leave the folder's `cells/`.
 *
 * @module
 */
import { z } from 'zod';
import { SummarySchema } from '../analysis/summary-schema.js';
import { bool, expecting, folderName, problem, report, text } from '../scenario/fields.js';
import { matrix } from './spec.js';

export const CELL_KEY = /^[0-9a-f]{32}$/;

const key = () => expecting('a cell key of 32 hexadecimal digits', z.string().regex(CELL_KEY));
const seed = () => expecting('an integer >= 0', z.int().min(0));

/** sweep.json. The fields are in the order sim writes them, which sim merge keeps. */
export const SweepMetaSchema = expecting(
  "a mapping with 'sweep', 'scenario', 'set', 'matrix', 'seeds', 'metrics', 'wall_clock', 'code' and 'cells'",
  z.strictObject({
    sweep: folderName(),
    /** The sweep file's `scenario`, or (a sweep from a checkpoint) its `from`. */
    scenario: text().optional(),
    from: text().optional(),
    set: expecting('a list of path=value overrides', z.array(text())),
    matrix: matrix(),
    seeds: expecting('a non-empty list of seeds', z.array(seed()).min(1)),
    /** Metric names to collect; empty for every model metric. */
    metrics: expecting('a list of metric names', z.array(text())),
    wall_clock: bool(),
    /** package.json version and a hash of the built code. */
    code: text(),
    /** Every cell's key, in cell order. */
    cells: expecting('a list of cell keys', z.array(key())),
  }).superRefine((m, ctx) => {
    // A sweep runs a scenario from its start or forks a checkpoint: its record names exactly one.
    if ((m.scenario === undefined) === (m.from === undefined)) {
      report(ctx, ['scenario'], m.scenario, problem(m.from === undefined ? 'required field missing' : "both 'scenario' and 'from'", "one of 'scenario' (the sweep's scenario file) or 'from' (its checkpoint)"));
    }
  }),
);

export type SweepMeta = z.output<typeof SweepMetaSchema>;

/** cells/<key>.json. */
export const CellRecordSchema = expecting(
  "a mapping with 'key', 'index', 'point', 'seed' and 'summary'",
  z.strictObject({
    key: key(),
    /** Position in the sweep's cell order. */
    index: expecting('an integer >= 0', z.int().min(0)),
    /** Axis -> value. */
    point: expecting('a mapping of axis -> value', z.record(z.string(), z.unknown())),
    seed: seed(),
    summary: SummarySchema,
  }),
);

export type CellRecord = z.output<typeof CellRecordSchema>;

/**
 * A sweep's results folder, as `sim sweep` and `sim merge` write it and
 * `sim report` reads it:
 *
 * - `sweep.json`: the sweep (axes, seeds, metrics, code version) and the
 *   key of every cell, shard or not;
 * - `cells/<key>.json`: one finished cell (its point, seed and summary);
 * - `results.csv`, `compare.csv` and `compare.json`: the tables over the
 *   finished cells (sweep/results.ts makes their text).
 *
 * Every file is written to a temporary name and renamed, so a killed sweep
 * leaves only whole files. Folders and cells are read back as untrusted
 * input (sweep/records.ts).
 *
 * @module
 */
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { readJson } from '../scenario/json.js';
import { CELL_KEY, CellRecordSchema, SweepMetaSchema, type CellRecord, type SweepMeta } from '../sweep/records.js';
import { sweepTables } from '../sweep/results.js';

/** Writes `text` to `file` whole: to a temporary name first, then renamed. */
export function writeWhole(file: string, text: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  // A fresh file (never through a link someone left at the temporary name); rename replaces `file` itself, never a link's target.
  rmSync(tmp, { force: true });
  writeFileSync(tmp, text, { flag: 'wx' });
  renameSync(tmp, file);
}

/** The file of cell `key` in the sweep folder `dir`; the key must be a cell key (it cannot leave `dir/cells/`). */
export function cellFile(dir: string, key: string): string {
  if (!CELL_KEY.test(key)) throw new InputError(`cell key '${key}' is not 32 hexadecimal digits`);
  return join(dir, 'cells', `${key}.json`);
}

/** The finished cells of the sweep in `dir`, in cell order. */
export function finishedCells(dir: string, meta: SweepMeta): CellRecord[] {
  return meta.cells.filter((key) => existsSync(cellFile(dir, key))).map((key) => readCell(dir, key));
}

/** Reads and validates cell `key` of the sweep folder `dir`. */
export function readCell(dir: string, key: string): CellRecord {
  const file = cellFile(dir, key);
  const record = readJson(CellRecordSchema, file, 'a sweep cell written by sim sweep (delete it to run the cell again)');
  if (record.key !== key) throw new InputError(`${file}: key: '${record.key}' is not the cell's key (expected '${key}', as in its file name; delete it to run the cell again)`);
  return record;
}

/** Reads and validates `dir/sweep.json`. */
export function readMeta(dir: string): SweepMeta {
  const file = join(dir, 'sweep.json');
  if (!existsSync(file)) throw new InputError(`${dir}: no sweep.json (expected a folder written by sim sweep or sim merge)`);
  return readJson(SweepMetaSchema, file, 'a sweep.json written by sim sweep or sim merge');
}

/** Writes sweep.json, results.csv, compare.csv and compare.json for the finished cells. */
export function writeTables(dir: string, meta: SweepMeta): { finished: number } {
  writeWhole(join(dir, 'sweep.json'), JSON.stringify(meta, null, 2) + '\n');
  const records = finishedCells(dir, meta);
  const tables = sweepTables(meta, records);
  writeWhole(join(dir, 'results.csv'), tables.results);
  writeWhole(join(dir, 'compare.csv'), tables.compare);
  writeWhole(join(dir, 'compare.json'), tables.compareJson);
  return { finished: records.length };
}

/**
 * The saved run's tables, read for a run continued from a checkpoint that
 * holds the state (format 3, docs/checkpoints.md): a table's text up to T is
 * the first bytes of its result file beside the checkpoint. At load the
 * files are checked to be there and long enough (`checkTablePrefixes`); as a
 * table is copied its bytes are hashed, and a file whose first bytes changed
 * since the checkpoint was saved is refused (an InputError: one line, exit 2).
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { PrefixSource } from '../checkpoint/state.js';
import { InputError } from '../errors.js';

/** Bytes read at a time. */
const CHUNK = 1 << 20;

/** The result file of `table` beside the checkpoint `file`. */
export const tableFile = (file: string, table: string): string => join(dirname(resolve(file)), `${table}.csv`);

/** Refuses a checkpoint whose table files are missing or shorter than the text it records. */
export function checkTablePrefixes(file: string, tables: readonly { readonly table: string; readonly bytes: number }[]): void {
  for (const { table, bytes } of tables) {
    const path = tableFile(file, table);
    if (!existsSync(path)) throw new InputError(`sim: checkpoint ${file}: ${table}.csv is missing (expected it at ${path}, where sim run wrote it: a checkpoint continues from its result folder)`);
    const size = statSync(path).size;
    if (size < bytes) throw new InputError(`sim: checkpoint ${file}: ${table}.csv has ${size} bytes (expected at least the ${bytes} the run had written at the checkpoint: the file was cut or replaced)`);
  }
}

/** Reads each table's text from beside the checkpoint `file`, checking its sha256 as it goes. */
export function tablePrefixes(file: string): PrefixSource {
  return (table, bytes, sha256) => readPrefix(file, table, bytes, sha256);
}

function* readPrefix(file: string, table: string, bytes: number, sha256: string): Generator<Uint8Array> {
  const path = tableFile(file, table);
  const changed = (): never => {
    throw new InputError(`sim: checkpoint ${file}: ${table}.csv changed since the checkpoint was saved (expected its first ${bytes} bytes to have sha256 ${sha256})`);
  };
  if (!existsSync(path)) throw new InputError(`sim: checkpoint ${file}: ${table}.csv is missing (expected it at ${path}, where sim run wrote it)`);
  const hash = createHash('sha256');
  const fd = openSync(path, 'r');
  try {
    let done = 0;
    while (done < bytes) {
      const chunk = Buffer.allocUnsafe(Math.min(CHUNK, bytes - done));
      const n = readSync(fd, chunk, 0, chunk.length, done);
      if (n === 0) changed();
      const read = chunk.subarray(0, n);
      hash.update(read);
      done += n;
      // The last chunk is checked before it is handed over.
      if (done === bytes && hash.digest('hex') !== sha256) changed();
      yield read;
    }
  } finally {
    closeSync(fd);
  }
}

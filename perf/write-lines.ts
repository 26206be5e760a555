/**
 * Writing generated trace files for the benchmarks: lines into a file in
 * chunks of about 1 MiB, whatever the file's length.
 *
 * @module
 */
import { closeSync, openSync, writeSync } from 'node:fs';

/** Lines into a file (overwritten), each followed by `\n`; returns the bytes written. */
export function writeLines(file: string, lines: Iterable<string>): number {
  const fd = openSync(file, 'w');
  let bytes = 0;
  try {
    let chunk = '';
    for (const line of lines) {
      chunk += line + '\n';
      if (chunk.length >= 1 << 20) {
        bytes += writeSync(fd, chunk);
        chunk = '';
      }
    }
    bytes += writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
  return bytes;
}

/**
 * sha256 digests, in hex, of the files and texts a result folder records.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';

/** sha256 of a file, hex, read in chunks (a trace can be larger than memory). */
export function fileSha256(file: string): string {
  const hash = createHash('sha256');
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(1 << 20);
    let n: number;
    while ((n = readSync(fd, buffer, 0, buffer.length, null)) > 0) hash.update(buffer.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

export const textSha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

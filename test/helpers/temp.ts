/**
 * Temporary folders for tests, removed for certain: each one `tempDir` makes
 * is removed after the tests of its file (test/setup.ts registers the hook
 * for every test file), and at the latest when the worker process exits.
 * The whole run's temporary folder is checked empty at the end
 * (test/global-setup.ts), so a test that makes folders another way and
 * leaves them fails the run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made = new Set<string>();

/** A new empty folder `<tmp>/<prefix>XXXXXX`, removed after this test file's tests. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.add(dir);
  return dir;
}

/** Removes every folder `tempDir` made in this test file. */
export function removeTempDirs(): void {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
  made.clear();
}

process.on('exit', removeTempDirs);

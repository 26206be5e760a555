/**
 * ResultDir's staging folder (src/cli/result-dir.ts): a folder that happens to
 * have the staging folder's name is removed only when it carries sim's marker;
 * any other is left as it was, and the command is refused.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { ResultDir } from '../../src/cli/result-dir.js';
import { MARKER, markerText } from '../../src/cli/output-guard.js';
import { tempDir } from '../helpers/temp.js';

const rules = { command: 'run' as const, inputs: [], force: false };

it("refuses, and keeps, a user's folder with the staging folder's name", () => {
  const dir = tempDir('sim-result-dir-');
  const staging = join(dir, `.sim-tmp-out-${process.pid}`);
  mkdirSync(staging);
  writeFileSync(join(staging, 'mine.txt'), 'user');
  expect(() => new ResultDir(join(dir, 'out'), rules)).toThrow(/cannot create it \(EEXIST/);
  expect(readFileSync(join(staging, 'mine.txt'), 'utf8')).toBe('user');
  expect(existsSync(join(dir, 'out'))).toBe(false);
});

it('replaces a staging folder of that name that sim wrote (it carries the marker)', () => {
  const dir = tempDir('sim-result-dir-');
  const staging = join(dir, `.sim-tmp-out-${process.pid}`);
  mkdirSync(staging);
  writeFileSync(join(staging, MARKER), markerText('run'));
  writeFileSync(join(staging, 'old.csv'), 'old');
  const out = new ResultDir(join(dir, 'out'), rules);
  expect(existsSync(join(staging, 'old.csv'))).toBe(false);
  out.commit();
  expect(existsSync(join(dir, 'out', MARKER))).toBe(true);
});

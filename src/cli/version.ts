/**
 * The simulator's own package: its folder and version, found from this
 * file's location (never the working folder's package.json).
 *
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The folder of mesos-sim's package.json (the package root). */
export function packageRoot(): string {
  let up = import.meta.dirname;
  while (!existsSync(join(up, 'package.json')) && dirname(up) !== up) up = dirname(up);
  return up;
}

let version: string | undefined;

/** The `version` of mesos-sim's package.json. */
export function packageVersion(): string {
  version ??= (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  return version;
}

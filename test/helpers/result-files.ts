/**
 * The files of a result folder, for comparing two folders byte for byte.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Every file under `dir` but the marker and provenance.json (which name the command and invocation that wrote it), by relative path, in sorted order. */
export function resultFiles(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string): void => {
    for (const e of readdirSync(d).sort()) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (e !== '.mesos-sim.json' && e !== 'provenance.json') out.set(relative(dir, p), readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

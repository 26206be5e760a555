/**
 * Quick inputs for end-to-end tests of the `sim` bin: the quickstart scenario
 * cut to 30 simulated seconds, and a sweep of one cell of it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './cli.js';

/** Writes tiny.yaml and tiny-sweep.yaml into `dir`; returns their paths. */
export function tinyInputs(dir: string): { scenario: string; sweepFile: string } {
  const scenario = join(dir, 'tiny.yaml');
  writeFileSync(scenario, readFileSync(join(root, 'scenarios', 'quickstart.yaml'), 'utf8').replace('until: drained', 'until: 30'));
  const sweepFile = join(dir, 'tiny-sweep.yaml');
  writeFileSync(sweepFile, ['sweep: tiny', `scenario: ${scenario}`, 'matrix:', '  allocator: [drf]', 'seeds: 1', ''].join('\n'));
  return { scenario, sweepFile };
}

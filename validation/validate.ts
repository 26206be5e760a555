/**
 * `npm run validate`: runs every check of the simulator against an independent
 * reference or a published result (validation/checks/groups.ts) and prints a
 * table: check, reference, source, simulator, difference, verdict. Exits 1 if
 * any verdict is `fail` (a `pending` one does not fail). Not part of
 * `npm test`: the whole run takes minutes. docs/validation.md explains every
 * row.
 *
 * Usage: node dist/validation/validate.js [--only KEY,...] [--markdown] [--charts DIR]
 *   --only     run only these groups (keys: see groups.ts)
 *   --markdown print Markdown tables (as in docs/validation.md)
 *   --charts   write the Omega experiment's SVG charts and their figures (omega-points.csv) into DIR
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { CheckRow } from './checks/check.js';
import { GROUPS, type Context } from './checks/groups.js';
import { omegaCharts } from './checks/omega.js';
import { markdownTable, tally, textTable } from './checks/table.js';

function main(): number {
  const { values } = parseArgs({ options: { only: { type: 'string' }, markdown: { type: 'boolean' }, charts: { type: 'string' } } });
  const keys = values.only?.split(',').map((k) => k.trim());
  const unknown = keys?.filter((k) => !GROUPS.some((g) => g.key === k)) ?? [];
  if (unknown.length > 0) {
    process.stderr.write(`validate: --only ${unknown.join(',')}: no such group (expected some of ${GROUPS.map((g) => g.key).join(', ')})\n`);
    return 2;
  }
  const context: Context = {};
  const rows: CheckRow[] = [];
  for (const group of GROUPS.filter((g) => keys === undefined || keys.includes(g.key))) {
    const started = performance.now();
    const got = group.run(context);
    rows.push(...got);
    process.stderr.write(`validate: ${group.key}: ${got.length} checks in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  }
  process.stdout.write(`${values.markdown === true ? markdownTable(rows) : textTable(rows)}\n\n${tally(rows)}\n`);
  if (values.charts !== undefined) {
    if (context.omega === undefined) {
      process.stderr.write('validate: --charts needs the omega group\n');
      return 2;
    }
    mkdirSync(values.charts, { recursive: true });
    for (const [file, text] of Object.entries(omegaCharts(context.omega))) writeFileSync(join(values.charts, file), text.endsWith('\n') ? text : `${text}\n`);
  }
  return rows.some((r) => r.verdict === 'fail') ? 1 : 0;
}

process.exitCode = main();

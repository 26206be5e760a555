/**
 * The validation table as text: aligned columns for a terminal, or a Markdown
 * table for docs/validation.md. One section per group.
 *
 * @module
 */
import type { CheckRow } from './check.js';

const COLUMNS = ['check', 'reference', 'source', 'simulator', 'difference', 'verdict'] as const;

function groups(rows: readonly CheckRow[]): Map<string, CheckRow[]> {
  const out = new Map<string, CheckRow[]>();
  for (const r of rows) out.set(r.group, [...(out.get(r.group) ?? []), r]);
  return out;
}

/** Aligned plain text; a failed row is followed by its note. */
export function textTable(rows: readonly CheckRow[]): string {
  const widths = COLUMNS.map((c) => Math.max(c.length, ...rows.map((r) => r[c].length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  const out: string[] = [];
  for (const [group, rs] of groups(rows)) {
    out.push('', `== ${group}`, line(COLUMNS), line(widths.map((w) => '-'.repeat(w))));
    for (const r of rs) {
      out.push(line(COLUMNS.map((c) => r[c])));
      if (r.verdict !== 'pass' && r.note !== undefined) out.push(`   ${r.verdict}: ${r.note}`);
    }
  }
  return out.join('\n').slice(1);
}

const cell = (s: string) => s.replace(/\|/g, '\\|');

/** A Markdown table per group, under a level-3 heading. */
export function markdownTable(rows: readonly CheckRow[]): string {
  const out: string[] = [];
  for (const [group, rs] of groups(rows)) {
    out.push(`### ${group}`, '', `| ${COLUMNS.join(' | ')} |`, `|${COLUMNS.map(() => '---').join('|')}|`);
    for (const r of rs) out.push(`| ${COLUMNS.map((c) => cell(r[c])).join(' | ')} |`);
    out.push('');
  }
  return out.join('\n');
}

/** "N checks: P pass, F fail, D documented departure, Q pending". */
export function tally(rows: readonly CheckRow[]): string {
  const count = (v: CheckRow['verdict']) => rows.filter((r) => r.verdict === v).length;
  return `${rows.length} checks: ${count('pass')} pass, ${count('fail')} fail, ${count('departure')} documented departure, ${count('pending')} pending`;
}

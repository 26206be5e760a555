import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSpeed } from '../../perf/read-speed.js';
import { generateTraceFile, type GeneratedFormat } from '../../perf/traces/generate.js';
import { tempDir } from '../helpers/temp.js';

const ROWS = 2000;

/** Each generator, how the harness reads its file, and the skip reasons its rows are drawn to include. */
const CASES: readonly { generator: GeneratedFormat; read: Parameters<typeof readSpeed>[0]['format']; table?: 'batch_task' | 'batch_instance'; skips: string[] }[] = [
  { generator: 'swf', read: 'swf', skips: ['cancelled_before_start', 'partial_execution_record'] },
  { generator: 'csv', read: 'csv', skips: [] },
  { generator: 'alibaba-task', read: 'alibaba2018', table: 'batch_task', skips: ['missing_plan_mem', 'status_running', 'status_waiting'] },
  { generator: 'alibaba-instance', read: 'alibaba2018', table: 'batch_instance', skips: ['status_running', 'status_waiting'] },
];

describe('trace generators for the read-speed harness', () => {
  const dir = tempDir('sim-trace-gen-');

  for (const c of CASES) {
    it(`${c.generator}: the same file for the same seed, read whole by its reader with the skips it was drawn to include`, () => {
      const file = join(dir, `${c.generator}-1`);
      const bytes = generateTraceFile(c.generator, ROWS, 1, file);
      expect(readFileSync(file).length).toBe(bytes);
      generateTraceFile(c.generator, ROWS, 1, join(dir, `${c.generator}-again`));
      expect(readFileSync(join(dir, `${c.generator}-again`))).toEqual(readFileSync(file));
      generateTraceFile(c.generator, ROWS, 2, join(dir, `${c.generator}-2`));
      expect(readFileSync(join(dir, `${c.generator}-2`))).not.toEqual(readFileSync(file));

      const read = readSpeed({ format: c.read, files: [file], ...(c.table !== undefined ? { table: c.table } : {}) });
      expect(read.rows).toBe(ROWS);
      const skipped = Object.values(read.skipped).reduce((a, b) => a + b, 0);
      expect(read.jobs + skipped).toBe(ROWS);
      expect(Object.keys(read.skipped).sort()).toEqual(c.skips);
      // Every kind of row is common enough to matter, none takes over.
      expect(read.jobs).toBeGreaterThan(ROWS * 0.85);
    });
  }

  it('csv: a share of the rows quote a field, read as one field', () => {
    const file = join(dir, 'quoted.csv');
    generateTraceFile('csv', ROWS, 3, file);
    const quoted = readFileSync(file, 'utf8').split('\n').filter((l) => l.includes('"long, low priority"'));
    expect(quoted.length).toBeGreaterThan(0);
    expect(readSpeed({ format: 'csv', files: [file] }).jobs).toBe(ROWS);
  });
});

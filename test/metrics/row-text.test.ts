/**
 * The rows tasks.csv and waits.csv get as text (metrics/csv-text.ts, a sink's
 * `line`) are the bytes csvLine makes of the same rows as cells: every cell
 * alone (property), and whole runs' tables written both ways.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvLine } from '../../src/metrics/csv-text.js';
import { csvCell } from '../../src/metrics/csv-text.js';
import { MemoryTable, nullTable, type Cell, type TableSink } from '../../src/metrics/sinks.js';
import { runScenario } from '../../src/run.js';
import { loadScenario, parseScenario } from '../../src/scenario/load.js';
import type { Scenario } from '../../src/scenario/schema.js';

/** A sink that takes text lines, as a file does, and keeps them. */
class TextTable implements TableSink {
  readonly lines: string[] = [];
  header(columns: readonly string[]): void {
    this.lines.push(csvLine(columns));
  }
  row(cells: readonly Cell[]): void {
    this.lines.push(csvLine(cells));
  }
  line(text: string): void {
    this.lines.push(text);
  }
}

/** tasks.csv and waits.csv of `scenario`, written as cells (then made into lines by csvLine) and as text. */
function bothWays(scenario: Scenario): { cells: string[][]; text: string[][] } {
  const cells = { tasks: new MemoryTable(), waits: new MemoryTable() };
  runScenario(scenario, { tasks: cells.tasks, offers: nullTable, utilization: nullTable, waits: cells.waits }, { wallClock: false });
  const text = { tasks: new TextTable(), waits: new TextTable() };
  runScenario(scenario, { tasks: text.tasks, offers: nullTable, utilization: nullTable, waits: text.waits }, { wallClock: false });
  const lines = (t: MemoryTable): string[] => [csvLine(t.columns), ...t.rows.map(csvLine)];
  return { cells: [lines(cells.tasks), lines(cells.waits)], text: [text.tasks.lines, text.waits.lines] };
}

const cell = fc.oneof(
  fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\r', '\n', ' ', '/', '#', "'") }),
  fc.string(),
  fc.double({ noNaN: true }),
  fc.integer(),
  fc.constantFrom(-0, 0.1 + 0.2, 1e21, 5e-7, Infinity, -Infinity),
);

describe('rows as CSV text', () => {
  it('a cell made by csvCell (a number by `${n}`) is what csvLine writes for it, in any row', () => {
    fc.assert(
      fc.property(fc.array(cell, { minLength: 1, maxLength: 8 }), (cells) => {
        const text = cells.map((c) => (typeof c === 'number' ? `${c}` : csvCell(c))).join(',') + '\n';
        expect(text).toBe(csvLine(cells));
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    'scenarios/quickstart.yaml',
    'scenarios/frameworks/delay-scheduling.yaml',
    'scenarios/pools-preemption.yaml',
    'scenarios/faults/chaos.yaml',
  ])('%s: tasks.csv and waits.csv are the same bytes either way', (file) => {
    const { cells, text } = bothWays(loadScenario(file));
    expect(cells[0]!.length).toBeGreaterThan(20);
    expect(text).toEqual(cells);
  });

  it('names that need quoting are quoted the same either way', () => {
    const scenario = parseScenario(
      `name: quoting
seed: 3
until: drained
cluster:
  agents:
    - { name: a, count: 2, resources: { cpus: 4, mem: 4096 } }
frameworks:
  - name: fw
    workload:
      jobs:
        - { submit: 0, name: 'x,"y"', tasks: 3, resources: { cpus: 1, mem: 512 }, duration: 2.5 }
`,
      'quoting.yaml',
    );
    const { cells, text } = bothWays(scenario);
    expect(cells[0]!.some((l) => l.startsWith('"fw/x,""y""/0"'))).toBe(true);
    expect(text).toEqual(cells);
  });
});

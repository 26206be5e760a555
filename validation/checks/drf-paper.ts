/**
 * The DRF paper's worked example (Ghodsi et al., NSDI 2011, section 4;
 * papers.md 1.2), scenarios/validation/drf-paper.yaml: with the 1 s batch
 * interval and in the idealised mode, A ends with three tasks and B with two,
 * at dominant shares of 2/3 each, with every cpu and 14 of 18 GB in use.
 *
 * @module
 */
import { exactRow, relativeRow, type CheckRow } from './check.js';
import { runFile } from './run-file.js';

const GROUP = 'DRF paper example';
const SOURCE = 'DRF (NSDI 2011) §4';
const TOTAL = { cpus: 9, mem: 18432 };

export function drfPaperRows(): CheckRow[] {
  return [1, 0].flatMap((interval) => {
    const { tables } = runFile('scenarios/validation/drf-paper.yaml', [`master.allocation_interval=${interval}`], ['tasks']);
    const running = tables.tasks.filter((t) => t.state === 'running');
    const of = (fw: string | undefined) => running.filter((t) => fw === undefined || t.framework === fw);
    const share = (fw: string | undefined, r: 'cpus' | 'mem') => of(fw).reduce((s, t) => s + Number(t[r]), 0) / TOTAL[r];
    const mode = interval === 0 ? 'idealised mode' : `interval ${interval} s`;
    const base = (check: string) => ({ group: GROUP, check: `${mode}: ${check}`, source: SOURCE });
    return [
      exactRow(
        { ...base('tasks running, A and B'), what: 'counts', list: (xs) => xs.join(', ') },
        [of('A').length, of('B').length],
        [3, 2],
        (a, b) => a === b,
        (a, b, i) => `${'AB'[i]}: ${a} ≠ ${b}`,
      ),
      relativeRow({ ...base("A's dominant share (mem)"), referenceText: '2/3' }, share('A', 'mem'), 2 / 3, 1e-12),
      relativeRow({ ...base("B's dominant share (cpus)"), referenceText: '2/3' }, share('B', 'cpus'), 2 / 3, 1e-12),
      relativeRow({ ...base('cpus in use') }, share(undefined, 'cpus'), 1, 1e-12),
      relativeRow({ ...base('mem in use'), referenceText: '14/18' }, share(undefined, 'mem'), 14 / 18, 1e-12),
    ];
  });
}

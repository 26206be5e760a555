/**
 * Every group of checks `npm run validate` runs, in the order of the table.
 * Each group's function is the one its test under test/validation/ calls.
 *
 * @module
 */
import type { CheckRow } from './check.js';
import { drfPaperRows } from './drf-paper.js';
import { kthRows } from './kth.js';
import { mesosModelRows } from './mesos-model.js';
import { mesosTestRows } from './mesos-tests.js';
import { queueingRows } from './queueing.js';
import { OMEGA_REMEDY_SWEEP, OMEGA_SWEEP, OMEGA_TIMEOUT_SWEEP, omegaRows, runOmegaSweep, type OmegaSweep } from './omega.js';

export interface Group {
  /** For `--only`. */
  readonly key: string;
  readonly run: (context: Context) => CheckRow[];
}

/** What groups leave for the caller besides their rows (the Omega sweeps, for charts). */
export interface Context {
  omega?: { readonly label: string; readonly sweep: OmegaSweep }[];
}

export const GROUPS: readonly Group[] = [
  { key: 'kth', run: () => kthRows() },
  { key: 'queueing', run: () => queueingRows() },
  { key: 'drf', run: () => drfPaperRows() },
  { key: 'mesos-tests', run: () => mesosTestRows() },
  { key: 'mesos-model', run: () => mesosModelRows() },
  {
    key: 'omega',
    run: (context) => {
      const plain = runOmegaSweep(OMEGA_SWEEP);
      const remedy = runOmegaSweep(OMEGA_REMEDY_SWEEP);
      const timeout = runOmegaSweep(OMEGA_TIMEOUT_SWEEP);
      context.omega = [
        { label: 'no remedy', sweep: plain },
        { label: 'quota limit 15 %', sweep: remedy },
        { label: 'offer_timeout 10 s', sweep: timeout },
      ];
      return omegaRows(plain, remedy);
    },
  },
];

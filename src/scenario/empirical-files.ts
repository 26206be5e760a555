/**
 * The CSV files a scenario's distributions name, read when the scenario is
 * built: an `empirical` spec with `file` and `column` becomes one with its
 * values, the table the model samples from (workload/distributions.ts), so
 * that no model code reads a file during the run.
 *
 * A scenario that loadScenario read has its files read already, at load
 * (scenario/data-files.ts, errors at the field that names the file): its
 * values are taken as they are. Each file and column is read once, however many specs name it. A file that
 * cannot be used is an `InputError` of one line: the field that names it, then
 * the file's own problem (`FILE: ...` or `FILE:LINE: ...`, csv-column.ts).
 *
 * @module
 */
import { resolve } from 'node:path';
import { InputError } from '../errors.js';
import { readCsvColumn } from '../workload/csv-column.js';
import type { DistributionSpec } from '../model/distribution.js';
import type { DistributionSpec as ScenarioDistribution } from './distributions.js';

/** A distribution as a scenario gives it: a plain number (a constant), or a spec that may name a file. */
export type GivenDistribution = number | ScenarioDistribution;

/** A mapping of distributions as the model takes them (an entry that may be absent still may be). */
type Loaded<M> = { [k in keyof M]: DistributionSpec | Extract<M[k], undefined> };

export class EmpiricalFiles {
  /** Values by resolved path and column. */
  readonly #columns = new Map<string, readonly number[]>();

  /** `dir`: the folder that relative file names are read from (the scenario file's); absent: the working folder. */
  constructor(private readonly dir: string | undefined) {}

  /** `spec` as the model takes it; `where` names its field in error messages (e.g. `master.latency.master_to_agent`). */
  distribution(spec: GivenDistribution, where: string): DistributionSpec {
    if (typeof spec === 'number' || spec.dist !== 'empirical' || !('file' in spec)) return spec;
    // A scenario from loadScenario has its files read already (data-files.ts): the values stand beside `file`.
    const loaded = (spec as { readonly values?: readonly number[] }).values;
    return { dist: 'empirical', values: loaded ?? this.#column(spec.file, spec.column, where), interpolate: spec.interpolate };
  }

  /** Each entry of `specs` as the model takes it; `where` is the path of the mapping. */
  record<M extends { readonly [k: string]: GivenDistribution | undefined }>(specs: M, where: string): Loaded<M> {
    const entries = Object.entries<GivenDistribution | undefined>(specs);
    return Object.fromEntries(entries.map(([k, v]) => [k, v === undefined ? v : this.distribution(v, `${where}.${k}`)])) as Loaded<M>;
  }

  #column(file: string, column: string, where: string): readonly number[] {
    const path = resolve(this.dir ?? '.', file);
    const key = `${path}\0${column}`;
    let values = this.#columns.get(key);
    if (values === undefined) {
      try {
        values = readCsvColumn(path, column);
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        throw new InputError(`${where}: ${e.message}`);
      }
      this.#columns.set(key, values);
    }
    return values;
  }
}

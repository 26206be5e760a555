/** Helpers for the trace reader tests: reading a whole source, temporary files. */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ResourceSpace } from '../../../src/model/resources.js';
import type { TraceJobSpec, TraceSource } from '../../../src/workload/traces/common.js';
import { traceSource, type TraceWorkloadSpec } from '../../../src/workload/traces/index.js';
import { tempDir } from '../../helpers/temp.js';

export const FIXTURES = resolve('test/fixtures/traces');
export const space = new ResourceSpace(['cpus', 'mem']);

/** A trace workload with the defaults the schema applies. */
export function spec(format: TraceWorkloadSpec['format'], file: string, more: Partial<TraceWorkloadSpec> = {}): TraceWorkloadSpec {
  return { format, file: [file], sample: 1, load: 1, match: {}, exclude: {}, processors: 'allocated', base: FIXTURES, ...more };
}

export function readAll(source: TraceSource): TraceJobSpec[] {
  const out: TraceJobSpec[] = [];
  for (let job = source.next(); job !== undefined; job = source.next()) out.push(job as TraceJobSpec);
  return out;
}

export function jobsOf(w: TraceWorkloadSpec, s = space): { jobs: TraceJobSpec[]; source: TraceSource } {
  const source = traceSource(w, s, 'fw');
  return { jobs: readAll(source), source };
}

/** Writes `content` to a new temporary file named `name` (removed after the test file); returns its path. */
export function tempFile(name: string, content: string | Buffer): string {
  const path = join(tempDir('sim-trace-'), name);
  writeFileSync(path, content);
  return path;
}

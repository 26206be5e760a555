import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { LineReader } from '../../../src/workload/traces/line-reader.js';
import { jobsOf, readAll, spec, tempFile } from './support.js';
import { traceSource } from '../../../src/workload/traces/index.js';
import { space } from './support.js';

const LINES = 200_000;

/** A full garbage collection, so that heapUsed counts only what is still reachable. */
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function retained(): number {
  gc();
  return process.memoryUsage().heapUsed;
}

async function bigCsv(): Promise<string> {
  const file = tempFile('big.csv', '');
  const out = createWriteStream(file);
  out.write('id,submit,tasks,duration,cpus,mem,user\n');
  for (let i = 0; i < LINES; i++) {
    if (!out.write(`job${i},${i},2,${(i % 97) + 1},1,512,user${i % 13}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return file;
}

describe('streaming', () => {
  it('reads a 200,000-job trace with the heap staying far below what holding the jobs would take', async () => {
    const file = await bigCsv();
    const source = traceSource(spec('csv', file), space, 'fw');
    const before = retained();
    let peak = 0;
    let count = 0;
    let last = -1;
    for (let job = source.next(); job !== undefined; job = source.next()) {
      count++;
      expect(job.submit).toBeGreaterThan(last);
      last = job.submit;
      if (count % 20_000 === 0) peak = Math.max(peak, retained() - before);
    }
    expect(count).toBe(LINES);
    // Kept, 200,000 jobs of two tasks would hold well over 60 MB (a JobSpec, its attributes,
    // its task array, a TaskSpec and a Float64Array each). Streaming holds one job and one
    // chunk of the file.
    expect(peak).toBeLessThan(8 * 2 ** 20);
  });

  it('releases each Google 2011 job (its tasks, its resources) once it is handed out: 100,000 jobs leave a few MB', async () => {
    const file = tempFile('task_events.csv', '');
    const out = createWriteStream(file);
    const JOBS = 100_000;
    for (let j = 0; j < JOBS; j++) {
      const us = 600_000_000 + j * 1_000_000;
      const id = 7_000_000_000 + j;
      const rows = [0, 1, 4].flatMap((type) => [0, 1, 2, 3].map((t) => `${us + type * 1000},,${id},${t},${type === 0 ? '' : 5},${type},,1,0,0.0${(j % 9) + 1},0.02,0.0003,0\n`));
      if (!out.write(rows.join(''))) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    const source = traceSource(spec('google2011', file, { table: 'task_events', machine: { cpus: 32, mem: 131072 } }), space, 'fw');
    const before = retained();
    let count = 0;
    for (let job = source.next(); job !== undefined; job = source.next()) count++;
    const after = retained() - before;
    expect(count).toBe(JOBS);
    expect(source.report().jobs).toBe(JOBS); // the source is still reachable when `after` is taken
    // Kept, each job would hold its record, attributes, 4 task records and their resources:
    // 107 MB before this was fixed. What stays is the number of batches per job ID (to name a later batch
    // <id>.2) and the pipeline's 16-byte hash of each id handed out.
    expect(after).toBeLessThan(16 * 2 ** 20);
  });

  it('gives the same lines from a gzipped file, with \\r\\n and a last line without end', () => {
    const text = Array.from({ length: 5000 }, (_, i) => `line ${i} ${'é'.repeat(i % 40)}`).join('\r\n');
    const plain = tempFile('lines.txt', text);
    const zipped = tempFile('lines.txt.gz', gzipSync(readFileSync(plain)));
    for (const file of [plain, zipped]) {
      const r = new LineReader(file);
      const lines: string[] = [];
      for (let l = r.next(); l !== undefined; l = r.next()) lines.push(l);
      expect(lines).toEqual(text.split('\r\n'));
      expect(r.line).toBe(5000);
    }
  });

  it('reports a corrupt gzipped file as one line naming it', () => {
    const good = gzipSync(Buffer.from('submit,duration\n0,1\n'.repeat(1000)));
    const bad = tempFile('bad.csv.gz', Buffer.concat([good.subarray(0, 40), Buffer.alloc(40, 7)]));
    expect(() => readAll(traceSource(spec('csv', bad), space, 'fw'))).toThrow(/bad\.csv\.gz: cannot decompress/);
  });

  it('stops a gzipped read early without reading the rest', () => {
    const text = 'submit,duration\n' + Array.from({ length: 50_000 }, (_, i) => `${i},1`).join('\n');
    const zipped = tempFile('early.csv.gz', gzipSync(text));
    const { jobs, source } = jobsOf(spec('csv', zipped, { window: { end: 9 } }));
    expect(jobs).toHaveLength(10);
    expect(source.report().rows).toBe(11);
  });
});

/**
 * Reading a trace file line by line, synchronously, in bounded memory.
 *
 * The simulation loop is synchronous (the world pulls one job at a time from a
 * `JobSource`), so trace readers must be too. Plain files are read in 64 KiB
 * chunks with `fs.readSync`. Gzipped files (recognised by their magic bytes,
 * whatever their name) are inflated by a worker thread running Node's
 * streaming `zlib.createGunzip()`; the worker hands over one chunk at a time
 * through a `SharedArrayBuffer`, and this thread blocks on `Atomics.wait`
 * until it arrives. Node's synchronous zlib calls (`gunzipSync`, and the
 * internal `_processChunk`) close their stream after one call, so they cannot
 * inflate a file chunk by chunk; the worker can, with public APIs only.
 *
 * Memory: one chunk of input, one chunk of output and the current line,
 * whatever the file's length.
 *
 * @module
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { InputError } from '../../errors.js';
import { checkReadableFile } from '../readable-file.js';

const CHUNK = 1 << 16;
/** The longest line read (characters): a file without line ends (a binary file, /dev/zero) stops here. */
const MAX_LINE = 1 << 20;


/** A source of byte chunks; `undefined` at the end. */
interface ChunkSource {
  read(): Uint8Array | undefined;
  close(): void;
}

function plainChunks(fd: number): ChunkSource {
  const buffer = Buffer.allocUnsafe(CHUNK);
  return {
    read() {
      const n = readSync(fd, buffer, 0, CHUNK, null);
      return n === 0 ? undefined : buffer.subarray(0, n);
    },
    close: () => closeSync(fd),
  };
}

// Control words of the shared buffer.
const STATE = 0;
const LENGTH = 1;
const WANT = 1;
const READY = 2;
const END = 3;
const FAILED = 4;

/** The worker, as CommonJS text (`eval: true`), so it runs the same from sources and from dist/. */
const WORKER = `
const { workerData } = require('node:worker_threads');
const { createReadStream } = require('node:fs');
const { createGunzip } = require('node:zlib');
const ctl = new Int32Array(workerData.shared, 0, 2);
const data = new Uint8Array(workerData.shared, 8);
async function request() {
  while (Atomics.load(ctl, 0) !== ${WANT}) {
    const w = Atomics.waitAsync(ctl, 0, Atomics.load(ctl, 0));
    if (w.async) await w.value;
  }
}
function hand(state, bytes) {
  data.set(bytes);
  Atomics.store(ctl, 1, bytes.length);
  Atomics.store(ctl, 0, state);
  Atomics.notify(ctl, 0);
}
// A pending Atomics.waitAsync does not keep a worker's event loop alive: this timer does.
const keepAlive = setInterval(() => {}, 1 << 30);
(async () => {
  try {
    const stream = createReadStream(workerData.file, { highWaterMark: ${CHUNK} }).pipe(createGunzip({ chunkSize: ${CHUNK} }));
    for await (const chunk of stream) {
      for (let at = 0; at < chunk.length; at += data.length) {
        await request();
        hand(${READY}, chunk.subarray(at, at + data.length));
      }
    }
    await request();
    hand(${END}, new Uint8Array(0));
  } catch (e) {
    await request();
    hand(${FAILED}, Buffer.from(String(e && e.message ? e.message : e).slice(0, 1000)));
  }
  clearInterval(keepAlive);
})();
`;

function gzipChunks(file: string): ChunkSource {
  const shared = new SharedArrayBuffer(8 + CHUNK);
  const ctl = new Int32Array(shared, 0, 2);
  const data = new Uint8Array(shared, 8);
  const worker = new Worker(WORKER, { eval: true, workerData: { file, shared } });
  worker.unref();
  let ended = false;
  return {
    read() {
      if (ended) return undefined;
      Atomics.store(ctl, STATE, WANT);
      Atomics.notify(ctl, STATE);
      // The worker answers within milliseconds; ten minutes without an answer means it is gone.
      for (let waited = 0; Atomics.load(ctl, STATE) === WANT; waited++) {
        if (waited === 10) throw new Error(`${file}: the decompressing worker stopped answering`);
        Atomics.wait(ctl, STATE, WANT, 60_000);
      }
      const state = Atomics.load(ctl, STATE);
      const bytes = data.slice(0, Atomics.load(ctl, LENGTH));
      if (state === READY) return bytes;
      ended = true;
      void worker.terminate();
      if (state === FAILED) throw new InputError(`${file}: cannot decompress (${Buffer.from(bytes).toString('utf8')})`);
      return undefined;
    },
    close() {
      if (!ended) void worker.terminate();
      ended = true;
    },
  };
}

/** True when the file starts with gzip's magic bytes. */
function isGzip(fd: number): boolean {
  const head = Buffer.alloc(2);
  const n = readSync(fd, head, 0, 2, 0);
  return n === 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/**
 * The lines of a text file, one per `next()`, without their line ends
 * (`\n` or `\r\n`). `line` is the 1-based number of the line last returned.
 */
export class LineReader {
  #source: ChunkSource;
  #decoder = new TextDecoder('utf-8');
  #pending = '';
  #at = 0;
  #done = false;
  line = 0;

  constructor(readonly file: string) {
    let fd: number;
    try {
      fd = openSync(file, 'r');
    } catch (e) {
      throw new InputError(`${file}: cannot read the trace file (${(e as Error).message})`);
    }
    if (isGzip(fd)) {
      closeSync(fd);
      this.#source = gzipChunks(file);
    } else {
      this.#source = plainChunks(fd);
    }
  }

  next(): string | undefined {
    for (;;) {
      const nl = this.#pending.indexOf('\n', this.#at);
      if (nl >= 0) {
        const end = nl > this.#at && this.#pending.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
        const text = this.#pending.slice(this.#at, end);
        this.#at = nl + 1;
        this.line++;
        return text;
      }
      if (this.#done) {
        if (this.#at >= this.#pending.length) return undefined;
        const text = this.#pending.slice(this.#at);
        this.#at = this.#pending.length;
        this.line++;
        return text.endsWith('\r') ? text.slice(0, -1) : text;
      }
      if (this.#pending.length - this.#at > MAX_LINE) {
        throw new InputError(`${this.file}:${this.line + 1}: malformed row: a line longer than ${MAX_LINE / (1 << 20)} MiB (expected lines of text)`);
      }
      const chunk = this.#source.read();
      const rest = this.#pending.slice(this.#at);
      this.#at = 0;
      if (chunk === undefined) {
        this.#done = true;
        this.#pending = rest + this.#decoder.decode();
        this.#source.close();
      } else {
        this.#pending = rest + this.#decoder.decode(chunk, { stream: true });
      }
    }
  }

  /** Stops reading early (the rest of the file is never read). */
  close(): void {
    if (!this.#done) this.#source.close();
    this.#done = true;
    this.#pending = '';
    this.#at = 0;
  }
}

/** Lines of several files read one after the other (shards of one table), with file:line of the current one. */
export class ShardedLines {
  #files: readonly string[];
  #index = 0;
  #reader: LineReader | undefined;

  /** Checks at once that every file can be read, so that a wrong name is reported before a run. */
  constructor(files: readonly string[]) {
    for (const file of files) checkReadableFile(file, 'trace file');
    this.#files = files;
  }

  next(): string | undefined {
    for (;;) {
      if (this.#reader === undefined) {
        const file = this.#files[this.#index];
        if (file === undefined) return undefined;
        this.#reader = new LineReader(file);
      }
      const text = this.#reader.next();
      if (text !== undefined) return text;
      this.#reader = undefined;
      this.#index++;
    }
  }

  /** `file:line` of the line last returned. */
  get where(): string {
    const r = this.#reader;
    return r === undefined ? (this.#files[Math.max(0, this.#index - 1)] ?? '') : `${r.file}:${r.line}`;
  }

  close(): void {
    this.#reader?.close();
    this.#reader = undefined;
    this.#index = this.#files.length;
  }
}

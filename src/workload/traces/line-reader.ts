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
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { InputError } from '../../errors.js';
import { checkReadableFile } from '../readable-file.js';
import { arrayIn, booleanIn, countIn, notOwn, objectIn, savedOf, stringIn, type Saved } from './saved.js';

const CHUNK = 1 << 16;
/** The longest line read (characters): a file without line ends (a binary file, /dev/zero) stops here. */
const MAX_LINE = 1 << 20;


/** A source of byte chunks; `undefined` at the end. */
interface ChunkSource {
  read(): Uint8Array | undefined;
  close(): void;
  /** Drops the first `bytes` bytes (a source that cannot seek); returns the rest of the chunk they end in. */
  skip?(bytes: number): Uint8Array;
}

/** A source with nothing left (a file read to its end before a restore). */
const ENDED: ChunkSource = { read: () => undefined, close: () => undefined };

/** The chunks of an open plain file from byte `position` on. */
function plainChunks(fd: number, position: number): ChunkSource {
  const buffer = Buffer.allocUnsafe(CHUNK);
  return {
    read() {
      const n = readSync(fd, buffer, 0, CHUNK, position);
      position += n;
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
  const source: ChunkSource = {
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
    skip(bytes) {
      for (let left = bytes; left > 0; ) {
        const chunk = source.read();
        if (chunk === undefined) throw new InputError(`${file}: inflates to fewer than ${bytes} bytes, where the run was saved (expected the same file)`);
        if (chunk.length > left) return chunk.subarray(left);
        left -= chunk.length;
      }
      return new Uint8Array(0);
    },
  };
  return source;
}

/** True when the file starts with gzip's magic bytes. */
function isGzip(fd: number): boolean {
  const head = Buffer.alloc(2);
  const n = readSync(fd, head, 0, 2, 0);
  return n === 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/**
 * Where a LineReader is, as data (a checkpoint's, src/checkpoint/snapshot.ts):
 * enough to open the file again and go on from exactly there without reading
 * what came before.
 */
export interface LineState {
  /** Bytes taken from the file so far (a gzipped file: inflated bytes). */
  readonly offset: number;
  /** The file's size in bytes when it was opened (a changed file is refused). */
  readonly size: number;
  /** The last bytes taken that the UTF-8 decoder holds (an incomplete character, at most 3). */
  readonly held: readonly number[];
  /** The text decoded and not yet returned as lines: the partial line, and the lines after it in the chunk last read. */
  readonly rest: string;
  /** The number of the line last returned. */
  readonly line: number;
  /** True once the whole file was taken (the file is closed). */
  readonly done: boolean;
}

/**
 * How many of `tail` (the last bytes taken, oldest first, at most 3) a UTF-8
 * decoder as the WHATWG Encoding standard defines it holds at the end: the
 * bytes of a character begun and not yet complete, 0 to 3.
 */
export function heldBytes(tail: readonly number[]): number {
  for (let k = 1; k <= tail.length; k++) {
    const b = tail[tail.length - k]!;
    if (b >= 0x80 && b <= 0xbf) continue; // a continuation byte: its lead is further back
    if (b < 0xc2 || b > 0xf4) return 0; // ASCII, or a byte no character starts with
    const need = b < 0xe0 ? 2 : b < 0xf0 ? 3 : 4;
    if (k >= need) return 0;
    if (k >= 2) {
      const c = tail[tail.length - k + 1]!;
      const [lo, hi] = [b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80, b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf];
      if (c < lo || c > hi) return 0;
    }
    return k;
  }
  return 0;
}

/**
 * The lines of a text file, one per `next()`, without their line ends
 * (`\n` or `\r\n`). `line` is the 1-based number of the line last returned.
 * Made with a `saveState()` of the same file, it goes on from there: a
 * plain file is read from the saved offset on; a gzipped one is inflated
 * again up to it (those bytes are dropped, not cut into lines).
 */
export class LineReader {
  #source: ChunkSource;
  #decoder = new TextDecoder('utf-8');
  #pending = '';
  #at = 0;
  #done = false;
  /** Bytes taken from the source so far. */
  #offset = 0;
  /** The last (at most 3) bytes taken: what the decoder may hold. */
  #tail: number[] = [];
  readonly #size: number;
  line = 0;

  constructor(
    readonly file: string,
    from?: LineState,
  ) {
    let fd: number;
    try {
      fd = openSync(file, 'r');
      this.#size = fstatSync(fd).size;
    } catch (e) {
      throw new InputError(`${file}: cannot read the trace file (${(e as Error).message})`);
    }
    if (from !== undefined && from.size !== this.#size) {
      closeSync(fd);
      throw new InputError(`${file}: the trace file is ${this.#size} bytes, ${from.size} when the run was saved (expected the same file)`);
    }
    if (from?.done === true) {
      closeSync(fd);
      this.#source = ENDED;
    } else if (isGzip(fd)) {
      closeSync(fd);
      this.#source = gzipChunks(file);
    } else {
      this.#source = plainChunks(fd, from?.offset ?? 0);
    }
    if (from !== undefined) this.#restore(from);
  }

  /** Where it is, as data. */
  saveState(): LineState {
    const held = this.#done ? [] : this.#tail.slice(this.#tail.length - heldBytes(this.#tail));
    return { offset: this.#offset, size: this.#size, held, rest: this.#pending.slice(this.#at), line: this.line, done: this.#done };
  }

  /** Goes on from `s` (the source is at its offset already when plain). */
  #restore(s: LineState): void {
    this.line = s.line;
    this.#pending = s.rest;
    this.#offset = s.offset;
    if (s.done) {
      this.#done = true;
      return;
    }
    let remainder: Uint8Array | undefined;
    if (this.#source.skip !== undefined) remainder = this.#source.skip(s.offset);
    this.#tail = [...s.held];
    this.#pending += this.#decoder.decode(Uint8Array.from(s.held), { stream: true });
    if (remainder !== undefined && remainder.length > 0) this.#take(remainder);
  }

  /** Decodes `chunk` after the text pending. */
  #take(chunk: Uint8Array): void {
    this.#offset += chunk.length;
    const n = chunk.length;
    this.#tail = n >= 3 ? [chunk[n - 3]!, chunk[n - 2]!, chunk[n - 1]!] : [...this.#tail, ...chunk].slice(-3);
    this.#pending += this.#decoder.decode(chunk, { stream: true });
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
      this.#pending = this.#pending.slice(this.#at);
      this.#at = 0;
      if (chunk === undefined) {
        this.#done = true;
        this.#pending += this.#decoder.decode();
        this.#source.close();
      } else {
        this.#take(chunk);
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

  /** Where it is, as data: the file it reads (by its place in the list) and where in it. */
  saveState(): Saved {
    return { kind: 'trace file list', files: this.#files.length, index: this.#index, reader: this.#reader?.saveState() };
  }

  /** Goes on from `saved` (a saveState() of lines of the same files): the file it was reading is opened again at its place; throws when it cannot be its state. */
  loadState(saved: unknown): void {
    const s = savedOf(saved, 'trace file list');
    if (countIn(s, 'files') !== this.#files.length) notOwn(`${String(s.files)} trace files (expected ${this.#files.length})`);
    const index = countIn(s, 'index');
    if (index > this.#files.length) notOwn(`file ${index} of ${this.#files.length}`);
    const reader = s.reader === undefined ? undefined : lineState(objectIn(s, 'reader'));
    if (reader !== undefined && index === this.#files.length) notOwn('a file read past the last one');
    this.#reader?.close();
    this.#index = index;
    this.#reader = reader === undefined ? undefined : new LineReader(this.#files[index]!, reader);
  }
}

/** `s` checked as a LineState. */
function lineState(s: Saved): LineState {
  const held = arrayIn(s, 'held');
  if (held.length > 3 || !held.every((b) => Number.isInteger(b) && (b as number) >= 0x80 && (b as number) <= 0xff)) notOwn('held bytes other than up to 3 of a UTF-8 character');
  return { offset: countIn(s, 'offset'), size: countIn(s, 'size'), held: held as number[], rest: stringIn(s, 'rest'), line: countIn(s, 'line'), done: booleanIn(s, 'done') };
}

/**
 * Progress on stderr (docs/progress.md):
 *
 * - on a terminal (and not under CI), a live line, redrawn in place at most
 *   every 200 ms and cleared at the end;
 * - elsewhere (a file, a pipe, a Slurm or Kubernetes log), nothing, unless
 *   the command was given `--progress`: then a plain line (ending in a
 *   newline, never redrawn) at the first update and then at most one every
 *   `intervalMs` (5 s by default).
 *
 * The clock and the interval can be given, so that tests need no waiting.
 *
 * @module
 */
export interface Progress {
  update(message: string): void;
  done(): void;
}

export interface ProgressOptions {
  /** `--progress`: plain lines when the stream is not a terminal. */
  readonly plain?: boolean;
  /** Milliseconds between plain lines (default PLAIN_INTERVAL_MS). */
  readonly intervalMs?: number;
  /** Milliseconds now (default Date.now). */
  readonly clock?: () => number;
  /** The environment (default process.env): CI set means no live line. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** The stream progress goes to: stderr, or a stand-in in tests. */
export type ProgressStream = Pick<NodeJS.WriteStream, 'write'> & { readonly isTTY?: boolean };

/** Milliseconds between two plain lines. */
export const PLAIN_INTERVAL_MS = 5000;
/** Milliseconds between two redraws of the live line. */
const LIVE_INTERVAL_MS = 200;

export function progress(stream: ProgressStream = process.stderr, options: ProgressOptions = {}): Progress {
  const clock = options.clock ?? Date.now;
  const live = stream.isTTY === true && (options.env ?? process.env).CI === undefined;
  const plain = !live && options.plain === true;
  const interval = live ? LIVE_INTERVAL_MS : (options.intervalMs ?? PLAIN_INTERVAL_MS);
  let last = -Infinity;
  let shown = false;
  return {
    update(message) {
      if (!live && !plain) return;
      const now = clock();
      if (now - last < interval) return;
      last = now;
      shown = true;
      stream.write(live ? `\r\x1b[K${message}` : `${message}\n`);
    },
    done() {
      if (live && shown) stream.write('\r\x1b[K');
    },
  };
}

/**
 * SIGINT and SIGTERM: clean up, then exit with 130 or 143 (128 + the signal's
 * number, as a shell reports a process the signal ended).
 *
 * Signal handlers run on the main thread's event loop, so they cannot run
 * while the main thread is busy in synchronous code. That is why simulations
 * that write into a staging folder run on a worker thread (run-thread.ts):
 * the main thread only waits, and its handler terminates the worker, then
 * removes the staging folder. Cleanups registered here run newest first (the
 * worker writing into a folder is stopped before the folder is removed).
 *
 * @module
 */
import { constants } from 'node:os';

type Cleanup = () => void | Promise<void>;

const cleanups: Cleanup[] = [];
let interrupted = false;

async function onSignal(signal: 'SIGINT' | 'SIGTERM'): Promise<void> {
  if (interrupted) return;
  interrupted = true;
  for (const c of [...cleanups].reverse()) {
    try {
      await c();
    } catch {
      // Cleaning up as far as possible: the exit code already says the command did not finish.
    }
  }
  process.exit(128 + constants.signals[signal]);
}

const onInt = (): void => void onSignal('SIGINT');
const onTerm = (): void => void onSignal('SIGTERM');

/**
 * Runs `cleanup` if SIGINT or SIGTERM arrives before the returned function is
 * called. While any cleanup is registered, the signals exit after cleaning up.
 */
export function onInterrupt(cleanup: Cleanup): () => void {
  if (cleanups.length === 0) {
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
  }
  cleanups.push(cleanup);
  return () => {
    const i = cleanups.indexOf(cleanup);
    if (i >= 0) cleanups.splice(i, 1);
    if (cleanups.length === 0) {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    }
  };
}

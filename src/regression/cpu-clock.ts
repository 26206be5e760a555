/**
 * The allocator's CPU time, as `sim bench` measures it: an allocator factory
 * whose allocators add up the process CPU time (user + system,
 * `process.cpuUsage()`, microsecond resolution) spent inside `allocate` and
 * `preempt`. CPU time, unlike wall-clock time, does not count the time the
 * process waits for a core, so a busy machine inflates it far less (docs/bench.md
 * gives the figures). It still counts the process's other threads (V8's
 * garbage collector helpers) while a call runs.
 *
 * The wrapper only observes: it returns what the allocator returns, so the run
 * is the same with or without it.
 *
 * @module
 */
import type { Allocator, AllocatorFactory } from '../allocator/types.js';

export interface CpuTimedFactory {
  readonly factory: AllocatorFactory;
  /** CPU seconds spent in the allocators it created since the last `take()`; resets the count. */
  take(): number;
}

/** Process CPU time in microseconds (user + system, every thread of the process). */
const cpuMicros = (): number => {
  const { user, system } = process.cpuUsage();
  return user + system;
};

/** `inner` with every allocator it creates timed in CPU time. */
export function cpuTimed(inner: AllocatorFactory): CpuTimedFactory {
  let micros = 0;
  const timed = <A extends unknown[], R>(f: (...args: A) => R, self: Allocator) =>
    (...args: A): R => {
      const started = cpuMicros();
      try {
        return f.apply(self, args);
      } finally {
        micros += cpuMicros() - started;
      }
    };
  const wrap = (allocator: Allocator): Allocator =>
    // A proxy rather than a copy, so that every other member of the allocator (present or added later) stays as it is.
    new Proxy(allocator, {
      get(target, key, receiver) {
        const value: unknown = Reflect.get(target, key, receiver);
        return (key === 'allocate' || key === 'preempt') && typeof value === 'function' ? timed(value as (...a: unknown[]) => unknown, target) : value;
      },
    });
  return {
    factory: { description: inner.description, create: (ctx) => wrap(inner.create(ctx)) },
    take() {
      const seconds = micros / 1e6;
      micros = 0;
      return seconds;
    },
  };
}

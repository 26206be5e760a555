/**
 * The yardstick of the queueing benchmark (queueing-bench.ts): the model of
 * scenarios/bench/queueing.yaml (an M/M/c queue served first come, first
 * served) as a bare event loop over typed arrays, with none of the
 * simulator's machinery: no messages, offers, records or result files.
 *
 * Events are a binary heap keyed by (time, sequence number) with an integer
 * payload: -1 for the next arrival, otherwise the slot whose task ends. Two
 * events a job (its arrival and its end). A job that finds no free slot waits
 * in a ring buffer of arrival times. Which free slot a job takes does not
 * change the queue (the simulator's `fifo` takes the first agent that fits;
 * this takes the last slot freed). Memory is fixed by c, not by the number of
 * jobs.
 *
 * @module
 */
import seedrandom from 'seedrandom';

export interface QueueModel {
  /** Servers: agents × one-cpu slots per agent. */
  readonly slots: number;
  /** Arrivals a second (Poisson). */
  readonly rate: number;
  /** Mean task duration, in seconds (exponential). */
  readonly meanDuration: number;
  readonly jobs: number;
  readonly seed: number;
}

export interface BareOutcome {
  /** Events handled (arrivals and ends). */
  readonly events: number;
  /** Mean wait in queue, seconds. */
  readonly meanWait: number;
  /** Simulated time of the last end, seconds. */
  readonly end: number;
}

const ARRIVAL = -1;

/** Runs the model to the end of the last job. */
export function bareQueueLoop(m: QueueModel): BareOutcome {
  const draw = seedrandom.alea(`${m.seed}/bare-queue`);
  const exp = (mean: number): number => -mean * Math.log(1 - draw());
  // The heap: at most one arrival and one end per slot are pending.
  const cap = m.slots + 1;
  const times = new Float64Array(cap);
  const seqs = new Float64Array(cap);
  const payloads = new Int32Array(cap);
  let size = 0;
  let seq = 0;
  const push = (time: number, payload: number): void => {
    const s = seq++;
    let i = size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (times[parent]! < time || (times[parent] === time && seqs[parent]! < s)) break;
      times[i] = times[parent]!;
      seqs[i] = seqs[parent]!;
      payloads[i] = payloads[parent]!;
      i = parent;
    }
    times[i] = time;
    seqs[i] = s;
    payloads[i] = payload;
  };
  /** Removes the root (read before calling). */
  const popRoot = (): void => {
    const n = --size;
    const time = times[n]!;
    const s = seqs[n]!;
    const payload = payloads[n]!;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      const r = c + 1;
      if (r < n && (times[r]! < times[c]! || (times[r] === times[c] && seqs[r]! < seqs[c]!))) c = r;
      if (times[c]! > time || (times[c] === time && seqs[c]! > s)) break;
      times[i] = times[c]!;
      seqs[i] = seqs[c]!;
      payloads[i] = payloads[c]!;
      i = c;
    }
    times[i] = time;
    seqs[i] = s;
    payloads[i] = payload;
  };

  const free = new Int32Array(m.slots);
  for (let i = 0; i < m.slots; i++) free[i] = m.slots - 1 - i;
  let freeCount = m.slots;
  let waiting = new Float64Array(1024); // arrival times, a ring buffer
  let head = 0;
  let queued = 0;
  let arrived = 0;
  let events = 0;
  let waitSum = 0;
  let now = 0;

  push(exp(1 / m.rate), ARRIVAL);
  while (size > 0) {
    now = times[0]!;
    const payload = payloads[0]!;
    popRoot();
    events++;
    if (payload === ARRIVAL) {
      arrived++;
      if (arrived < m.jobs) push(now + exp(1 / m.rate), ARRIVAL);
      if (freeCount > 0) {
        push(now + exp(m.meanDuration), free[--freeCount]!);
      } else {
        if (queued === waiting.length) {
          const grown = new Float64Array(waiting.length * 2);
          for (let k = 0; k < queued; k++) grown[k] = waiting[(head + k) % waiting.length]!;
          waiting = grown;
          head = 0;
        }
        waiting[(head + queued++) % waiting.length] = now;
      }
    } else if (queued > 0) {
      waitSum += now - waiting[head]!;
      head = (head + 1) % waiting.length;
      queued--;
      push(now + exp(m.meanDuration), payload);
    } else {
      free[freeCount++] = payload;
    }
  }
  return { events, meanWait: waitSum / m.jobs, end: now };
}

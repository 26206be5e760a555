/**
 * Helpers for the baseline allocators' tests: one framework per job list, and
 * the start times of each job's tasks.
 */
import type { JobSpec } from '../../../src/model/job.js';
import type { FrameworkSpec } from '../../../src/world.js';
import { agents, buildWorld, framework, job, runToEnd, type Built } from '../../helpers/world.js';

/** A framework in a role of its own name, with no decline filters (refuse 0). */
export const fw = (name: string, jobs: readonly JobSpec[], overrides: Partial<FrameworkSpec> = {}) =>
  framework(name, name, jobs, { refuseSeconds: 0, ...overrides });

/** Start times of each job's tasks ('<framework>/<job>' → sorted; -1: never started). */
export function starts(b: Built): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const r of b.tasks.records()) (out[r.job_id as string] ??= []).push(r.start_time === '' ? -1 : Number(r.start_time));
  for (const k of Object.keys(out)) out[k]!.sort((x, y) => x - y);
  return out;
}

/** Agents of each job's tasks ('<framework>/<job>' → agent names in task order). */
export function placedOn(b: Built): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const r of b.tasks.records()) (out[r.job_id as string] ??= []).push(r.agent as string);
  return out;
}

/** Runs the world under `allocator` to its end (books checked after every event). A world's job lists are read once: build a new one per run. */
export function run(spec: Parameters<typeof buildWorld>[0], allocator: string, options: Record<string, unknown> = {}) {
  const b = buildWorld(spec, allocator, 1, options);
  const result = runToEnd(b);
  return { b, ...result, starts: starts(b) };
}

/**
 * One agent of 4 cpus. 'a' runs 'long' (3 cpus, 0–10 s), then submits 'big'
 * (4 cpus, 5 s) at t=1, which must wait for it; 'b' submits 'small' (1 cpu,
 * `small` s) at t=2, which would fit the free cpu at once.
 */
export const headOfLine = (small: number) => ({
  agents: agents(1, { cpus: 4, mem: 4096 }),
  frameworks: [
    fw('a', [job('long', 0, 1, { cpus: 3, mem: 1024 }, 10), job('big', 1, 1, { cpus: 4, mem: 1024 }, 5)]),
    fw('b', [job('small', 2, 1, { cpus: 1, mem: 1024 }, small)]),
  ],
});

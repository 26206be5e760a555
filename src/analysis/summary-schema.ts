/**
 * The parts of a run's summary.json that are read back (by sim report, sim
 * merge and resumed sweeps, from folders that may have been edited or
 * forged): every field that summary-metrics.ts, the report's tables and
 * charts, and the comparisons use. Other fields are kept as they are.
 *
 * @module
 */
import { z } from 'zod';
import type { Summary } from '../run.js';
import { expecting, RESOURCE_NAME, text } from '../scenario/fields.js';

/** A figure of a run: a finite number, or null where the run has none. */
const figure = () => expecting('a number or null', z.number().nullable());
const count = () => expecting('a number >= 0', z.number().min(0));
const figures = <K extends string>(...keys: K[]) => z.looseObject(Object.fromEntries(keys.map((k) => [k, figure()])) as Record<K, ReturnType<typeof figure>>);
const counts = <K extends string>(...keys: K[]) => z.looseObject(Object.fromEntries(keys.map((k) => [k, count()])) as Record<K, ReturnType<typeof count>>);

const RESOURCE_WORDS = "a resource name (a letter or '_', then letters, digits, '_', '.' or '-')";

export const SummarySchema = expecting(
  'a summary written by sim run',
  z.looseObject({
    scenario: text(),
    seed: expecting('a number', z.number()),
    allocator: text(),
    resources: expecting('a list of resource names', z.array(expecting(RESOURCE_WORDS, z.string().regex(RESOURCE_NAME)))),
    tasks: counts('started', 'preempted', 'lost'),
    utilization: z.record(expecting(RESOURCE_WORDS, z.string().regex(RESOURCE_NAME)), figures('allocated_mean')),
    wait_time: figures('mean', 'p95', 'p99'),
    job_completion_time: figures('mean', 'p95'),
    jobs: counts('completed'),
    offers: counts('accepted', 'declined', 'rescinded'),
    allocation_runs: figures('wall_ms_per_run'),
    makespan: figure(),
    throughput: figures('tasks_per_hour'),
    fairness: figures('jain_mean'),
    // Absent in results written before waits were attributed (metrics/waits.ts).
    waits: z
      .looseObject({
        all: z.looseObject({
          seconds: count(),
          causes: z.record(expecting('a cause name', z.string().regex(/^[a-z_]+$/)), z.looseObject({ seconds: count(), share: figure() })),
        }),
      })
      .optional(),
  }),
).transform((s) => s as unknown as Summary);

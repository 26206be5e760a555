/**
 * Events the scenario scripts: its timeline, its agents' and frameworks'
 * arrivals and departures, and the jobs its workloads submit. They are
 * scheduled when the world is built (a workload's next job when the last one
 * arrives), never sent by a component.
 *
 * @module
 */
import type { JobSpec } from '../job.js';
import type { Quantities } from '../resources.js';
import type { Quota } from '../roles.js';

export type ScriptEvent =
  | { readonly kind: 'agent-register'; readonly agent: number }
  | { readonly kind: 'agent-remove'; readonly agent: number }
  | { readonly kind: 'framework-register'; readonly framework: number }
  | { readonly kind: 'framework-unregister'; readonly framework: number }
  | { readonly kind: 'set-weight'; readonly role: string; readonly weight: number }
  | { readonly kind: 'set-pool-capacity'; readonly pool: string; readonly capacity: Quantities }
  | { readonly kind: 'set-quota'; readonly role: string; readonly quota: Quota | undefined }
  | { readonly kind: 'scale-service'; readonly framework: number; readonly job: string; readonly instances: number }
  /** The framework calls SUPPRESS (REVIVE) for `roles`, each one of its roles; undefined: all its roles (Mesos's empty list). */
  | { readonly kind: 'suppress-offers'; readonly framework: number; readonly roles: readonly string[] | undefined }
  | { readonly kind: 'revive-offers'; readonly framework: number; readonly roles: readonly string[] | undefined }
  | { readonly kind: 'job-arrival'; readonly framework: number; readonly job: JobSpec };

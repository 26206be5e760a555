/**
 * The `faults` section of a scenario: what goes wrong during a run and when.
 * Each fault model has a key of its own here (agent faults two), with its
 * schema in its folder (src/faults/<model>/schema.ts), built from the fields
 * in `fields.ts`. The schema is imported here, not through the fault
 * registry, so that the scenario format does not depend on the models'
 * runtimes. docs/faults.md is the reference for users.
 *
 * @module
 */
import { z } from 'zod';
import { agentFaultFields } from '../faults/agent/schema.js';
import { expecting } from './fields.js';
import { maintenanceWindows } from '../faults/maintenance/schema.js';
import { isolation } from '../faults/task/schema.js';
import { masterFailover } from '../faults/master-failover/schema.js';

export const faults = () =>
  expecting(
    'a mapping of fault settings',
    z.strictObject({
      /** Scheduled unavailability of agents (faults/maintenance/schema.ts). */
      maintenance: maintenanceWindows(),
      /** How agents hold tasks to their requests (faults/task/schema.ts). */
      isolation: isolation().optional(),
      ...agentFaultFields(),
      master: masterFailover().optional(),
    }),
  ).prefault({});

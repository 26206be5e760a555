/**
 * The `faults` section of a scenario: what goes wrong during a run and when.
 * Each fault model has a key of its own here, with its schema in this file
 * or beside it, built from the fields in `fields.ts`. docs/faults.md is the
 * reference for users.
 *
 * @module
 */
import { z } from 'zod';
import { expecting } from './fields.js';
import { masterFailover } from './master-failover.js';

export const faults = () =>
  expecting(
    'a mapping of fault settings',
    z.strictObject({
      master: masterFailover().optional(),
    }),
  ).prefault({});

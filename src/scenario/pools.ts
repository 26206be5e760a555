/**
 * The `pools` section (docs/scenario-format.md, pools; docs/pools.md): pool
 * name -> capacity and priority.
 *
 * @module
 */
import { z } from 'zod';
import { expecting, nonNegative, resourceMap } from './fields.js';

export const pools = () =>
  expecting(
    'a mapping of pool name -> { capacity, priority }',
    z.record(
      z.string().regex(/^[A-Za-z0-9._-]+$/),
      expecting(
        "a mapping with 'capacity' (and optionally priority)",
        z.strictObject({ capacity: resourceMap(nonNegative(), true), priority: z.number().default(0) }),
      ),
    ),
  ).default(() => ({}));

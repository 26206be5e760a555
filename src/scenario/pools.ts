/**
 * The `pools` section (docs/scenario-format.md, pools; docs/pools.md): pool
 * name -> capacity and priority.
 *
 * @module
 */
import { z } from 'zod';
import { anyNumber, expecting, name, nonNegative, resourceMap } from './fields.js';

export const pools = () =>
  expecting(
    'a mapping of pool name -> { capacity, priority }',
    z.record(
      name(),
      expecting(
        "a mapping with 'capacity' (and optionally priority)",
        z.strictObject({ capacity: resourceMap(nonNegative(), true), priority: anyNumber().default(0) }),
      ),
    ),
  ).default(() => ({}));

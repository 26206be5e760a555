/**
 * Validation of `master.allocator_options` for built-in allocators.
 *
 * @module
 */
import type { z } from 'zod';
import { InputErrors } from '../errors.js';

/** Parses `options` with `schema`; every problem becomes one line naming the option's path. */
export function parseOptions<S extends z.ZodType>(schema: S, options: unknown, allocator: string): z.output<S> {
  const result = schema.safeParse(options);
  if (result.success) return result.data;
  throw new InputErrors(
    result.error.issues.map((issue) => {
      const path = ['master', 'allocator_options', ...issue.path.map(String)].join('.');
      return `${path}: ${issue.message} (allocator '${allocator}')`;
    }),
  );
}

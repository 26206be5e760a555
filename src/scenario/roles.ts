/**
 * The `roles` section (docs/scenario-format.md, roles): weights and quota per
 * role. Quota fields and their check are shared with the timeline's `set_quota`.
 *
 * @module
 */
import { z } from 'zod';
import { expecting, hasProblems, nonNegative, positive, problem, report, resourceMap, roleKey } from './fields.js';

/** Guarantee and limit (each resource -> amount); both optional. */
export const quotaFields = () => ({
  guarantee: resourceMap(nonNegative(), false).optional(),
  limit: resourceMap(nonNegative(), false).optional(),
});

const QUOTA_ROLE_WORDS = "a top-level role, without '/' (its quota covers its subroles)";

/** Quota goes on top-level roles only, and no guarantee may exceed its limit. */
export function checkQuota(
  role: string,
  q: { guarantee?: Record<string, number> | undefined; limit?: Record<string, number> | undefined },
  ctx: { issues: z.core.$ZodRawIssue[] },
  path: readonly PropertyKey[],
  rolePath: readonly PropertyKey[],
): void {
  if (role.includes('/')) report(ctx, rolePath, role, problem(`'${role}' is not a top-level role`, QUOTA_ROLE_WORDS, role));
  for (const [resource, g] of Object.entries(q.guarantee ?? {})) {
    const l = q.limit?.[resource];
    if (l !== undefined && g > l) {
      report(ctx, [...path, 'guarantee', resource], g, problem(`exceeds the limit (${l})`, `a number <= limit.${resource} (${l})`, g));
    }
  }
}

const quota = () =>
  expecting("a mapping with 'guarantee' and/or 'limit'", z.strictObject(quotaFields()));

export const roles = () =>
  expecting(
    'a mapping of role path -> { weight, quota }',
    z.record(
      roleKey(),
      expecting(
        'a mapping with an optional weight and quota',
        z.strictObject({ weight: positive().default(1), quota: quota().optional() }),
      ),
    ),
  )
    .superRefine((rs, ctx) => {
      if (hasProblems(ctx)) return;
      for (const [role, r] of Object.entries(rs)) {
        if (r.quota !== undefined) checkQuota(role, r.quota, ctx, [role, 'quota'], [role, 'quota']);
      }
    })
    .default(() => ({}));

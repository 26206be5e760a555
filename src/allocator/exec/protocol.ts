/**
 * The exec protocol's version and the shapes of a policy's answers
 * (docs/protocol.md). A policy's line is checked against the answer expected
 * at that point; anything else stops the run.
 *
 * @module
 */
import { z } from 'zod';

/**
 * The protocol's version. Fields may be added to sim's messages within a
 * version (a policy ignores fields it does not know); a change a policy of
 * the same version could misread gets a new version. sim speaks exactly one
 * version, and a policy must answer hello with it.
 */
export const PROTOCOL_VERSION = 1;

/** The answer to hello: who the policy is, and what it wants to see and do. */
export const HelloReply = z.strictObject({
  type: z.literal('hello'),
  protocol: z.int(),
  /** Its name, for messages and summary.json. */
  policy: z.string().min(1).max(200),
  version: z.string().max(200).default(''),
  /** Ask for a preempt request before every allocation run. */
  preempts: z.boolean().default(false),
  /** Run at once when a framework has new work (Allocator.reactsToDemand). */
  reacts_to_demand: z.boolean().default(false),
  /** How many pending requests of each framework to send (0: none). */
  requests: z.int().min(0).max(1_000_000).default(0),
  /** Send each agent's staging and running tasks. */
  tasks: z.boolean().default(false),
  /** Send notifications (task started and ended, agent added and removed) with each request. */
  notifications: z.boolean().default(false),
});
export type HelloReply = z.output<typeof HelloReply>;

/** Seconds of wall-clock the policy says it spent on the request (optional, for the overhead figures). */
const wall = z.number().min(0).optional();

const amounts = z.array(z.number().int().min(0));

export const GrantsReply = z.strictObject({
  type: z.literal('grants'),
  grants: z.array(
    z.strictObject({
      framework: z.int(),
      agent: z.int(),
      /** Milli-units, in the order of the resource names. */
      resources: amounts,
      pool: z.string().optional(),
      /** Money per unit of each resource (units, not milli-units). */
      price: z.array(z.number().min(0)).optional(),
    }),
  ),
  wall,
});
export type GrantsReply = z.output<typeof GrantsReply>;

export const PreemptionsReply = z.strictObject({
  type: z.literal('preemptions'),
  /** Ids of staging or running tasks (`<job id>/<index>`). */
  tasks: z.array(z.string()),
  wall,
});
export type PreemptionsReply = z.output<typeof PreemptionsReply>;

/** A question a policy may ask while it answers preempt or allocate: more of a framework's pending requests. */
export const RequestsQuestion = z.strictObject({
  type: z.literal('requests'),
  framework: z.int().min(0),
  /** How many, from the first (at most 1,000,000). */
  limit: z.int().min(1).max(1_000_000),
});

/** A policy may give up at any request: the run stops with its message. */
export const ErrorReply = z.strictObject({
  type: z.literal('error'),
  message: z.string(),
});

/** The first problem of a failed parse, as `field: message`. */
export function firstProblem(error: z.ZodError): string {
  const issue = error.issues[0]!;
  const at = issue.path.length > 0 ? issue.path.map(String).join('.') : '(the message)';
  return `${at}: ${issue.message}`;
}

/**
 * The `master` section (docs/scenario-format.md, master): the allocator and
 * its options, offer settings, message latencies, health checks and the
 * master's flags.
 *
 * @module
 */
import { z } from 'zod';
import { DEFAULT_POLICY_TIMEOUT } from '../allocator/exec/command.js';
import { isPluginName } from '../allocator/plugin.js';
import { builtinAllocators } from '../allocator/registry.js';
import { MESSAGE_NAMES, type MessageName } from '../master/network.js';
import { healthCheckFields } from '../faults/agent/schema.js';
import { DIST_WORDS, distribution } from './distributions.js';
import { expecting, key, nonNegative, period, problem, resourceMap, seconds } from './fields.js';
import { masterFlags } from '../faults/master-failover/schema.js';
import { MAX_SECONDS } from '../model/limits.js';

/** A latency: seconds, or a distribution of seconds (plain numbers stay numbers). */
const latencyValue = () =>
  expecting(`a number of seconds >= 0, or ${DIST_WORDS.replace(/^a number >= 0, or /, '')}`, z.union([seconds(), distribution()]));

const DEFAULT_MIN_ALLOCATABLE = [{ cpus: 0.01 }, { mem: 32 }];

/** A built-in allocator's name, or a plug-in module's path (loaded only with the command line's consent). */
const allocatorName = () => {
  const words = `one of: ${Object.keys(builtinAllocators).join(', ')}, or a plug-in module path such as ./my-allocator.js, or exec:COMMAND (a policy in another process)`;
  return expecting(
    words,
    z.string().refine((n) => Object.hasOwn(builtinAllocators, n) || isPluginName(n), {
      error: (iss) => problem(`unknown allocator '${String(iss.input)}'`, words),
    }),
  );
};

export const master = () =>
  expecting(
    'a mapping of master settings',
    z.strictObject({
      allocator: allocatorName().default('drf'),
      allocator_options: expecting('a mapping', z.record(key(), z.unknown())).default(() => ({})),
      /** An exec: policy's longest wait for an answer (wall-clock s); docs/protocol.md. */
      policy_timeout: seconds(true).default(DEFAULT_POLICY_TIMEOUT),
      allocation_interval: period(true).default(1),
      refuse_seconds: seconds().default(5),
      offer_timeout: expecting(
        'a number of seconds > 0, or null (never)',
        z.union([expecting('a number of seconds > 0, or null (never)', z.number().positive().max(MAX_SECONDS)), z.null()]),
      ).default(null),
      min_allocatable: expecting('a list of resource mappings', z.array(resourceMap(nonNegative(), false))).default(
        () => DEFAULT_MIN_ALLOCATABLE.map((m) => ({ ...m })),
      ),
      latency: expecting(
        'a mapping of master_to_framework, framework_to_master, master_to_agent, agent_to_master and messages',
        z.strictObject({
          master_to_framework: latencyValue().default(0),
          framework_to_master: latencyValue().default(0),
          master_to_agent: latencyValue().default(0),
          agent_to_master: latencyValue().default(0),
          messages: expecting(
            'a mapping of message kind -> latency',
            z.strictObject(
              Object.fromEntries(MESSAGE_NAMES.map((n) => [n, latencyValue().optional()])) as Record<MessageName, z.ZodOptional<ReturnType<typeof latencyValue>>>,
            ),
          ).default(() => ({})),
        }),
      ).prefault({}),
      ...healthCheckFields(),
      ...masterFlags(),
    }),
  ).prefault({});

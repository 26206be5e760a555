/**
 * The names the timeline uses, checked against the rest of the scenario
 * (references.ts runs it once every section is valid on its own): agents it
 * removes, frameworks it unregisters, suppresses, revives or scales, the
 * roles a suppress or revive names, and the service a scale names.
 *
 * @module
 */
import type { z } from 'zod';
import type { Expanded } from './expand.js';
import { problem, report, some } from './fields.js';
import type { FrameworkSpec } from './frameworks.js';
import type { TimelineEntrySpec } from './timeline.js';

type Ctx = { issues: z.core.$ZodRawIssue[] };

/** What the timeline may name: agents `<group>-<k>` (described by `agentWords`) and the expanded frameworks. */
export interface TimelineNames {
  readonly agents: ReadonlySet<string>;
  readonly agentWords: string;
  readonly frameworks: readonly Expanded<FrameworkSpec>[];
}

export function checkTimelineReferences(timeline: readonly TimelineEntrySpec[], names: TimelineNames, ctx: Ctx): void {
  const byName = new Map(names.frameworks.map((f) => [f.name, f]));
  const frameworkWords = `a framework name after "{i}" expansion: ${some(names.frameworks.map((f) => f.name))}`;
  /** The framework named at `path`, or undefined after reporting that there is none. */
  const framework = (path: PropertyKey[], name: string): Expanded<FrameworkSpec> | undefined => {
    const f = byName.get(name);
    if (f === undefined) report(ctx, path, name, problem(`no such framework '${name}'`, frameworkWords));
    return f;
  };
  timeline.forEach((e, i) => {
    if ('remove_agents' in e) {
      e.remove_agents.forEach((agent, k) => {
        if (names.agents.has(agent)) return;
        const expected = `an agent named <group>-<k> by cluster.agents or add_agents: ${names.agentWords}`;
        report(ctx, ['timeline', i, 'remove_agents', k], agent, problem(`no such agent '${agent}'`, expected));
      });
    } else if ('unregister_framework' in e) {
      framework(['timeline', i, 'unregister_framework'], e.unregister_framework);
    } else if ('scale_service' in e) {
      const f = framework(['timeline', i, 'scale_service', 'framework'], e.scale_service.framework);
      if (f !== undefined) checkService(f, e.scale_service.service, ['timeline', i, 'scale_service', 'service'], ctx);
    } else if ('suppress' in e || 'revive' in e) {
      const [action, call] = 'suppress' in e ? (['suppress', e.suppress] as const) : (['revive', e.revive] as const);
      const f = framework(['timeline', i, action, 'framework'], call.framework);
      if (f === undefined) return;
      // As Mesos's master drops a SUPPRESS or REVIVE naming a role the framework is not subscribed to.
      // A framework here subscribes to exactly one role.
      call.roles?.forEach((role, k) => {
        if (role === f.role) return;
        report(ctx, ['timeline', i, action, 'roles', k], role, problem(`framework '${f.name}' has no role '${role}'`, `a role of framework '${f.name}': ${f.role}`));
      });
    }
  });
}

/** `service` must be the id of a `service: true` job of the framework's `workload.jobs`. */
function checkService(f: Expanded<FrameworkSpec>, service: string, path: PropertyKey[], ctx: Ctx): void {
  const jobs = 'jobs' in f.workload ? f.workload.jobs : [];
  // A job's id is its name, or job-<k> (k = its place in the list, from 1), as the workload names it.
  const ids = jobs.map((j, k) => ({ id: j.name ?? `job-${k + 1}`, service: j.service === true }));
  const services = ids.filter((j) => j.service).map((j) => j.id);
  if (services.includes(service)) return;
  const expected = `the name of a 'service: true' job of framework '${f.name}': ${some(services)}`;
  const what = ids.some((j) => j.id === service) ? `job '${service}' of framework '${f.name}' is not a service` : `no such service '${service}'`;
  report(ctx, path, service, problem(what, expected));
}

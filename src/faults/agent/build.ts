/**
 * From the scenario's `faults.agents` and `faults.partitions` to the agent
 * faults a world runs (agent-faults-spec.ts): selectors become agent
 * indices, random processes are split into units. Attribute selectors that
 * match no agent, agents in two random processes and agents missing the
 * `correlated_by` attribute are input errors.
 *
 * @module
 */
import { InputError } from '../../errors.js';
import type { Scenario } from '../../scenario/schema.js';
import { isScripted, type AgentSelector, type RandomFailureSpec } from './schema.js';
import type { EmpiricalFiles } from '../../scenario/empirical-files.js';
import { sampler } from '../../workload/distributions.js';
import type { AgentSpec } from '../../world-spec.js';
import type { AgentFaultsSpec, FailureProcess, FailureUnit } from './spec.js';

/** The world's agent faults, or undefined when the scenario has none (the model then costs nothing). */
export function buildAgentFaults(s: Scenario, agents: readonly AgentSpec[], files: EmpiricalFiles): AgentFaultsSpec | undefined {
  const { agents: entries, partitions } = s.faults;
  if (entries.length === 0 && partitions.length === 0) return undefined;
  const select = selectorOf(agents);
  const scripted = [];
  const processes: FailureProcess[] = [];
  const covered = new Map<number, number>();
  const units = new Map<string, number>();
  for (const [i, f] of entries.entries()) {
    const where = `faults.agents.${i}`;
    if (isScripted(f)) {
      scripted.push({ at: f.at, agents: select(f, where), repairAfter: f.repair_after === 'never' ? null : f.repair_after });
      continue;
    }
    if (isAlwaysZero(f)) {
      throw new InputError(`${where}.time_to_failure: every draw is 0 (expected a distribution with a mean > 0: the agents would fail again at once, forever)`);
    }
    const chosen = select(f, where);
    for (const a of chosen) {
      const other = covered.get(a);
      if (other !== undefined) {
        throw new InputError(`${where}: agent ${agents[a]!.name} is already in the random failure process faults.agents.${other} (expected each agent in at most one)`);
      }
      covered.set(a, i);
    }
    const process = {
      units: unitsOf(f, chosen, agents, where),
      timeToFailure: files.distribution(f.time_to_failure, `${where}.time_to_failure`),
      repair: files.distribution(f.mttr, `${where}.mttr`),
    };
    for (const u of process.units) {
      const other = units.get(u.name);
      if (other !== undefined) {
        throw new InputError(`${where}.correlated_by: faults.agents.${other} also fails the agents with ${u.name} together (expected each ${f.correlated_by} value in one process)`);
      }
      units.set(u.name, i);
    }
    processes.push(process);
  }
  return {
    scripted,
    processes,
    partitions: partitions.map((p, i) => ({ at: p.at, duration: p.duration, agents: select(p, `faults.partitions.${i}`) })),
  };
}

/** Agent indices chosen by a selector (every agent when it names none). */
function selectorOf(agents: readonly AgentSpec[]): (s: AgentSelector, where: string) => number[] {
  const index = new Map(agents.map((a, i) => [a.name, i]));
  const all = agents.map((_, i) => i);
  return (s, where) => {
    if (s.agents !== undefined) return [...new Set(s.agents.map((n) => index.get(n)!))];
    if (s.group !== undefined) return all.filter((i) => s.group!.includes(agents[i]!.group));
    if (s.attribute === undefined) return all;
    const want = Object.entries(s.attribute);
    const chosen = all.filter((i) => want.every(([k, v]) => agents[i]!.attributes[k] !== undefined && String(agents[i]!.attributes[k]) === String(v)));
    if (chosen.length === 0) {
      const text = want.map(([k, v]) => `${k}=${v}`).join(', ');
      throw new InputError(`${where}.attribute: no agent has ${text} (expected attributes of some agent group)`);
    }
    return chosen;
  };
}

/** One unit per agent, or with `correlated_by` one per value of the attribute. */
function unitsOf(f: RandomFailureSpec, chosen: readonly number[], agents: readonly AgentSpec[], where: string): FailureUnit[] {
  const by = f.correlated_by;
  if (by === undefined) return chosen.map((a) => ({ name: agents[a]!.name, agents: [a], correlated: false }));
  const groups = new Map<string, number[]>();
  for (const a of chosen) {
    const value = agents[a]!.attributes[by];
    if (value === undefined) {
      throw new InputError(`${where}.correlated_by: agent ${agents[a]!.name} has no attribute '${by}' (expected every agent of the process to have it)`);
    }
    const name = `${by}=${value}`;
    let list = groups.get(name);
    if (list === undefined) groups.set(name, (list = []));
    list.push(a);
  }
  return [...groups].map(([name, list]) => ({ name, agents: list, correlated: true }));
}

/** True when the process's up-times are all 0 (judged from the spec as written: a CSV column is not looked at). */
function isAlwaysZero(f: RandomFailureSpec): boolean {
  const spec = f.time_to_failure;
  if (spec.dist === 'empirical' && 'file' in spec) return false;
  return sampler(spec, { next: () => 0.5 }).mean === 0;
}

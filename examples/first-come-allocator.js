// An example allocator plug-in for mesos-sim: "first come, first served".
//
// Each candidate agent is offered whole (coarse-grained, as Mesos does) to the
// active framework that registered earliest, by framework index, and that no
// decline filter or GPU rule keeps away: everything on the agent that its role
// may have (`agent.availableTo(role)`, which leaves out other roles'
// reservations). There are no shares, no weights and no quota: a baseline to
// compare DRF against.
//
// Run it with:
//   npx sim run scenarios/quickstart.yaml --allocator ./examples/first-come-allocator.js
// A scenario may also name it (master.allocator), but then `sim run` loads it
// only with --allow-plugins: a scenario file alone never runs code.
//
// The interface (see src/allocator/types.ts, and docs/architecture.md):
//   allocate(view, candidates) -> grants
// `view` is read-only; a grant is { framework, agent, resources } with a fresh
// resources array (Float64Array of milli-units) that fits what the agent has
// available to the framework's role (`agent.availableTo(fw.role)`). The master
// checks every grant and stops the run on a bad one.

import { meetsMinimum } from 'mesos-sim';

/** @type {import('mesos-sim').AllocatorFactory} */
export default {
  description: 'First come, first served: every agent goes to the earliest-registered active framework that may take it.',
  create() {
    return {
      name: 'first-come',
      allocate(view, candidates) {
        const grants = [];
        for (const agent of candidates) {
          for (const fw of view.frameworks) {
            if (!fw.active || (agent.hasGpus && !fw.gpuCapable)) continue;
            const offer = agent.availableTo(fw.role);
            if (!meetsMinimum(offer, view.minAllocatable) || view.isFiltered(fw.index, agent.index, offer)) continue;
            grants.push({ framework: fw.index, agent: agent.index, resources: new Float64Array(offer) });
            break;
          }
        }
        return grants;
      },
    };
  },
};

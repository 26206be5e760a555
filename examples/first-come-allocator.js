// An example allocator plug-in for mesos-sim: "first come, first served".
//
// Each candidate agent is offered whole (coarse-grained, as Mesos does) to the
// active framework that registered earliest, by framework index, and that no
// decline filter or GPU rule keeps away. There are no shares and no weights: a
// baseline to compare DRF against.
//
// Run it with:
//   npx sim run scenarios/quickstart.yaml --allocator ./examples/first-come-allocator.js
// A scenario may also name it (master.allocator), but then `sim run` loads it
// only with --allow-plugins: a scenario file alone never runs code.
//
// The interface (see src/allocator/types.ts, and docs/architecture.md):
//   allocate(view, candidates) -> grants
// `view` is read-only; a grant is { framework, agent, resources } with a fresh
// resources array (Float64Array of milli-units) that fits the agent's
// `available`. The master checks every grant and stops the run on a bad one.

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
          const taker = view.frameworks.find(
            (fw) =>
              fw.active &&
              !(agent.hasGpus && !fw.gpuCapable) &&
              !view.isFiltered(fw.index, agent.index, agent.available),
          );
          if (taker === undefined || !meetsMinimum(agent.available, view.minAllocatable)) continue;
          grants.push({ framework: taker.index, agent: agent.index, resources: new Float64Array(agent.available) });
        }
        return grants;
      },
    };
  },
};

/**
 * The scenario file format, as a zod schema with every documented default.
 *
 * Times are simulated seconds; `mem` and `disk` are MB; other resources are
 * unit-less counts. `docs/scenario-format.md` is the reference for users; keep
 * the two in step.
 *
 * Each section of the format has a file of its own (cluster.ts, master.ts,
 * roles.ts, pools.ts, frameworks.ts, workload.ts with jobs.ts, synthetic.ts and
 * trace.ts, timeline.ts, faults.ts), built from the leaf fields of fields.ts and
 * distributions.ts; top-level.ts assembles them into the file's shape and
 * references.ts checks the names one section uses against the others. This
 * module puts the two together and is what importers use.
 *
 * Error messages: each schema that users can get wrong is registered in
 * `expectations` with a phrase saying what it expects ("a number of seconds
 * >= 0"); the error map in `load.ts` turns zod issues into one-line messages
 * from it. Checks written in the section files produce full messages with `problem()`.
 *
 * Parsing normalises a few shorthands so that consumers see one form each:
 * a plain number where a distribution is expected becomes
 * `{ dist: 'constant', value }`, and agent groups get their default names.
 *
 * @module
 */
import { checkBounds } from './bounds.js';
import { checkReferences } from './references.js';
import { scenarioShape, type ScenarioFields } from './top-level.js';

export { describeValue, expectations, problem } from './fields.js';
export type { DistributionSpec } from './distributions.js';
export type { AddedAgentGroupSpec, AgentGroupSpec } from './cluster.js';
export type { ExpandedFramework, FrameworkSpec } from './frameworks.js';
export type {
  JobBidSpec,
  JobEntrySpec,
  ListedJobSpec,
  ListedTaskSpec,
  PreferSpec,
  StageEntrySpec,
  StagedJobSpec,
  UniformJobSpec,
} from './jobs.js';
export type { SyntheticWorkloadSpec } from './synthetic.js';
export type { SetQuotaSpec, TimelineEntrySpec } from './timeline.js';
export type { WorkloadSpec } from './workload.js';

/** A validated scenario with every default applied. */
export type Scenario = ScenarioFields & {
  /** The folder of the scenario file (set by `loadScenario`): relative data file paths are read from it; absent: the working folder. */
  readonly dir?: string;
};

/** The scenario schema: shape, defaults, sizes as a whole (`checkBounds`) and cross-references (`checkReferences`). */
export const ScenarioSchema = scenarioShape.superRefine(checkBounds).superRefine(checkReferences);

/**
 * `sim compare --from CHECKPOINT --allocators A,B,...`: every policy run
 * from the same saved state (docs/compare.md, "From a saved moment"). Each
 * run is a fork (fork.ts): the saved run replayed to its moment T, checked,
 * then continued under the policy; a policy equal to the saved run's goes on
 * unchanged. The random streams are the saved run's from T on, the same for
 * every policy (common random numbers); the seed is the checkpoint's, so
 * there is one run per policy and no interval over seeds.
 *
 * Writes what `sim compare` writes: `runs/<allocator>/seed-<seed>/` (each
 * with its fork.json), compare.csv, compare.json, runs.csv, provenance.json.
 *
 * @module
 */
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { compareInto, policiesNamed, policyFolder, type CompareArgs } from './compare.js';
import { forkInputs, forkProvenance, planFork, recordFork, type Fork } from './fork.js';
import { Provenance } from './provenance.js';
import { DataCopies, recordRun } from './resolved-scenario.js';
import { ResultDir } from './result-dir.js';
import { workerCount } from './run-pool.js';
import { workerPlugin } from './run-thread.js';

export async function compareFromCheckpoint(args: CompareArgs & { readonly from: string }): Promise<number> {
  if (args.scenario !== undefined) {
    throw new InputError(`sim compare: both a scenario (${args.scenario}) and --from ${args.from} (expected one: a scenario runs from its start, a checkpoint continues a saved run)`);
  }
  if (args.seeds !== undefined) throw new InputError("sim: --seeds: cannot change at a fork: the runs continue the saved run's random streams (expected no --seeds with --from)");
  const allocators = policiesNamed(args.allocators);
  // Every policy's fork is planned (and refused) before anything runs.
  const forks: Fork[] = [];
  for (const allocator of allocators) {
    forks.push(
      await planFork(args.from, args.set, allocator, args.allowPlugins === true).catch((e: unknown) => {
        if (e instanceof InputError) throw new InputError(e.message.replaceAll('--set master.allocator: ', `--allocators ${allocator}: `));
        throw e;
      }),
    );
  }
  const { original, checkpoint } = forks[0]!;
  const seeds = [original.seed];
  const provenance = new Provenance();
  for (const f of forks) forkProvenance(f, provenance);
  const inputs = [...new Set(forks.flatMap(forkInputs))];
  const dir = new ResultDir(args.out ?? join('results', `${original.name}-from-${checkpoint.checkpoint.at}-compare`), { command: 'compare', inputs, force: args.force });
  const copies = new DataCopies();
  const what = { name: original.name, allocators, seeds, workers: workerCount(args.workers) };
  return compareInto(dir, provenance, what, args, () =>
    forks.map((f, i) => {
      const allocator = allocators[i]!;
      const folder = join(dir.staging, 'runs', policyFolder(allocator), `seed-${original.seed}`);
      const recorded = recordRun(folder, f.original, copies, provenance);
      recordFork(f, folder, recorded.sha256);
      return { allocator, seed: original.seed, scenario: f.original, folder, plugin: workerPlugin(f.plugin), recorded, moments: f.moments };
    }),
  );
}

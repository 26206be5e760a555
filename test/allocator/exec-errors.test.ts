/**
 * An exec policy that goes wrong stops the run with one line naming the policy
 * and what it did, with the last lines of its stderr (docs/protocol.md,
 * "Errors"): an exit, output that is not the protocol, another protocol
 * version, an answer later than master.policy_timeout, an exception, a grant
 * the master refuses, a preemption of no running task, a failure after bye.
 * Through `sim run`, that is exit 2 and nothing written.
 *
 * The policies are test/fixtures/policies/misbehave.py, one mode each. None of
 * these tests depends on the machine's speed: the policy that is timed out
 * never answers anything, not even hello, and writes nothing, so the message
 * is the same however slowly it starts. (A policy that answered hello and then
 * hung at allocate, with a line on its stderr, flaked under load: it had to
 * start, answer and write within the 1 s timeout.) The stderr lines of a
 * failure are checked on the other modes, through the same path.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPlugin } from '../../src/allocator/plugin.js';
import { nullTable } from '../../src/metrics/sinks.js';
import { runScenario } from '../../src/run.js';
import { loadScenario } from '../../src/scenario/load.js';
import { root, sim } from '../helpers/cli.js';
import { tinyInputs } from '../helpers/tiny.js';

const policy = (mode: string) => `exec:python3 test/fixtures/policies/misbehave.py ${mode}`;
let work: string;
let scenario: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'sim-exec-errors-'));
  ({ scenario } = tinyInputs(work));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs the tiny scenario under `mode` on this thread; returns the error's message (or 'no error'). */
async function failure(mode: string, sets: readonly string[] = []): Promise<string> {
  const name = policy(mode);
  const s = loadScenario(scenario, [`master.allocator=${name}`, ...sets]);
  const factory = await loadPlugin(name, root);
  try {
    runScenario(s, { tasks: nullTable, offers: nullTable, utilization: nullTable }, { allocatorFactory: factory });
  } catch (e) {
    expect((e as Error).name).toBe('InputError');
    expect((e as Error).message.split('\n')).toHaveLength(1);
    return (e as Error).message;
  }
  return 'no error';
}

describe('a policy that goes wrong stops the run with one line naming it', () => {
  it('exits before hello: its exit status and stderr', async () => {
    expect(await failure('exit-at-start')).toBe(
      `allocator ${policy('exit-at-start')}: exited with status 3 instead of answering hello (its stderr ends: cannot load my model)`,
    );
  });

  it('writes something that is not the protocol', async () => {
    expect(await failure('garbage')).toBe(
      `allocator ${policy('garbage')}: answered hello with "policy ready!", which is not a JSON message (expected one JSON object per line; print logs to stderr)`,
    );
  });

  it('speaks another version of the protocol', async () => {
    expect(await failure('version')).toBe(`allocator ${policy('version')}: speaks protocol 99, and sim speaks 1 (see docs/protocol.md, "Versions")`);
  });

  it('never answers: stopped after master.policy_timeout', async () => {
    expect(await failure('never-answers', ['master.policy_timeout=1'])).toBe(`allocator ${policy('never-answers')}: took longer than 1 s (master.policy_timeout) instead of answering hello`);
  });

  it('raises an exception: its message, and its traceback in the stderr lines', async () => {
    const message = await failure('raise');
    expect(message).toMatch(new RegExp(`^allocator ${escape(policy('raise'))}: gave up at allocate at t=0: ZeroDivisionError: division by zero \\(its stderr ends: .*ZeroDivisionError: division by zero\\)$`));
  });

  it('grants more than an agent has: the master refuses it, as a built-in grant', async () => {
    expect(await failure('overgrant')).toMatch(
      new RegExp(`^allocator ${escape(policy('overgrant'))}: made an invalid grant: cpus:17,mem:65537,disk:400001 to analytics on node-\\d+, which has only cpus:8,mem:32768,disk:200000 available$`),
    );
  });

  it('grants a vector of the wrong length', async () => {
    expect(await failure('bad-shape')).toBe(`allocator ${policy('bad-shape')}: answered allocate at t=0 with grants.0.resources of 1 amounts (expected 3: cpus, mem, disk)`);
  });

  it('preempts a task that is not running', async () => {
    expect(await failure('preempt-unknown')).toBe(
      `allocator ${policy('preempt-unknown')}: answered preempt at t=0 with task 'no-such-job/0', which is not staging or running`,
    );
  });

  it('exits in the middle of the run', async () => {
    expect(await failure('exit-later')).toBe(
      `allocator ${policy('exit-later')}: exited with status 5 instead of answering allocate at t=0 (its stderr ends: segfault imitation)`,
    );
  });

  it('fails after bye', async () => {
    expect(await failure('bye-fails')).toBe(`allocator ${policy('bye-fails')}: exited with status 4 after bye (expected exit status 0) (its stderr ends: could not save the model)`);
  });

  it('names no command', async () => {
    await expect(loadPlugin('exec:  ', root)).rejects.toThrow("master.allocator: 'exec:  ' names no command (expected exec:COMMAND, such as exec:\"python3 my_policy.py\")");
  });
});

describe('through sim run: exit 2, one line, nothing written', () => {
  it('a policy that raises', () => {
    const out = join(work, 'out-raise');
    const r = sim('run', scenario, '--out', out, '--allocator', policy('raise'));
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    // The policy's traceback went to stderr as it ran; sim's own line is last.
    expect(lines.at(-1)).toMatch(new RegExp(`^allocator ${escape(policy('raise'))}: gave up at allocate at t=0: ZeroDivisionError: division by zero`));
    expect(existsSync(out)).toBe(false);
  });

  it('a policy that never answers', () => {
    const out = join(work, 'out-hang');
    const r = sim('run', scenario, '--out', out, '--allocator', policy('never-answers'), '--set', 'master.policy_timeout=1');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`allocator ${policy('never-answers')}: took longer than 1 s (master.policy_timeout) instead of answering hello\n`);
    expect(existsSync(out)).toBe(false);
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

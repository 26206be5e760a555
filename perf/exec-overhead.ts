/**
 * `npm run bench`, exec section: what the exec protocol costs per allocation
 * run, against the same policy built in. Each case runs a scenario under a
 * built-in (`fifo`, `drf`) and under its Python rewrite in examples/python/
 * (identical decisions: test/allocator/exec-equivalence.test.ts), each as a
 * `sim run` of its own, `repeats` times, and prints the medians:
 * - the built-in's wall-clock milliseconds per allocation run;
 * - the exec policy's per call (summary.json `policy`), split into the
 *   policy's own work (what it reports) and the protocol (the rest: encoding
 *   the view's delta, the pipes and threads, Python reading the delta and
 *   writing its answer, decoding and checking it);
 * - characters sent per call on average, and in the first call (the whole
 *   view; later calls send what changed).
 * A benchmark, not a test: it asserts nothing.
 *
 * @module
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SIM = join(ROOT, 'dist', 'src', 'cli', 'main.js');

interface Case {
  readonly scenario: string;
  readonly builtin: string;
  readonly python: string;
  readonly sets: readonly string[];
}

const CASES: readonly Case[] = [
  { scenario: 'scenarios/quickstart.yaml', builtin: 'fifo', python: 'examples/python/fifo_policy.py', sets: [] },
  { scenario: 'scenarios/quickstart.yaml', builtin: 'drf', python: 'examples/python/drf_policy.py', sets: [] },
  // 10,000 agents: the first call sends the whole view, later ones what changed.
  { scenario: 'scenarios/bench/large-synthetic.yaml', builtin: 'drf', python: 'examples/python/drf_policy.py', sets: ['until=20'] },
];

interface Figures {
  readonly runs: number;
  readonly msPerRun: number;
  readonly exec?: { readonly ms: number; readonly policyMs: number; readonly protocolMs: number; readonly chars: number; readonly firstChars: number };
}

/** One `sim run`; returns its allocation runs and, for an exec policy, its per-call figures. */
function runOnce(c: Case, allocator: string, dir: string): Figures {
  const out = join(dir, 'out');
  const args = [SIM, 'run', c.scenario, '--allocator', allocator, '--out', out, '--force', ...c.sets.flatMap((s) => ['--set', s])];
  const r = spawnSync(process.execPath, ['--max-old-space-size=4096', ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`${c.scenario} under ${allocator} failed: ${r.stderr.trim().split('\n').at(-1)}`);
  const s = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  rmSync(out, { recursive: true, force: true });
  const runs = s.allocation_runs.count as number;
  const p = s.policy;
  if (p === undefined) return { runs, msPerRun: s.allocation_runs.wall_ms_per_run };
  return {
    runs,
    msPerRun: s.allocation_runs.wall_ms_per_run,
    exec: { ms: p.wall_ms_per_call, policyMs: (p.policy_seconds * 1000) / p.calls, protocolMs: p.protocol_ms_per_call, chars: p.sent_chars / p.calls, firstChars: p.first_request_chars },
  };
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

/** Runs every case `repeats` times and prints a row each. */
export function execOverhead(repeats = 3): void {
  const dir = mkdtempSync(join(tmpdir(), 'sim-bench-exec-'));
  try {
    console.log(`\nexec protocol: milliseconds per allocation run (median of ${repeats} runs), built-in against its Python rewrite`);
    console.log(
      'scenario'.padEnd(48) + 'policy'.padEnd(7) + 'runs'.padStart(7) + 'built-in'.padStart(10) + 'exec'.padStart(9) + 'policy'.padStart(9) + 'protocol'.padStart(10) + 'chars/call'.padStart(12) + 'first call'.padStart(12),
    );
    for (const c of CASES) {
      const builtin: Figures[] = [];
      const exec: Figures[] = [];
      for (let i = 0; i < repeats; i++) {
        builtin.push(runOnce(c, c.builtin, dir));
        exec.push(runOnce(c, `exec:python3 ${c.python}`, dir));
      }
      const e = (f: (x: NonNullable<Figures['exec']>) => number) => median(exec.map((x) => f(x.exec!)));
      const label = `${c.scenario}${c.sets.length > 0 ? ` ${c.sets.join(' ')}` : ''}`;
      console.log(
        label.padEnd(48) +
          c.builtin.padEnd(7) +
          String(builtin[0]!.runs).padStart(7) +
          median(builtin.map((b) => b.msPerRun)).toFixed(3).padStart(10) +
          e((x) => x.ms).toFixed(3).padStart(9) +
          e((x) => x.policyMs).toFixed(3).padStart(9) +
          e((x) => x.protocolMs).toFixed(3).padStart(10) +
          Math.round(e((x) => x.chars)).toLocaleString('en-US').padStart(12) +
          e((x) => x.firstChars).toLocaleString('en-US').padStart(12),
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

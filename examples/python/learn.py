"""A policy-improvement loop over episodes, with the standard library only.

Each episode is one ``sim run`` of the same scenario under the same seed (the
same arrivals and durations every time), with examples/python/learning_policy.py
as the policy. The policy sums its per-decision rewards (minus the waiting done
since its last call, from the protocol's signals) and writes the episode's
return at bye. The loop is hill climbing: it perturbs the best weights found so
far, keeps the new ones when the return improves, and narrows its steps when
it does not.

    npm run build
    python3 examples/python/learn.py --episodes 8

Prints one line per episode: the weights tried, the return, the mean task wait
from summary.json, and the episode's wall-clock seconds.
"""

import argparse
import json
import os
import random
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SIM = os.path.join(ROOT, 'dist', 'src', 'cli', 'main.js')


def episode(scenario, weights, seed, until, work):
    """Runs one episode; returns (return, mean wait, wall seconds)."""
    report = os.path.join(work, 'report.json')
    out = os.path.join(work, 'run')
    policy = 'exec:%s %s --weights %s --report %s' % (
        shlex.quote(sys.executable), shlex.quote(os.path.join(HERE, 'learning_policy.py')),
        ','.join(repr(w) for w in weights), shlex.quote(report))
    command = ['node', SIM, 'run', scenario, '--allocator', policy, '--seed', str(seed), '--out', out, '--no-wall-clock']
    if until is not None:
        command += ['--set', 'until=%s' % until]
    started = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit('episode failed (exit %d): %s' % (done.returncode, done.stderr.strip().splitlines()[-1]))
    with open(report) as f:
        result = json.load(f)
    with open(os.path.join(out, 'summary.json')) as f:
        wait = json.load(f)['wait_time']['mean']
    shutil.rmtree(out)
    return result['return'], wait, wall


def main():
    parser = argparse.ArgumentParser(description='Hill climbing over the weights of learning_policy.py, one sim run per episode.')
    parser.add_argument('--scenario', default=os.path.join(ROOT, 'scenarios', 'quickstart.yaml'))
    parser.add_argument('--episodes', type=int, default=8)
    parser.add_argument('--seed', type=int, default=1, help='the scenario seed of every episode')
    parser.add_argument('--until', default='600', help="simulated seconds per episode ('' for the scenario's own)")
    parser.add_argument('--search-seed', type=int, default=0, help="seed of the loop's own perturbations")
    args = parser.parse_args()
    if not os.path.exists(SIM):
        sys.exit('no %s: run npm run build first' % SIM)
    rng = random.Random(args.search_seed)
    best = [1.0, 0.0, 0.0]  # DRF without roles
    step = 1.0
    best_return = None
    work = tempfile.mkdtemp(prefix='sim-learn-')
    try:
        for k in range(args.episodes):
            weights = best if k == 0 else [w + rng.gauss(0, step) for w in best]
            ret, wait, wall = episode(args.scenario, weights, args.seed, args.until or None, work)
            kept = best_return is None or ret > best_return
            if kept:
                best, best_return = weights, ret
            else:
                step *= 0.7
            print('episode %2d  weights %-26s  return %14.1f  mean wait %8.2f s  %5.2f s wall%s' % (
                k + 1, ','.join('%.3f' % w for w in weights), ret, wait, wall, '  kept' if kept else ''))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print('best weights %s, return %.1f' % (','.join('%.3f' % w for w in best), best_return))


if __name__ == '__main__':
    main()

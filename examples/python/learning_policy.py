"""A policy with weights to learn, for examples/python/learn.py (standard library only).

Each candidate agent goes whole (its unreserved resources, coarse-grained offers
as in Mesos) to the active framework with work waiting that scores lowest:

    score = w_share * share + w_queue * log(1 + queued) + w_wait * recent_wait

where ``share`` is its dominant share (with this run's grants), ``queued`` its
waiting tasks and ``recent_wait`` the mean wait (minutes) of its tasks that
started since the last call, both from the protocol's signals. With weights
(1, 0, 0) this is DRF without roles; the learning loop looks for better ones.

Per-decision reward: minus the task-seconds of waiting since the last call
(Σ of the signals' ``wait_time``). At bye the policy writes its episode's
return and decision count to the file given by ``--report``.

    python3 examples/python/learning_policy.py --weights 1,0,0 --report out.json
"""

import argparse
import json
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from mesos_sim_policy import Grant, Policy, add, run  # noqa: E402


class Learning(Policy):
    name = 'learning.py'
    version = '1'

    def __init__(self, weights, report):
        self.weights = weights
        self.report = report
        self.episode_return = 0.0
        self.decisions = 0
        self.queued = {}
        self.recent_wait = {}

    def observe(self, signals):
        """The reward for the last decision, and the features the next one uses."""
        if signals is None:
            return
        self.episode_return -= sum(f['wait_time'] for f in signals['frameworks'])
        for f in signals['frameworks']:
            self.queued[f['framework']] = f['queued']
            if f['started'] > 0:
                self.recent_wait[f['framework']] = f['waited'] / f['started'] / 60

    def allocate(self, view):
        self.observe(view.signals)
        self.decisions += 1
        w_share, w_queue, w_wait = self.weights
        extra = {}  # this run's grants, counted in shares at once
        grants = []
        for agent in view.candidates:
            offer = agent.unreserved_available
            if not view.meets_minimum(offer):
                continue
            best = None
            for fw in view.frameworks:
                queued = self.queued.get(fw.index, 0)
                if not fw.active or queued == 0:
                    continue
                if agent.gpus and not fw.gpu_capable:
                    continue
                if view.is_filtered(fw.index, agent.index, offer):
                    continue
                allocation = add(fw.allocation, extra.get(fw.index, [0] * len(offer)))
                share = max((a / t for a, t in zip(allocation, view.total) if t > 0), default=0.0)
                score = w_share * share + w_queue * math.log1p(queued) + w_wait * self.recent_wait.get(fw.index, 0.0)
                if best is None or (score, fw.name) < best[0]:
                    best = ((score, fw.name), fw)
            if best is None:
                continue
            fw = best[1]
            grants.append(Grant(fw.index, agent.index, offer))
            extra[fw.index] = add(extra.get(fw.index, [0] * len(offer)), offer)
        return grants

    def finish(self, view):
        self.observe(view.signals)
        if self.report:
            with open(self.report, 'w') as f:
                json.dump({'return': self.episode_return, 'decisions': self.decisions}, f)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--weights', default='1,0,0', help='w_share,w_queue,w_wait')
    parser.add_argument('--report', help='file to write the episode return to, at bye')
    args = parser.parse_args()
    weights = [float(w) for w in args.weights.split(',')]
    if len(weights) != 3:
        parser.error('--weights takes three numbers')
    run(Learning(weights, args.report))


if __name__ == '__main__':
    main()

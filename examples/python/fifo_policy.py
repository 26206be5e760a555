"""Strict first come, first served across frameworks, in Python: the built-in
``fifo`` rewritten against the exec protocol (src/allocator/baselines/fifo.ts).

One global queue of units (a task, or all waiting tasks of a gang job), by job
submit time, then framework name, then queue order. Each run serves the queue
from its head, first fit over the agents with free resources by index, each
unit granted exactly its tasks' resources; the first unit that cannot start now
blocks the rest, unless it could never start on this cluster. Quota is not
enforced here (the built-in does): a scenario with quota is refused.

    npx sim run scenarios/quickstart.yaml --allocator exec:"python3 examples/python/fifo_policy.py"
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from mesos_sim_policy import Grant, Policy, add, fits, is_zero, run, subtract  # noqa: E402


class Cursor:
    """A framework's waiting work, unit by unit, its requests read lazily (doubling)."""

    def __init__(self, view, framework):
        self.view = view
        self.framework = framework
        self.asked = 0
        self.list = []
        self.pos = 0
        self.key = float('-inf')
        self.unit = None
        self.peeked = False

    def at(self, i):
        while i >= len(self.list) and len(self.list) == self.asked:
            self.asked = max(self.asked * 2, 8)
            self.list = self.view.requests(self.framework, self.asked)
        return self.list[i] if i < len(self.list) else None

    def peek(self):
        if self.peeked:
            return self.unit
        self.peeked = True
        head = self.at(self.pos)
        if head is None:
            self.unit = None
            return None
        requests = [head]
        while len(requests) < head['gang_size']:
            r = self.at(self.pos + len(requests))
            if r is None or r['job'] != head['job']:
                break
            requests.append(r)
        key = max(self.key, head['job_submit'])
        self.unit = {'framework': self.framework, 'requests': requests, 'order': self.pos, 'key': key}
        return self.unit

    def advance(self):
        unit = self.peek()
        if unit is None:
            return
        self.pos += len(unit['requests'])
        self.key = unit['key']
        self.peeked = False


def earlier(a, b):
    """Unit order: key (job submit time), then framework name, then queue order."""
    return (a['key'], a['framework'].name, a['order']) < (b['key'], b['framework'].name, b['order'])


class Fifo(Policy):
    name = 'fifo.py'
    version = '1'
    reacts_to_demand = True
    requests = 16

    def start(self, hello):
        options = dict(hello['options'])
        self.filter_gpus = options.pop('filter_gpu_resources', True)
        if options:
            raise ValueError('unknown allocator option(s): %s (expected filter_gpu_resources)' % ', '.join(sorted(options)))
        self.shapes_total = None
        self.shapes = []

    def allocate(self, view):
        if any(r.quota is not None for r in view.role_list):
            raise ValueError('fifo.py does not enforce quota; use the built-in fifo')
        agents = view.free_agents()
        if not agents:
            return []
        free = {a.index: list(a.unreserved_available) for a in agents}
        cursors = [c for c in (Cursor(view, fw) for fw in view.frameworks if fw.active) if c.peek() is not None]
        grants = {}  # (framework, agent) -> resources, in the order first made
        while cursors:
            best = None
            for c in reversed(cursors):
                if best is None or earlier(c.peek(), best.peek()):
                    best = c
            unit = best.peek()
            best.advance()
            if best.peek() is None:
                cursors.remove(best)
            plan = self.first_fit(view, agents, free, unit)
            if plan is not None:
                for r, agent in zip(unit['requests'], plan):
                    if is_zero(r['resources']):
                        continue
                    free[agent.index] = subtract(free[agent.index], r['resources'])
                    key = (unit['framework'].index, agent.index)
                    grants[key] = add(grants[key], r['resources']) if key in grants else list(r['resources'])
            elif self.could_ever_start(view, unit):
                break
        return [Grant(fw, agent, q) for (fw, agent), q in grants.items()]

    def may(self, view, fw, agent, resources):
        if agent.gpus and self.filter_gpus and not fw.gpu_capable:
            return False
        return not view.is_filtered(fw.index, agent.index, resources)

    def first_fit(self, view, agents, free, unit):
        """The agent of each task, first fit by index over what is left (later tasks see what earlier ones take)."""
        local = {}
        plan = []
        fw = unit['framework']
        for r in unit['requests']:
            need = r['resources']
            agent = next((a for a in agents if fits(need, local.get(a.index, free[a.index])) and self.may(view, fw, a, need)), None)
            if agent is None:
                return None
            plan.append(agent)
            local[agent.index] = subtract(local.get(agent.index, free[agent.index]), need)
        return plan

    def could_ever_start(self, view, unit):
        """First fit of the unit over empty agents it may use (distinct shapes with counts)."""
        if self.shapes_total != view.total:
            self.shapes_total = list(view.total)
            shapes = {}
            for a in view.agents:
                if a.registered:
                    key = (a.gpus, tuple(a.total))
                    shapes[key] = shapes.get(key, 0) + 1
            self.shapes = [(list(total), gpus, count) for (gpus, total), count in shapes.items()]
        no_gpus = self.filter_gpus and not unit['framework'].gpu_capable
        shapes = [s for s in self.shapes if not (no_gpus and s[1])]
        opened = []
        used = [0] * len(shapes)
        for r in unit['requests']:
            need = r['resources']
            k = next((i for i, left in enumerate(opened) if fits(need, left)), None)
            if k is None:
                k = next((i for i, s in enumerate(shapes) if used[i] < s[2] and fits(need, s[0])), None)
                if k is None:
                    return False
                used[k] += 1
                opened.append(list(shapes[k][0]))
                k = len(opened) - 1
            opened[k] = subtract(opened[k], need)
        return True


if __name__ == '__main__':
    run(Fifo())

"""Dominant Resource Fairness as Apache Mesos's hierarchical allocator does it,
in Python: the built-in ``drf`` rewritten against the exec protocol
(src/allocator/hierarchical.ts), without quota.

For each candidate agent, in sim's order: the roles with active frameworks in
DRF order (lowest weighted dominant share first, then fewer grants, then the
smaller path; a role that is also a parent competes through a leaf '<path>/.'),
then each role's active frameworks in the same order. The first framework that
may take the agent (GPU rule, decline filters) is offered its role's
reservations there and every unreserved resource left (coarse-grained offers).
Grants count toward shares at once. A scenario with quota is refused.

    npx sim run scenarios/quickstart.yaml --allocator exec:"python3 examples/python/drf_policy.py"
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from mesos_sim_policy import Grant, Policy, add, run, subtract  # noqa: E402


class Ledger:
    """What this run granted so far, on top of the view: per framework, role subtree and own role."""

    def __init__(self, size):
        self.size = size
        self.frameworks = {}
        self.roles = {}
        self.own = {}

    def _add(self, table, key, q):
        alloc, grants = table.get(key, ([0] * self.size, 0))
        table[key] = (add(alloc, q), grants + 1)

    def record(self, view, fw, q):
        self._add(self.frameworks, fw.index, q)
        self._add(self.own, fw.role, q)
        path = fw.role
        while path is not None:
            self._add(self.roles, path, q)
            path = view.roles[path].parent


class Drf(Policy):
    name = 'drf.py'
    version = '1'

    def start(self, hello):
        options = dict(hello['options'])
        for key in ('role_sorter', 'framework_sorter'):
            if options.pop(key, 'drf') != 'drf':
                raise ValueError('drf.py sorts by DRF only (%s must be drf)' % key)
        self.filter_gpus = options.pop('filter_gpu_resources', True)
        excluded = options.pop('fair_sharing_excluded_resource_names', [])
        if options:
            raise ValueError('unknown allocator option(s): %s' % ', '.join(sorted(options)))
        self.excluded = {hello['resources'].index(n) for n in excluded if n in hello['resources']}

    def share(self, view, base, extra):
        """Mesos's dominant share: max over resources of (base + extra) / total, in units."""
        share = 0.0
        for i, t in enumerate(view.total):
            if t <= 0 or i in self.excluded:
                continue
            a = base[i] + (extra[i] if extra is not None else 0)
            s = a / 1000 / (t / 1000)
            if s > share:
                share = s
        return share

    def allocate(self, view):
        if any(r.quota is not None for r in view.role_list):
            raise ValueError('drf.py does not enforce quota; use the built-in drf')
        ledger = Ledger(len(view.resources))
        grants = {}  # (framework, agent) -> resources, in the order first made
        for agent in view.candidates:
            self.allocate_agent(view, ledger, grants, agent)
        return [Grant(fw, agent, q) for (fw, agent), q in grants.items()]

    def allocate_agent(self, view, ledger, grants, agent):
        unreserved = list(agent.unreserved_available)
        reserved = {role: list(q) for role, q in agent.reservations.items()}

        def everything():
            out = list(unreserved)
            for q in reserved.values():
                out = add(out, q)
            return out

        def offer_for(role):
            total = list(unreserved)
            mine = [r for r in self.lineage(view, role) if r in reserved]
            for r in mine:
                total = add(total, reserved[r])
            return total, mine

        if not view.meets_minimum(everything()):
            return
        for role in self.role_order(view, ledger):
            offer, mine = offer_for(role)
            if not view.meets_minimum(offer):
                continue
            for fw in self.framework_order(view, ledger, role):
                if agent.gpus and self.filter_gpus and not fw.gpu_capable:
                    continue
                if view.is_filtered(fw.index, agent.index, offer):
                    continue
                key = (fw.index, agent.index)
                grants[key] = add(grants[key], offer) if key in grants else list(offer)
                unreserved = subtract(unreserved, offer)
                for r in mine:
                    unreserved = add(unreserved, reserved.pop(r))
                ledger.record(view, fw, offer)
                if not view.meets_minimum(everything()):
                    return
                offer, mine = offer_for(role)
                if not view.meets_minimum(offer):
                    break

    @staticmethod
    def lineage(view, path):
        while path is not None:
            yield path
            path = view.roles[path].parent

    def has_active(self, view, role, deep):
        if any(view.frameworks[i].active for i in role.frameworks):
            return True
        return deep and any(self.has_active(view, c, True) for c in role.children)

    def role_order(self, view, ledger):
        out = []
        self.walk(view, ledger, view.root(), out)
        return out

    def walk(self, view, ledger, node, out):
        clients = []
        if node.path != '' and self.has_active(view, node, False):
            extra, grants = ledger.own.get(node.path, (None, 0))
            clients.append((self.share(view, node.own, extra), node.own_grants + grants, node.path + '/.', 'self'))
        for child in node.children:
            if not self.has_active(view, child, True):
                continue
            extra, grants = ledger.roles.get(child.path, (None, 0))
            clients.append((self.share(view, child.allocation, extra) / child.weight, child.grants + grants, child.path, child))
        clients.sort(key=lambda c: c[:3])
        for _, _, _, item in clients:
            if item == 'self':
                out.append(node.path)
            elif not item.children:
                out.append(item.path)
            else:
                self.walk(view, ledger, item, out)

    def framework_order(self, view, ledger, role):
        clients = []
        for i in view.roles[role].frameworks:
            fw = view.frameworks[i]
            if not fw.active:
                continue
            extra, grants = ledger.frameworks.get(i, (None, 0))
            clients.append((self.share(view, fw.allocation, extra), fw.grants + grants, fw.name, fw))
        clients.sort(key=lambda c: c[:3])
        return [c[3] for c in clients]


if __name__ == '__main__':
    run(Drf())

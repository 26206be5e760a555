"""Write a mesos-sim allocation policy in Python, with the standard library only.

Subclass ``Policy``, give ``allocate(view)`` a body that returns grants, and
call ``run(MyPolicy())``; then run it with

    npx sim run scenarios/quickstart.yaml --allocator exec:"python3 my_policy.py"

This module speaks the exec protocol of docs/protocol.md for you: it answers
hello with your class's settings, keeps the cluster's state from the deltas sim
sends, lets you read a framework's pending requests lazily, and says bye. The
view you get is the one the built-in allocators see, as plain objects:

- ``view.time``: simulated seconds;
- ``view.candidates``: the agents to consider this run, in sim's order;
- ``view.agents`` (by index), ``view.free_agents()`` (those with something to
  offer, by index), ``view.frameworks`` (by index), ``view.roles`` (by path,
  the root is ``''``), ``view.pools``;
- ``view.is_filtered(framework, agent, resources)``: the decline filters;
- ``view.requests(framework, n)``: the framework's first ``n`` pending tasks;
- ``view.signals`` and ``view.events``: what happened since the last call.

Resource vectors are lists of integers in milli-units (1000 = one cpu), in
the order of ``view.resources``; ``None`` stands for an unlimited amount.

Anything your code prints goes to stderr (stdout carries the protocol). An
exception stops the run with its message (sim exits with status 2).
"""

import json
import sys
import time
import traceback

PROTOCOL = 1


class Grant:
    """An offer to make: ``resources`` (milli-units) of ``agent`` to ``framework``."""

    __slots__ = ('framework', 'agent', 'resources', 'pool', 'price')

    def __init__(self, framework, agent, resources, pool=None, price=None):
        self.framework = framework
        self.agent = agent
        self.resources = list(resources)
        self.pool = pool
        self.price = price

    def to_json(self):
        out = {'framework': self.framework, 'agent': self.agent, 'resources': [int(v) for v in self.resources]}
        if self.pool is not None:
            out['pool'] = self.pool
        if self.price is not None:
            out['price'] = list(self.price)
        return out


class Record:
    """A plain object whose attributes are the fields of a protocol entry."""

    def __init__(self, fields):
        self.__dict__.update(fields)

    def update(self, fields):
        self.__dict__.update(fields)

    def __repr__(self):
        return '%s(%r)' % (type(self).__name__, self.__dict__)


class Agent(Record):
    """index, name, total, attributes, pool, gpus, registered, free, available,
    unreserved_available, reservations (role -> vector), tasks (when asked for)."""


class Framework(Record):
    """index, name, role, active, registered, suppressed, allocation, share,
    grants, gpu_capable, spent, committed, budget, max_price; pending requests
    through ``view.requests(framework, n)``."""


class Role(Record):
    """path, parent, weight, allocation, own, grants, own_grants,
    unallocated_reservations, quota, frameworks; ``children`` (Role objects)."""


def fits(need, room):
    """True when every amount of ``need`` is within ``room`` (None: unlimited)."""
    return all(r is None or n <= r for n, r in zip(need, room))


def is_zero(q):
    return all(v == 0 for v in q)


def add(a, b):
    return [x + y for x, y in zip(a, b)]


def subtract(a, b):
    return [x - y for x, y in zip(a, b)]


class View:
    """The cluster as the built-in allocators see it, kept up to date from sim's deltas."""

    def __init__(self, channel, hello, limit):
        self._channel = channel
        self._limit = limit  # requests sent per framework with each change
        self.resources = hello['resources']
        self.time = 0
        self.candidates = []
        self.agents = []
        self.frameworks = []
        self.roles = {}
        self.role_list = []
        self.pools = []
        self.total = [0] * len(self.resources)
        self.unreserved_available = list(self.total)
        self.min_allocatable = []
        self.signals = None
        self.events = []
        self._filters = {}  # id -> filter entry
        self._by_pair = {}  # (framework, agent) -> [filter entries]
        self._requests = {}  # framework -> (list, more); absent: unknown

    # -- reading the view ------------------------------------------------

    def free_agents(self):
        """Registered agents with at least the minimum allocatable free, by index (the built-ins' freeAgents)."""
        return [a for a in self.agents if a.free]

    def root(self):
        return self.roles['']

    def is_filtered(self, framework, agent, resources):
        """True when a decline filter of ``framework`` on ``agent``, in force now, contains ``resources``."""
        for f in self._by_pair.get((framework, agent), ()):
            expires = f['expires']
            in_force = expires is None or self.time < expires or (self.time == expires and f['at_expiry'])
            if in_force and fits(resources, f['refused']):
                return True
        return False

    def requests(self, framework, n):
        """The first ``n`` (or all, if fewer) pending requests of ``framework``, oldest first.

        Each is a dict: job, index, resources, submit, duration, gang_size, bid,
        priority, pool, job_submit, estimate. Asks sim for more when the list
        it sent is too short.
        """
        index = framework.index if isinstance(framework, Framework) else framework
        have, more = self._requests.get(index, ([], True))
        if len(have) < n and more:
            limit = max(n, 2 * len(have), 8)
            answer = self._channel.ask({'type': 'requests', 'framework': index, 'limit': limit})
            have, more = answer['requests'], answer['more_requests']
            self._requests[index] = (have, more)
        return have[:n]

    def meets_minimum(self, q):
        """True when ``q`` contains one of the minimum allocatable sets (any non-empty ``q`` if none)."""
        if is_zero(q):
            return False
        if not self.min_allocatable:
            return True
        return any(fits(m, q) for m in self.min_allocatable)

    # -- applying a delta --------------------------------------------------

    def apply(self, message):
        self.time = message['time']
        delta = message['view']
        self.total = delta['total']
        self.unreserved_available = delta['unreserved_available']
        self.min_allocatable = delta['min_allocatable']
        # What was fetched beyond the first `limit` requests may be stale now.
        for i, (have, more) in list(self._requests.items()):
            if len(have) > self._limit:
                self._requests[i] = (have[:self._limit], True)
        if self._limit == 0:
            self._requests = {}
        for entry in delta['agents']:
            i = entry['index']
            if i < len(self.agents):
                self.agents[i].update(entry)
            else:
                self.agents.append(Agent(entry))
        for entry in delta['frameworks']:
            i = entry['index']
            if 'requests' in entry:
                self._requests[i] = (entry.pop('requests'), entry.pop('more_requests'))
            if i < len(self.frameworks):
                self.frameworks[i].update(entry)
            else:
                self.frameworks.append(Framework(entry))
        self.role_list = [Role(dict(r, children=[])) for r in delta['roles']]
        self.roles = {r.path: r for r in self.role_list}
        for r in self.role_list:
            if r.parent is not None:
                self.roles[r.parent].children.append(r)
        self.pools = [Record(p) for p in delta['pools']]
        for fid in delta['filters']['removed']:
            f = self._filters.pop(fid)
            self._by_pair[(f['framework'], f['agent'])].remove(f)
        for f in delta['filters']['added']:
            self._filters[f['id']] = f
            self._by_pair.setdefault((f['framework'], f['agent']), []).append(f)
        self.candidates = [self.agents[i] for i in message.get('candidates', [])]
        self.signals = message.get('signals')
        self.events = message.get('events', [])


class Policy:
    """Override ``allocate`` (and, as needed, the settings and other methods)."""

    #: The policy's name and version, for sim's messages and summary.json.
    name = 'python-policy'
    version = '0'
    #: Ask for a preempt call before each allocation run.
    preempts = False
    #: Run at once when a framework has new work (policies that serve requests want this).
    reacts_to_demand = False
    #: Pending requests sent per framework with each change (0: none; more on demand).
    requests = 0
    #: Send each agent's staging and running tasks.
    tasks = False
    #: Send task and agent events in ``view.events``.
    notifications = False

    def start(self, hello):
        """Called once with the hello message (resources, options, pools, seeds)."""

    def allocate(self, view):
        """Return the grants for this run: a list of Grant (or dicts of the same fields)."""
        return []

    def preempt(self, view):
        """Return the ids of staging or running tasks to preempt (only if ``preempts``)."""
        return []

    def finish(self, view):
        """Called at bye, with the final signals in ``view.signals``."""


class Channel:
    """Line-delimited JSON over stdin and the real stdout."""

    def __init__(self, inp, out):
        self._in = inp
        self._out = out
        #: Seconds spent waiting for answers to questions (protocol time, not the policy's own).
        self.asking = 0.0

    def send(self, message):
        self._out.write(json.dumps(message, separators=(',', ':')) + '\n')
        self._out.flush()

    def receive(self):
        line = self._in.readline()
        if not line:
            return None
        return json.loads(line)

    def ask(self, message):
        started = time.perf_counter()
        self.send(message)
        answer = self.receive()
        self.asking += time.perf_counter() - started
        if answer is None:
            raise EOFError('sim closed the protocol stream')
        return answer


def _grant_json(g):
    return g.to_json() if isinstance(g, Grant) else dict(g)


def run(policy):
    """Serves ``policy`` over stdin and stdout until bye. Never returns normally: exits the process."""
    channel = Channel(sys.stdin, sys.stdout)
    sys.stdout = sys.stderr  # print() goes to stderr; stdout carries the protocol only
    view = None
    try:
        while True:
            message = channel.receive()
            if message is None:
                sys.exit(0)  # sim went away
            kind = message['type']
            if kind == 'hello':
                if message['protocol'] != PROTOCOL:
                    raise RuntimeError('this client speaks protocol %d, sim speaks %d' % (PROTOCOL, message['protocol']))
                view = View(channel, message, policy.requests)
                policy.start(message)
                channel.send({
                    'type': 'hello', 'protocol': PROTOCOL, 'policy': policy.name, 'version': str(policy.version),
                    'preempts': policy.preempts, 'reacts_to_demand': policy.reacts_to_demand,
                    'requests': policy.requests, 'tasks': policy.tasks, 'notifications': policy.notifications,
                })
            elif kind in ('allocate', 'preempt'):
                view.apply(message)
                channel.asking = 0.0
                started = time.perf_counter()
                if kind == 'allocate':
                    grants = [_grant_json(g) for g in policy.allocate(view)]
                    reply = {'type': 'grants', 'grants': grants}
                else:
                    reply = {'type': 'preemptions', 'tasks': list(policy.preempt(view))}
                # The policy's own time: questions to sim are the protocol's.
                reply['wall'] = max(0.0, time.perf_counter() - started - channel.asking)
                channel.send(reply)
            elif kind == 'bye':
                view.time = message['time']
                view.signals = message.get('signals')
                view.events = message.get('events', [])
                policy.finish(view)
                sys.exit(0)
    except (KeyboardInterrupt, BrokenPipeError, EOFError):
        sys.exit(1)
    except Exception as e:  # the policy's own error: tell sim, which stops the run with it
        traceback.print_exc(file=sys.stderr)
        try:
            channel.send({'type': 'error', 'message': '%s: %s' % (type(e).__name__, e)})
        except (BrokenPipeError, OSError):
            pass
        sys.exit(1)

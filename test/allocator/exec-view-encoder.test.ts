/**
 * The exec protocol's delta rule for agents (docs/protocol.md, "The delta
 * rule"), on one agent with static reservations for roles a and b, built by
 * hand: an agent is resent exactly when its entry changed, role by role, and
 * a policy that did not ask for tasks is not sent agents whose entry is the
 * same (a task event alone changes nothing it sees).
 */
import { expect, it } from 'vitest';
import { ViewEncoder } from '../../src/allocator/exec/view-encoder.js';
import { Agent } from '../../src/model/agent.js';
import { AgentReservations } from '../../src/model/reservations.js';
import { ResourceSpace } from '../../src/model/resources.js';
import { RoleTree } from '../../src/model/roles.js';
import type { ClusterView } from '../../src/model/view.js';

const space = new ResourceSpace(['cpus', 'mem']);
const q = (cpus: number, mem: number) => space.fromRecord({ cpus, mem });

/** An agent of cpus 4, mem 4, of which cpus 2, mem 2 reserved for a and as much for b; a view of it alone. */
function cluster() {
  const roles = new RoleTree(space, new Map());
  const a = roles.ensure('a');
  const b = roles.ensure('b');
  const book = new AgentReservations(space, new Map([[a, q(2, 2)], [b, q(2, 2)]]), roles);
  const agent = new Agent(0, 'n-0', 'n', q(4, 4), {}, space, undefined, book);
  agent.registered = true;
  const view = {
    now: 0,
    space,
    total: agent.total,
    get unreservedAvailable() {
      return agent.unreservedAvailable;
    },
    roles: roles.root,
    frameworks: [],
    agents: [agent],
    freeAgents: new Set([agent]),
    pools: [],
    minAllocatable: [],
    isFiltered: () => false,
    filters: [],
  } satisfies ClusterView;
  return { agent, a, b, view };
}

interface AgentEntry {
  readonly index: number;
  readonly available: number[];
  readonly reservations: Record<string, number[]>;
}
const agentsOf = (delta: unknown) => (delta as { agents: AgentEntry[] }).agents;

it('resends an agent when one role’s reservation is taken while another’s comes free, the sums unchanged', () => {
  const { agent, a, b, view } = cluster();
  const encoder = new ViewEncoder({ requests: 0, tasks: false });
  // a's framework holds its reservation (a task runs on it) before the first request.
  agent.offer(q(2, 2), a);
  agent.allocateFromOffer(q(2, 2));
  expect(agentsOf(encoder.delta(view))).toHaveLength(1);
  expect(agentsOf(encoder.delta(view))).toHaveLength(0);
  // b is offered its reservation; a's task ends: available and the reservations' sum are as before.
  agent.offer(q(2, 2), b);
  agent.release(q(2, 2), a);
  const sent = agentsOf(encoder.delta(view));
  expect(sent).toHaveLength(1);
  expect(sent[0]).toMatchObject({ index: 0, available: [2000, 2000], reservations: { a: [2000, 2000], b: [0, 0] } });
  expect(agentsOf(encoder.delta(view))).toHaveLength(0);
});

it('resends an agent whose tasks changed only to a policy that asked for tasks', () => {
  for (const tasks of [false, true]) {
    const { agent, a, view } = cluster();
    const encoder = new ViewEncoder({ requests: 0, tasks });
    agent.offer(q(1, 1), a);
    expect(agentsOf(encoder.delta(view))).toHaveLength(1);
    // A task launched from the offer: offered becomes allocated, the entry's figures stay.
    agent.allocateFromOffer(q(1, 1));
    encoder.touch(0);
    expect(agentsOf(encoder.delta(view)), `tasks: ${tasks}`).toHaveLength(tasks ? 1 : 0);
  }
});

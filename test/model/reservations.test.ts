import { describe, expect, it } from 'vitest';
import { InvariantError } from '../../src/errors.js';
import { Agent } from '../../src/model/agent.js';
import { AgentReservations } from '../../src/model/reservations.js';
import { RoleTree } from '../../src/model/roles.js';
import { space } from '../helpers/world.js';

/** A registered 8-cpu agent with the given reservations (role path -> cpus), and its role tree. */
function setup(reserved: Record<string, number>) {
  const roles = new RoleTree(space, new Map());
  const book = new AgentReservations(
    space,
    new Map(Object.entries(reserved).map(([path, cpus]) => [roles.ensure(path), space.fromRecord({ cpus })])),
    roles,
  );
  const agent = new Agent(0, 'r-0', 'r', space.fromRecord({ cpus: 8 }), {}, space, undefined, book);
  agent.registered = true;
  const cpus = (q: Float64Array | undefined) => (q === undefined ? undefined : q[0]! / 1000);
  const free = () => Object.fromEntries([...agent.unallocatedReservations].map(([p, q]) => [p, cpus(q)]));
  return { roles, agent, role: (p: string) => roles.ensure(p), q: (n: number) => space.fromRecord({ cpus: n }), cpus, free };
}

describe('reservation accounting on an agent', () => {
  it('what a role may be offered: unreserved plus its own and its ancestors\' reservations', () => {
    const { agent, role, cpus } = setup({ ads: 2, 'eng/ml': 3 });
    expect(cpus(agent.unreservedAvailable)).toBe(3);
    expect(cpus(agent.availableTo(role('ads')))).toBe(5);
    expect(cpus(agent.availableTo(role('ads/x')))).toBe(5); // a descendant may use it
    expect(cpus(agent.availableTo(role('eng')))).toBe(3); // an ancestor may not
    expect(cpus(agent.availableTo(role('eng/ml/deep')))).toBe(6);
    expect(cpus(agent.availableTo(role('b')))).toBe(3);
  });

  it('charges what a role holds to its reservation first, and keeps the role tree\'s sums', () => {
    const { agent, roles, role, q, cpus, free } = setup({ ads: 2 });
    agent.offer(q(3), role('ads'));
    expect(free()).toEqual({ ads: 0 });
    expect(cpus(agent.unreservedAvailable)).toBe(5); // 8 − 3 held, nothing reserved left
    agent.allocateFromOffer(q(1));
    agent.unoffer(q(2), role('ads'));
    expect(free()).toEqual({ ads: 1 });
    expect(cpus(roles.get('ads')!.unallocatedReservations)).toBe(1);
    expect(cpus(roles.root.unallocatedReservations)).toBe(1);
    agent.release(q(1), role('ads'));
    expect(free()).toEqual({ ads: 2 });
    expect(cpus(roles.root.unallocatedReservations)).toBe(2);
  });

  it('nested reservations: the deepest is charged first, the overflow goes to the ancestor, then to unreserved', () => {
    // a: 2 cpus, a/x: 2 cpus, 4 unreserved. A framework of a/x holding 5 uses a/x's 2, a's 2 and 1
    // unreserved; one of a holding 1 then has only unreserved left to use.
    const { agent, role, q, cpus, free } = setup({ a: 2, 'a/x': 2 });
    agent.offer(q(5), role('a/x'));
    expect(free()).toEqual({ a: 0, 'a/x': 0 });
    expect(cpus(agent.unreservedAvailable)).toBe(3);
    agent.unoffer(q(3), role('a/x'));
    expect(free()).toEqual({ a: 2, 'a/x': 0 });
    expect(cpus(agent.availableTo(role('a')))).toBe(6);
    expect(cpus(agent.availableTo(role('b')))).toBe(4);
  });

  it('throws when a framework holds another role\'s reservation', () => {
    const { agent, role, q } = setup({ ads: 2 });
    agent.offer(q(6), role('b'));
    expect(() => agent.offer(q(1), role('c'))).toThrow(InvariantError);
    expect(() => setup({ ads: 2 }).agent.offer(q(7), role('b'))).toThrow(/a framework of role b holds another role's reservation/);
  });

  it('counts free reservations in the role tree only while the agent is registered', () => {
    const { agent, roles, cpus } = setup({ 'a/x': 3 });
    expect(cpus(roles.get('a')!.unallocatedReservations)).toBe(3);
    agent.registered = false;
    expect(cpus(roles.get('a')!.unallocatedReservations)).toBe(0);
    expect(cpus(roles.root.unallocatedReservations)).toBe(0);
  });

  it('audit: agrees with a recount from holdings, and names the reservation when it does not', () => {
    const { agent, role, q } = setup({ ads: 2 });
    agent.offer(q(1), role('ads'));
    expect(agent.auditReservations([[role('ads'), q(1)]])).toBeUndefined();
    expect(agent.auditReservations([[role('ads/x'), q(2)]])).toMatch(/reservation of ads: cpus:1 free in the books, {} from offers and tasks/);
  });
});

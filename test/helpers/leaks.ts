/**
 * The no-leak check for fault tests: after a run, every task is in a
 * terminal state or still live (running, or waiting when the run was cut
 * off by `until`), the master's books balance, and resources that tasks held
 * have come back (once the status updates on their way when the run
 * drained have arrived).
 */
import { expect } from 'vitest';
import { isZero } from '../../src/model/resources.js';
import { isTerminal, TERMINAL_STATES, type Task } from '../../src/model/task.js';
import type { Built } from './world.js';

export function expectNoLeaks(b: Built, end: { reason: string }, settle = 600): void {
  const m = b.world.master;
  m.verify();
  const rows = b.tasks.records();
  const live = rows.filter((r) => !TERMINAL_STATES.has(r.state as never));
  if (end.reason === 'drained') {
    expect(live.map((r) => `${r.task_id} ${r.state}`)).toEqual([]);
    // A run drains when its last task ends on its agent: the status updates still on their
    // way return the last resources. Let them arrive (at most `settle` seconds later).
    const sim = b.world.sim;
    const horizon = sim.now + settle;
    while (!isZero(m.allocated) && sim.nextTime !== undefined && sim.nextTime <= horizon) {
      sim.step();
      m.verify();
    }
    expect(m.space.format(m.allocated)).toBe(m.space.format(m.space.zero()));
  } else {
    for (const r of live) expect(['pending', 'staging', 'running']).toContain(r.state);
    // Tasks the master holds resources for are live tasks on registered agents, or tasks that
    // ended on their agent whose status update was still on its way when the run was cut off
    // (a latency, a partition): those are released once it arrives. A task still staging is on
    // its way to its agent, held by a partition, or lost with an agent the master has yet to
    // notice is gone: it starts or ends once the partition heals or the health checks conclude.
    // Deliver what is in flight (up to `settle` simulated seconds, the books checked at every event)
    // until both have happened.
    let onAgents = live.filter((r) => r.state === 'running' || r.state === 'staging').length;
    const ended = new Set<Task>();
    const staging = new Set<Task>();
    for (const a of m.agents) {
      if (!a.registered) continue;
      for (const t of a.tasks) if (isTerminal(t.state)) ended.add(t);
      for (const t of a.tasks) if (t.state === 'staging') staging.add(t);
      onAgents -= a.tasks.size;
    }
    expect(onAgents + ended.size).toBeGreaterThanOrEqual(0);
    const stuck = (): string[] => [
      ...[...ended].filter((t) => m.agents[t.agent]!.tasks.has(t)).map((t) => `${t.id}#${t.attempt} ${t.state}, still held`),
      ...[...staging].filter((t) => t.state === 'staging').map((t) => `${t.id}#${t.attempt} still staging on ${m.agents[t.agent]!.name}`),
    ];
    b.world.sim.run(b.world.sim.now + settle, () => {
      m.verify();
      return stuck().length === 0;
    });
    expect(stuck()).toEqual([]);
  }
}

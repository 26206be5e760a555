/**
 * The no-leak check for fault tests: after a run, every task is in a
 * terminal state or still live (running, or waiting when the run was cut
 * off by `until`), the master's books balance, and resources that tasks held
 * have come back.
 */
import { expect } from 'vitest';
import { TERMINAL_STATES } from '../../src/model/task.js';
import type { Built } from './world.js';

export function expectNoLeaks(b: Built, end: { reason: string }): void {
  const m = b.world.master;
  m.verify();
  const rows = b.tasks.records();
  const live = rows.filter((r) => !TERMINAL_STATES.has(r.state as never));
  if (end.reason === 'drained') {
    expect(live.map((r) => `${r.task_id} ${r.state}`)).toEqual([]);
    // A drained run stops when the last task ends on its agent, before its status update reaches
    // the master: deliver what is in flight (up to 600 simulated seconds), checking the books at
    // every event, before asking for every resource back.
    const held = (): boolean => m.agents.some((a) => a.tasks.size > 0);
    b.world.sim.run(b.world.sim.now + 600, () => {
      m.verify();
      return !held();
    });
    expect(m.space.format(m.allocated)).toBe(m.space.format(m.space.zero()));
  } else {
    for (const r of live) expect(['pending', 'staging', 'running']).toContain(r.state);
  }
  // Tasks the master holds resources for are exactly the live tasks on registered agents.
  let held = 0;
  for (const a of m.agents) if (a.registered) held += a.tasks.size;
  const onAgents = live.filter((r) => r.state === 'running' || r.state === 'staging').length;
  expect(held).toBeLessThanOrEqual(onAgents);
}

/**
 * The no-leak check for fault tests: after a run, every task is in a
 * terminal state or still live (running, or waiting when the run was cut
 * off by `until`), the master's books balance, and resources that tasks held
 * have come back (once the status updates on their way when the run
 * drained have arrived).
 */
import { expect } from 'vitest';
import { isZero } from '../../src/model/resources.js';
import { TERMINAL_STATES } from '../../src/model/task.js';
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
  }
  // Tasks the master holds resources for are exactly the live tasks on registered agents.
  let held = 0;
  for (const a of m.agents) if (a.registered) held += a.tasks.size;
  const onAgents = live.filter((r) => r.state === 'running' || r.state === 'staging').length;
  expect(held).toBeLessThanOrEqual(onAgents);
}

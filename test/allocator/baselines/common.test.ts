/**
 * What all four baselines share: the GPU rule, and options checked by name.
 */
import { describe, expect, it } from 'vitest';
import { agents, framework, job, quota, reservedAgents } from '../../helpers/world.js';
import { placedOn, run } from './support.js';

const BASELINES = ['fifo', 'easy', 'slots', 'tetris'];

describe.each(BASELINES)('%s', (name) => {
  // The GPU agent comes first, so first fit (and tetris, on the bigger agent) would use it.
  const world = () => ({
    agents: [...agents(1, { cpus: 8, mem: 8192, gpus: 1 }, 'gpu'), ...agents(1, { cpus: 4, mem: 4096 }, 'cpu')],
    frameworks: [framework('plain', 'r', [job('j', 0, 6, { cpus: 1, mem: 512 })])],
    until: 5,
  });

  it('keeps frameworks without the GPU capability off GPU agents', () => {
    const on = placedOn(run(world(), name).b)['plain/j']!;
    expect(on.filter((a) => a !== '')).not.toHaveLength(0);
    expect(on.filter((a) => a === 'gpu-0')).toEqual([]);
  });

  it('lets them on with filter_gpu_resources: false', () => {
    const on = placedOn(run(world(), name, { filter_gpu_resources: false }).b)['plain/j']!;
    expect(on).toContain('gpu-0');
  });

  it('makes no empty grant for a task that asks for nothing; it runs in its framework\'s next offer', () => {
    const { starts } = run(
      {
        agents: agents(1, { cpus: 4, mem: 4096 }),
        frameworks: [framework('f', 'r', [job('nothing', 0, 1, { cpus: 0 }, 5), job('some', 1, 1, { cpus: 1, mem: 512 }, 5)])],
      },
      name,
    );
    expect(starts).toEqual({ 'f/nothing': [1], 'f/some': [1] });
  });

  it('keeps the books when agents and frameworks leave mid-run', () => {
    // Gangs and long tasks across three agents; an agent goes at t=5 (its tasks are lost and
    // retried), a framework at t=8 (its tasks killed), a role weight changes at t=9.
    const { metrics, reason } = run(
      {
        agents: agents(3, { cpus: 4, mem: 4096 }),
        frameworks: [
          framework('a', 'a', [job('g', 0, 3, { cpus: 2, mem: 1024 }, 20, true), job('o', 1, 6, { cpus: 1, mem: 512 }, 4)]),
          framework('b', 'b', [job('o', 0, 8, { cpus: 1, mem: 1024 }, 30), job('g', 2, 2, { cpus: 3, mem: 512 }, 3, true)]),
        ],
        timeline: [
          { at: 5, kind: 'agent-remove', agent: 1 },
          { at: 8, kind: 'framework-unregister', framework: 1 },
          { at: 9, kind: 'set-weight', role: 'a', weight: 3 },
        ],
      },
      name,
    );
    expect(reason).toBe('drained');
    const t = metrics.tasks;
    expect(t.finished + t.failed + t.killed + t.lost + t.dropped + t.at_end_live).toBe(t.submitted);
    expect(t.lost).toBeGreaterThan(0);
    expect(t.killed + t.dropped).toBeGreaterThan(0);
  });

  it('leaves other roles\' reservations alone, and keeps a role within its quota limit without holding up the others', () => {
    // Agent a-0 has 3 of its 4 cpus reserved for role 'other'; a-1 is unreserved. Role 'lim' may
    // hold at most 2 cpus: its 3-cpu job waits for good; 'free' (1 cpu each, from t=1) is not held
    // up and takes the unreserved cpus: 1 on a-0, 4 on a-1.
    const { b, starts } = run(
      {
        agents: [...reservedAgents(1, { cpus: 4, mem: 4096 }, { other: { cpus: 3 } }, 'r'), ...agents(1, { cpus: 4, mem: 4096 })],
        frameworks: [
          framework('lim', 'lim', [job('big', 0, 1, { cpus: 3, mem: 256 })], { refuseSeconds: 0 }),
          framework('free', 'free', [job('small', 1, 8, { cpus: 1, mem: 256 })], { refuseSeconds: 0 }),
        ],
        quotas: new Map([['lim', quota({}, { cpus: 2 })]]),
        until: 5,
      },
      name,
    );
    expect(starts['lim/big']).toEqual([-1]);
    expect(starts['free/small']!.filter((t) => t === 1)).toHaveLength(5);
    const on = placedOn(b)['free/small']!.filter((a) => a !== '');
    expect(on.filter((a) => a === 'r-0')).toHaveLength(1);
  });

  it('rejects an unknown option, naming it', () => {
    expect(() => run(world(), name, { bogus: 1 })).toThrow(/master\.allocator_options: .*bogus.*allocator '/);
  });
});

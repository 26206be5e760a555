import { describe, expect, it } from 'vitest';
import { randomSource } from '../../src/core/random.js';
import type { Scheduler } from '../../src/core/simulation.js';
import type { SimEvent } from '../../src/model/events/sim-event.js';
import { Network, type LatencyConfig, type Message } from '../../src/master/network.js';
import type { Task } from '../../src/model/task.js';
import { MemoryTable } from '../../src/metrics/sinks.js';
import { runScenario } from '../../src/run.js';
import { parseScenario } from '../../src/scenario/load.js';

/** A scheduler that only records when each event would arrive. */
function recorder() {
  const arrivals: { time: number; event: SimEvent }[] = [];
  const sim: Scheduler<SimEvent> & { now: number } = {
    now: 0,
    schedule(delay, event) {
      arrivals.push({ time: this.now + delay, event });
    },
    scheduleAt(time, event) {
      arrivals.push({ time, event });
    },
  };
  return { sim, arrivals };
}

const fakeTask = (agent: number, id: number) => ({ agent, id }) as unknown as Task;
const NONE: LatencyConfig = { masterToFramework: 0, frameworkToMaster: 0, masterToAgent: 0, agentToMaster: 0 };

describe('the network', () => {
  it('delays each message kind by its own latency, or its direction\'s', () => {
    const { sim, arrivals } = recorder();
    const net = new Network({ ...NONE, masterToAgent: 0.5, messages: { run_task: 2 } }, randomSource(1).stream('network'), sim);
    net.send({ kind: 'task-kill', task: fakeTask(0, 1), state: 'killed' });
    net.send({ kind: 'task-launch', task: fakeTask(1, 2) });
    expect(arrivals.map((a) => a.time)).toEqual([0.5, 2]);
  });

  it('keeps each link FIFO: a fast message waits for a slow one sent before it on the same link', () => {
    const { sim, arrivals } = recorder();
    const net = new Network({ ...NONE, masterToAgent: 0.5, messages: { run_task: 2 } }, randomSource(1).stream('network'), sim);
    net.send({ kind: 'task-launch', task: fakeTask(3, 1) });
    net.send({ kind: 'task-kill', task: fakeTask(3, 1), state: 'killed' }); // same agent: not before the launch
    net.send({ kind: 'task-kill', task: fakeTask(4, 2), state: 'killed' }); // another agent's link
    expect(arrivals.map((a) => a.time)).toEqual([2, 2, 0.5]);
  });

  it('draws latencies from a distribution, per link in send order, the same for the same seed', () => {
    const draw = (seed: number) => {
      const { sim, arrivals } = recorder();
      const net = new Network({ ...NONE, agentToMaster: { dist: 'exponential', mean: 1 } }, randomSource(seed).stream('network'), sim);
      for (let k = 0; k < 400; k++) {
        sim.now = k * 0.1;
        net.send({ kind: 'task-status', task: fakeTask(k % 4, k), state: 'finished' });
      }
      return arrivals;
    };
    const a = draw(7);
    expect(draw(7)).toEqual(a);
    expect(draw(8).map((x) => x.time)).not.toEqual(a.map((x) => x.time));
    for (let link = 0; link < 4; link++) {
      const times = a.filter((x) => (x.event as Message & { task: Task }).task.agent === link).map((x) => x.time);
      for (let k = 1; k < times.length; k++) expect(times[k]!).toBeGreaterThanOrEqual(times[k - 1]!);
    }
    // Across links there is no ordering: some message overtakes one sent earlier to another agent.
    const overtakes = a.some((x, k) => k > 0 && x.time < a[k - 1]!.time);
    expect(overtakes).toBe(true);
    // The mean delay is at least the distribution's mean (FIFO only ever adds).
    const mean = a.reduce((s, x, k) => s + x.time - k * 0.1, 0) / a.length;
    expect(mean).toBeGreaterThan(0.85);
  });

  it('runs a scenario with drawn latencies: the books hold after every event and every task finishes', () => {
    const text = [
      'name: drawn-latency',
      'cluster: { agents: [{ count: 4, resources: { cpus: 4, mem: 8192 } }] }',
      'master:',
      '  latency:',
      '    master_to_agent: { dist: exponential, mean: 0.2 }',
      '    agent_to_master: { dist: uniform, min: 0.05, max: 0.5 }',
      '    messages: { offers: { dist: lognormal, mean: 0.1, stddev: 0.05 } }',
      'frameworks:',
      '  - name: f',
      '    workload: { jobs: [{ submit: 0, tasks: 40, resources: { cpus: 1, mem: 512 }, duration: 3 }] }',
    ].join('\n');
    const tasks = new MemoryTable();
    const summary = runScenario(parseScenario(text, 'x.yaml'), { tasks, offers: new MemoryTable(), utilization: new MemoryTable() }, { verifyEvery: 1, wallClock: false });
    expect(summary.tasks.finished).toBe(40);
    const starts = new Set(tasks.records().map((r) => r.start_time));
    expect(starts.size).toBeGreaterThan(10); // drawn delays spread the starts
  });

  it('rejects an unknown message kind with the list of kinds', () => {
    expect(() => parseScenario('name: x\ncluster: { agents: [{ resources: { cpus: 1 } }] }\nmaster: { latency: { messages: { ping: 1 } } }\nframeworks: [{ name: f, workload: { jobs: [] } }]', 'x.yaml')).toThrow(
      /master\.latency\.messages.*offers, rescind_offer/,
    );
  });
});

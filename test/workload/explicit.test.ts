import { describe, expect, it } from 'vitest';
import type { JobSource, JobSpec } from '../../src/model/job.js';
import { ResourceSpace } from '../../src/model/resources.js';
import { explicitJobs, type ExplicitJobSpec } from '../../src/workload/explicit.js';

const space = new ResourceSpace(['cpus', 'mem']);

function all(source: JobSource): JobSpec[] {
  const out: JobSpec[] = [];
  for (let job = source.next(); job !== undefined; job = source.next()) out.push(job);
  return out;
}

describe('explicitJobs', () => {
  it('yields jobs sorted by submit, stable for equal submit times', () => {
    const list: ExplicitJobSpec[] = [
      { submit: 5, name: 'c', duration: 1, gang: false },
      { submit: 1, name: 'a', duration: 1, gang: false },
      { submit: 5, name: 'd', duration: 1, gang: false },
      { submit: 0, name: 'z', duration: 1, gang: false },
      { submit: 5, name: 'b', duration: 1, gang: false },
    ];
    expect(all(explicitJobs(list, space)).map((j) => j.id)).toEqual(['z', 'a', 'c', 'd', 'b']);
  });

  it('ids are the name, else prefix-(index in the original list + 1)', () => {
    const list: ExplicitJobSpec[] = [
      { submit: 9, duration: 1, gang: false },
      { submit: 3, name: 'named', duration: 1, gang: false },
      { submit: 1, duration: 1, gang: false },
    ];
    expect(all(explicitJobs(list, space)).map((j) => j.id)).toEqual(['job-3', 'named', 'job-1']);
    expect(all(explicitJobs(list, space, 'svc')).map((j) => j.id)).toEqual(['svc-3', 'named', 'svc-1']);
  });

  it("turns 'forever' into Infinity and converts resources to milli-units", () => {
    const [job] = all(explicitJobs([{ submit: 0, tasks: 3, resources: { cpus: 0.07, mem: 64 }, duration: 'forever', gang: true }], space));
    expect(job!.gang).toBe(true);
    expect(job!.tasks).toHaveLength(3);
    expect(job!.tasks[0]!.duration).toBe(Infinity);
    expect([...job!.tasks[0]!.resources]).toEqual([70, 64_000]);
    // Identical tasks share one TaskSpec (and so one Quantities).
    expect(new Set(job!.tasks).size).toBe(1);
  });

  it('defaults to one task with no resources', () => {
    const [job] = all(explicitJobs([{ submit: 2, duration: 10, gang: false }], space));
    expect(job!.tasks).toEqual([{ resources: new Float64Array([0, 0]), duration: 10 }]);
    expect(job!.submit).toBe(2);
  });

  it('builds individual tasks from taskList, which takes precedence', () => {
    const [job] = all(
      explicitJobs(
        [
          {
            submit: 0,
            tasks: 7,
            duration: 1,
            gang: false,
            taskList: [
              { resources: { cpus: 1 }, duration: 30 },
              { resources: { mem: 2048 }, duration: 'forever' },
            ],
          },
        ],
        space,
      ),
    );
    expect(job!.tasks.map((t) => [[...t.resources], t.duration])).toEqual([
      [[1000, 0], 30],
      [[0, 2_048_000], Infinity],
    ]);
  });

  it('is exhausted after the last job', () => {
    const source = explicitJobs([{ submit: 0, duration: 1, gang: false }], space);
    expect(source.next()).toBeDefined();
    expect(source.next()).toBeUndefined();
    expect(source.next()).toBeUndefined();
    expect(explicitJobs([], space).next()).toBeUndefined();
  });

  it('rejects invalid jobs up front', () => {
    const ok = { submit: 0, duration: 1, gang: false };
    expect(() => explicitJobs([{ ...ok, resources: { disk: 1 } }], space)).toThrow(/unknown resource 'disk'/);
    expect(() => explicitJobs([{ submit: 0, gang: false }], space)).toThrow(/duration is required/);
    expect(() => explicitJobs([{ ...ok, name: 'x' }, { ...ok, name: 'x' }], space)).toThrow(/duplicate job id 'x'/);
    expect(() => explicitJobs([{ ...ok, name: 'job-2' }, ok], space)).toThrow(/duplicate/);
    expect(() => explicitJobs([{ ...ok, tasks: 0 }], space)).toThrow(/tasks/);
    expect(() => explicitJobs([{ ...ok, tasks: 1.5 }], space)).toThrow(/tasks/);
    expect(() => explicitJobs([{ ...ok, taskList: [] }], space)).toThrow(/taskList/);
    expect(() => explicitJobs([{ ...ok, duration: -1 }], space)).toThrow(/duration/);
    expect(() => explicitJobs([{ ...ok, resources: { cpus: -1 } }], space)).toThrow(/cpus/);
    expect(() => explicitJobs([{ ...ok, submit: NaN }], space)).toThrow(/submit/);
  });
});

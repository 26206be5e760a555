/**
 * The timeline's `suppress` and `revive` through the compiled bin: a role the
 * framework does not have is one located line with exit 2 and nothing
 * written; a valid script writes its calls to events.csv.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sim } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

let work: string;

beforeAll(() => {
  work = tempDir('sim-suppress-');
});

const scenario = (roles: string): string =>
  [
    'name: scripted-suppress',
    'until: 20',
    'cluster: { agents: [{ name: a, resources: { cpus: 2, mem: 1024 } }] }',
    'frameworks:',
    '  - { name: f1, role: role1, workload: { jobs: [{ submit: 0, tasks: 4, resources: { cpus: 2 }, duration: 3 }] } }',
    'timeline:',
    '  - { at: 5, suppress: { framework: f1 } }',
    `  - { at: 9, revive: { framework: f1, roles: ${roles} } }`,
    '',
  ].join('\n');

describe('sim run: scripted suppress and revive', () => {
  it('a role the framework does not have: one located line, exit 2, nothing written', () => {
    const file = join(work, 'bad.yaml');
    writeFileSync(file, scenario('[role2]'));
    const out = join(work, 'bad-out');
    const r = sim('run', file, '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      `${file}:8:47: timeline.1.revive.roles.0: framework 'f1' has no role 'role2' (expected a role of framework 'f1': role1)`,
    ]);
    expect(existsSync(out)).toBe(false);
  });

  it('writes each call to events.csv and counts them in summary.json', () => {
    const file = join(work, 'ok.yaml');
    writeFileSync(file, scenario('[role1]'));
    const out = join(work, 'ok-out');
    const r = sim('run', file, '--out', out);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(out, 'events.csv'), 'utf8').trim().split('\n')).toEqual([
      'time,kind,agent,framework,task_id,value,detail',
      '5,offers-suppressed,,f1,,,role1',
      '9,offers-revived,,f1,,,role1',
    ]);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.faults).toMatchObject({ events: 2, by_kind: { 'offers-suppressed': 1, 'offers-revived': 1 } });
    // Tasks of 3 s, one at a time; a freed agent is offered at the next batch run (1 s): 0-3 and 4-7,
    // then nothing while suppressed (from 5), the revive's run at 9, and the batch run at 13.
    const starts = readFileSync(join(out, 'tasks.csv'), 'utf8').trim().split('\n').slice(1).map((l) => Number(l.split(',')[6]));
    expect(starts).toEqual([0, 4, 9, 13]);
  });
});

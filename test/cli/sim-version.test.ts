/**
 * `sim --version` prints the simulator's own version wherever it is run from,
 * not the version of the project it is installed in (issue 16 item 1).
 *
 * The installed layout is rebuilt without npm: a project of version 1.0.0 whose
 * node_modules holds mesos-sim (its package.json, its dist/ linked to the
 * checkout's) beside its dependencies, hoisted as npm installs them (links to
 * the checkout's node_modules). Node runs with --preserve-symlinks so that
 * every module sees its path inside the project, as after a real install;
 * tools/pack-check.sh does the same from the packed tarball.
 */
import { root } from '../helpers/cli.js';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const own = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
let project: string;

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'sim-version-'));
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'some-project', version: '1.0.0', private: true }));
  const modules = join(project, 'node_modules');
  const pkg = join(modules, 'mesos-sim');
  mkdirSync(pkg, { recursive: true });
  copyFileSync(join(root, 'package.json'), join(pkg, 'package.json'));
  symlinkSync(join(root, 'dist'), join(pkg, 'dist'), 'dir');
  for (const dep of readdirSync(join(root, 'node_modules'))) {
    if (!dep.startsWith('.')) symlinkSync(join(root, 'node_modules', dep), join(modules, dep), 'dir');
  }
});

afterAll(() => rmSync(project, { recursive: true, force: true }));

describe('sim --version', () => {
  it("prints the simulator's version when installed in a project of another version", () => {
    expect(own).not.toBe('1.0.0'); // else this test could not tell the two apart
    const main = join(project, 'node_modules', 'mesos-sim', 'dist', 'src', 'cli', 'main.js');
    const r = spawnSync(process.execPath, ['--preserve-symlinks', '--preserve-symlinks-main', main, '--version'], { cwd: project, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(own);
  });

  it("prints the simulator's version from a folder with another project's package.json", () => {
    const r = spawnSync(process.execPath, [join(root, 'dist', 'src', 'cli', 'main.js'), '--version'], { cwd: project, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(own);
  });
});

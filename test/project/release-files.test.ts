/**
 * The release files agree with package.json: the license it names is the one in
 * LICENSE and CITATION.cff, and its version is CITATION.cff's, has a section in
 * CHANGELOG.md, and tags the image of the Kubernetes example. A version bump
 * that forgets one of them fails here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const read = (f: string) => readFileSync(join(root, f), 'utf8');
const pkg = JSON.parse(read('package.json')) as { version: string; license: string };

describe('release files', () => {
  it('LICENSE holds the license package.json names', () => {
    expect(pkg.license).toBe('Apache-2.0');
    const text = read('LICENSE').replace(/\s+/g, ' ');
    expect(text).toMatch(/^ ?Apache License Version 2\.0, January 2004 /);
    expect(text).toContain('END OF TERMS AND CONDITIONS');
  });

  it("CITATION.cff names package.json's version and license", () => {
    const cff = parse(read('CITATION.cff')) as Record<string, unknown>;
    expect(cff['cff-version']).toBe('1.2.0');
    expect(cff.version).toBe(pkg.version);
    expect(cff.license).toBe(pkg.license);
    expect(cff.authors).toEqual([{ name: 'mesos-sim contributors' }]);
    expect(String(cff['date-released'])).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("CITATION.cff's date-released is the CHANGELOG's date for that version", () => {
    const cff = parse(read('CITATION.cff')) as Record<string, unknown>;
    const heading = read('CHANGELOG.md').split('\n').find((l) => l.startsWith(`## [${pkg.version}] - `));
    expect(heading?.slice(heading.lastIndexOf(' ') + 1)).toBe(String(cff['date-released']));
  });

  it("the Kubernetes sweep example runs the image the Dockerfile builds, tagged with package.json's version", () => {
    for (const f of ['docs/sweeps/k8s-indexed-job.yaml', 'docs/sweeps/k8s-merge-job.yaml']) {
      const job = parse(read(f)) as { spec: { template: { spec: { containers: { image: string }[] } } } };
      expect(job.spec.template.spec.containers.map((c) => c.image), f).toEqual([`mesos-sim:${pkg.version}`]);
    }
    expect(read('Dockerfile')).toContain(`docker build -t mesos-sim:${pkg.version} .`);
  });

  it("CHANGELOG.md has an Unreleased section and one for package.json's version", () => {
    const headings = read('CHANGELOG.md').split('\n').filter((l) => l.startsWith('## '));
    expect(headings[0]).toBe('## [Unreleased]');
    expect(headings.some((h) => new RegExp(`^## \\[${pkg.version.replace(/\./g, '\\.')}\\] - \\d{4}-\\d{2}-\\d{2}$`).test(h))).toBe(true);
  });
});

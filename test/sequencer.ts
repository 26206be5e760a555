/**
 * The order in which vitest starts test files: longest first, by the
 * durations in file-durations.json (seconds, measured in a CI run), so that
 * no long file starts last and runs alone on one of the two workers while the
 * other is idle (a fresh clone has no vitest cache, and its default order,
 * by file size, started the two slowest validation files last: about 20 s of
 * a 327 s run with one worker idle). Files not in the table run first, in
 * vitest's own order.
 *
 * To refresh the table after tests change: `npx vitest run --reporter=json
 * --outputFile=/tmp/report.json`, then `node tools/test-durations.mjs
 * /tmp/report.json > test/file-durations.json`.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const durations = JSON.parse(readFileSync(new URL('./file-durations.json', import.meta.url), 'utf8')) as Record<string, number>;

export class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const base = await super.sort(files);
    const seconds = (f: TestSpecification): number => durations[relative(this.ctx.config.root, f.moduleId)] ?? Infinity;
    // Array.prototype.sort is stable: files of equal (or unknown) duration keep vitest's order.
    return [...base].sort((a, b) => seconds(b) - seconds(a));
  }
}

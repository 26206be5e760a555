/**
 * The heap settings the `sim` command and the benchmark give V8
 * (src/cli/heap-settings.ts): the growth factor and the old generation's
 * starting size are each set, unless the user set it himself on node's
 * command line, in either spelling V8 accepts.
 */
import { describe, expect, it } from 'vitest';
import { HEAP_GROWING_PERCENT, heapFlags, INITIAL_OLD_SPACE_MB } from '../../src/cli/heap-settings.js';

describe('heapFlags', () => {
  const both = ['--heap-growing-percent=50', '--initial-old-space-size=256'];

  it('sets the old generation to grow by 50 %, from 256 MB, when node was given no such flag', () => {
    expect([HEAP_GROWING_PERCENT, INITIAL_OLD_SPACE_MB]).toEqual([50, 256]);
    expect(heapFlags([])).toEqual(both);
    expect(heapFlags(['--max-old-space-size=4096', '--enable-source-maps'])).toEqual(both);
  });

  it("leaves the user's own setting of either alone, 0 (V8's rule) included", () => {
    expect(heapFlags(['--heap-growing-percent=0'])).toEqual(['--initial-old-space-size=256']);
    expect(heapFlags(['--heap_growing_percent=80'])).toEqual(['--initial-old-space-size=256']);
    expect(heapFlags(['--max-old-space-size=4096', '--heap-growing-percent', '30'])).toEqual(['--initial-old-space-size=256']);
    expect(heapFlags(['--initial_old_space_size=64'])).toEqual(['--heap-growing-percent=50']);
    expect(heapFlags(['--initial-old-space-size=0', '--heap-growing-percent=0'])).toEqual([]);
  });

  it('does not take a different flag with the same start for it', () => {
    expect(heapFlags(['--heap-growing-percentage=10', '--initial-old-space-sizes=1'])).toEqual(both);
  });
});

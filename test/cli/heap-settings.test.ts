/**
 * The heap settings the `sim` command and the benchmark give V8
 * (src/cli/heap-settings.ts): the growth factor is set, unless the user set
 * it himself on node's command line, in either spelling V8 accepts.
 */
import { describe, expect, it } from 'vitest';
import { HEAP_GROWING_PERCENT, heapFlags } from '../../src/cli/heap-settings.js';

describe('heapFlags', () => {
  it('sets the old generation to grow by 50 % when node was given no such flag', () => {
    expect(HEAP_GROWING_PERCENT).toBe(50);
    expect(heapFlags([])).toEqual(['--heap-growing-percent=50']);
    expect(heapFlags(['--max-old-space-size=4096', '--enable-source-maps'])).toEqual(['--heap-growing-percent=50']);
  });

  it("leaves the user's own growth factor alone, 0 (V8's rule) included", () => {
    expect(heapFlags(['--heap-growing-percent=0'])).toEqual([]);
    expect(heapFlags(['--heap_growing_percent=80'])).toEqual([]);
    expect(heapFlags(['--max-old-space-size=4096', '--heap-growing-percent', '30'])).toEqual([]);
  });

  it('does not take a different flag with the same start for it', () => {
    expect(heapFlags(['--heap-growing-percentage=10'])).toEqual(['--heap-growing-percent=50']);
  });
});

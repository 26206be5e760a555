/**
 * Seed lists on the command line: `1..10`, `1,4,9`, or both (`1..3,7`).
 *
 * @module
 */
import { InputError } from '../errors.js';

const EXPECTED = "a seed list such as 1..10 or 1,4,9 (integers >= 0; ranges A..B with A <= B)";

/** The seeds named by `text`, in the order given, without repeats. */
export function parseSeeds(text: string, flag = '--seeds'): number[] {
  const seeds: number[] = [];
  for (const part of text.split(',')) {
    const range = /^\s*(\d+)\s*\.\.\s*(\d+)\s*$/.exec(part);
    const single = /^\s*(\d+)\s*$/.exec(part);
    if (range !== null) {
      const [from, to] = [Number(range[1]), Number(range[2])];
      if (from > to) throw new InputError(`${flag}: range '${part.trim()}' runs backwards (expected ${EXPECTED})`);
      if (to - from >= 100_000) throw new InputError(`${flag}: range '${part.trim()}' has more than 100000 seeds (expected ${EXPECTED})`);
      for (let k = from; k <= to; k++) seeds.push(k);
    } else if (single !== null) {
      seeds.push(Number(single[1]));
    } else {
      throw new InputError(`${flag}: '${part.trim()}' is not a seed or a range (expected ${EXPECTED})`);
    }
  }
  return [...new Set(seeds)];
}

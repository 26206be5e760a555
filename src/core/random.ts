/**
 * Seeded random streams. All randomness in the simulator comes from here.
 *
 * Each component asks for a stream by name; a stream's numbers depend only on
 * the scenario seed and that name, so adding a framework does not change the
 * arrivals of another.
 *
 * @module
 */
import seedrandom from 'seedrandom';
import { aleaJump } from './alea-jump.js';

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /**
   * Where a user of the stream that keeps state of its own between draws (a
   * Box-Muller spare) hands its state's accessors, so that a checkpoint can
   * save and restore it with the stream (src/checkpoint/state.ts); absent on
   * streams whose state is never saved.
   */
  readonly track?: (state: DrawState) => void;
  /** Advances the stream as `n` calls of next() would, faster (alea-jump.ts); absent: skipShuffle draws them. */
  readonly skip?: (n: number) => void;
}

/** State a user of a random stream keeps between draws, as data. */
export interface DrawState {
  save(): unknown;
  load(saved: unknown): void;
}

export interface RandomSource {
  /** The stream called `name`; the same name always gives the same sequence. */
  stream(name: string): Random;
}

/** The seed of the stream `name` of a source seeded with `seed` (what randomSource gives Alea). */
export const streamSeed = (seed: number | string, name: string): string => `${seed}/${name}`;

/** Streams derived from one seed, each seeded with `${seed}/${name}` (Alea generator). */
export function randomSource(seed: number | string): RandomSource {
  return {
    stream(name: string): Random {
      let prng = seedrandom.alea(streamSeed(seed, name), { state: true });
      return {
        next: () => prng(),
        skip: (n) => {
          prng = aleaSkipped(prng, n);
        },
      };
    },
  };
}

/** An Alea generator `n` draws after `prng` (a new one: seedrandom's cannot be set in place). */
export function aleaSkipped(prng: seedrandom.StatefulPRNG<seedrandom.State.Alea>, n: number): seedrandom.StatefulPRNG<seedrandom.State.Alea> {
  return seedrandom.alea('', { state: aleaJump(prng.state(), n) });
}

/** Fewer draws than this are drawn: a jump costs about as much as 300 draws (BigInt arithmetic and a new generator). */
const JUMP_FROM = 512;

/** Advances `random` exactly as `shuffle` of `n` items would (n − 1 draws), for a caller with no use for the order. */
export function skipShuffle(n: number, random: Random): void {
  if (random.skip !== undefined && n - 1 >= JUMP_FROM) return random.skip(n - 1);
  for (let i = n - 1; i > 0; i--) random.next();
}

/** Fisher-Yates shuffle in place, driven by `random` (n − 1 draws for n items). */
export function shuffle<T>(items: T[], random: Random): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1));
    const t = items[i]!;
    items[i] = items[j]!;
    items[j] = t;
  }
  return items;
}

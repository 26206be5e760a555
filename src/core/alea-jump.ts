/**
 * Jumping an Alea stream (seedrandom's `alea`) ahead by k draws in
 * O(log k) steps instead of k.
 *
 * Alea is a lag-3 multiply-with-carry generator in base b = 2^32 with
 * multiplier a = 2,091,639: its state (s0, s1, s2, c) holds the last three
 * outputs as multiples of 2^-32 (X0 = s0 · 2^32, oldest first) and a carry,
 * and a draw is exact integer arithmetic (a · X0 + c < 2^53):
 *
 *     t = a · X0 + c;   (X0, X1, X2) ← (X1, X2, t mod b);   c ← ⌊t / b⌋.
 *
 * As for every MWC generator (Couture and L'Ecuyer, "Distribution properties
 * of multiply-with-carry random number generators", Math. Comp. 1997), the
 * number z = X0 + b·X1 + b²·X2 + b³·c evolves as a linear congruential
 * generator: z' = b⁻¹ · z mod m, with m = a·b³ − 1 (b · a·b² = m + 1, so
 * b⁻¹ = a·b² mod m). So k draws later, z = b⁻ᵏ · z mod m, and the state is
 * z's digits in base b again. The test checks it against k real draws.
 *
 * @module
 */

/** seedrandom's Alea state (`prng.state()`). */
export interface AleaState {
  readonly c: number;
  readonly s0: number;
  readonly s1: number;
  readonly s2: number;
}

const A = 2091639n;
const B = 1n << 32n;
const M = A * B ** 3n - 1n;
const B_INVERSE = (A * B * B) % M;
const DIGIT = B - 1n;
const SCALE = 2 ** 32;

/** b^(−2^i) mod m, for i = 0, 1, … (enough for any safe integer k). */
const POWERS: bigint[] = [B_INVERSE];
for (let i = 1; i < 53; i++) POWERS.push((POWERS[i - 1]! * POWERS[i - 1]!) % M);

/** The last jump's multiplier, b^(−k) mod m (runs tend to repeat the same k). */
let lastK = -1;
let lastMultiplier = 1n;

function multiplier(k: number): bigint {
  if (k === lastK) return lastMultiplier;
  let p = 1n;
  for (let i = 0, rest = k; rest > 0; i++, rest = Math.floor(rest / 2)) if (rest % 2 === 1) p = (p * POWERS[i]!) % M;
  lastK = k;
  lastMultiplier = p;
  return p;
}

/** The state `k` draws after `state` (k a non-negative safe integer). */
export function aleaJump(state: AleaState, k: number): AleaState {
  if (!(Number.isSafeInteger(k) && k >= 0)) throw new RangeError(`a jump of ${k} draws (expected a whole number >= 0)`);
  const z = BigInt(state.s0 * SCALE) + (BigInt(state.s1 * SCALE) << 32n) + (BigInt(state.s2 * SCALE) << 64n) + (BigInt(state.c) << 96n);
  const next = (z * multiplier(k)) % M;
  return {
    c: Number(next >> 96n),
    s0: Number(next & DIGIT) / SCALE,
    s1: Number((next >> 32n) & DIGIT) / SCALE,
    s2: Number((next >> 64n) & DIGIT) / SCALE,
  };
}

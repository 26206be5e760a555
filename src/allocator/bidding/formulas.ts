/**
 * The "Limited Price" quantities of the seed document (sections 3.1 to 4.2),
 * as named functions. Every quantity is in one priced resource's unit (the
 * document prices CPUs); see docs/bidding.md for how the allocator uses them.
 *
 * @module
 */

/**
 * Pool capacity, C = Σ R_i: the capacity a pool needs to hold every request
 * R_i at once. A pool with capacity C admits a set of requests while their sum
 * stays within C.
 */
export function poolCapacity(requests: readonly number[]): number {
  let c = 0;
  for (const r of requests) c += r;
  return c;
}

/**
 * Bid ratio, b_i = R_i / B_i: resource units asked per unit of money bid. Its
 * inverse, B_i / R_i, is the unit price the task offers; a lower b is a
 * better bid. A zero bid gives Infinity (no money behind the request).
 */
export function bidRatio(request: number, bid: number): number {
  return bid > 0 ? request / bid : Infinity;
}

/**
 * Pool priority of the i-th request, p_i = P_i / (C − Σ_{j≤i} R_j): the request's
 * priority class P_i over what the pool has left once it and every request
 * before it are placed. It grows as the pool fills, like a congestion price,
 * and is Infinity when the requests no longer fit. `placed` are R_1..R_{i−1},
 * `request` is R_i.
 */
export function poolPriority(priority: number, capacity: number, placed: readonly number[], request: number): number {
  const left = capacity - poolCapacity(placed) - request;
  return left > 0 ? priority / left : Infinity;
}

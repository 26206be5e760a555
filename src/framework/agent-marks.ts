/**
 * Marks of agents seen in one batch of offers, kept in a table indexed by
 * agent that every batch reuses: a batch finds the agents it holds twice
 * without a map or set of its own (a revive storm sends batches of
 * thousands of offers, nearly all on distinct agents).
 *
 * @module
 */
export class AgentMarks {
  /** For each agent, the last batch that marked it. */
  #batchOf: Float64Array = new Float64Array(1024);
  #batch = 0;

  /** Starts a new batch: no agent is marked in it. */
  nextBatch(): void {
    this.#batch++;
  }

  /** Marks `agent` (an index ≥ 0) in this batch; true when it was marked already. */
  mark(agent: number): boolean {
    if (agent >= this.#batchOf.length) {
      const grown = new Float64Array(Math.max(2 * this.#batchOf.length, agent + 1));
      grown.set(this.#batchOf);
      this.#batchOf = grown;
    }
    const seen = this.#batchOf[agent] === this.#batch;
    this.#batchOf[agent] = this.#batch;
    return seen;
  }
}

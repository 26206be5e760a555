/**
 * summary.json `waits`: the seconds of waiting by cause (wait-causes.ts) over
 * the task attempts whose wait ended in the measurement window, for the whole
 * run, per framework and per role, each cause with its share of the group's
 * waiting (null when the group did not wait at all). Every framework and role
 * of the scenario is listed, in scenario order.
 *
 * @module
 */
import { WAIT_CAUSES, type WaitCause } from './wait-causes.js';
import { refill } from '../core/refill.js';

export interface CauseFigure {
  /** Seconds of waiting from this cause, summed over the group's attempts. */
  readonly seconds: number;
  /** seconds ÷ the group's total waiting; null when the group's total is 0. */
  readonly share: number | null;
}

export interface WaitGroupFigures {
  /** Task attempts whose wait ended in the window. */
  readonly tasks: number;
  /** Their waits summed, s. */
  readonly seconds: number;
  readonly causes: Record<WaitCause, CauseFigure>;
}

export interface WaitsReport {
  /** The causes, in waits.csv's column order. */
  readonly causes: readonly WaitCause[];
  readonly all: WaitGroupFigures;
  readonly frameworks: Record<string, WaitGroupFigures>;
  readonly roles: Record<string, WaitGroupFigures>;
}

class Sums {
  tasks = 0;
  readonly seconds = new Float64Array(WAIT_CAUSES.length);

  add(seconds: Float64Array): void {
    this.tasks++;
    for (let c = 0; c < seconds.length; c++) this.seconds[c]! += seconds[c]!;
  }

  figures(): WaitGroupFigures {
    const total = this.seconds.reduce((a, b) => a + b, 0);
    const causes = Object.fromEntries(
      WAIT_CAUSES.map((c, i) => [c, { seconds: this.seconds[i]!, share: total > 0 ? this.seconds[i]! / total : null }]),
    ) as Record<WaitCause, CauseFigure>;
    return { tasks: this.tasks, seconds: total, causes };
  }
}

export class WaitTotals {
  readonly #all = new Sums();
  readonly #frameworks: Sums[];
  readonly #roles = new Map<string, Sums>();
  readonly #roleOf: Sums[];

  constructor(private readonly groups: readonly { readonly name: string; readonly role: string }[]) {
    this.#frameworks = groups.map(() => new Sums());
    this.#roleOf = groups.map(({ role }) => {
      let sums = this.#roles.get(role);
      if (sums === undefined) this.#roles.set(role, (sums = new Sums()));
      return sums;
    });
  }

  /** One attempt's wait, by cause (seconds, in WAIT_CAUSES order), under framework `fw`. */
  add(fw: number, seconds: Float64Array): void {
    this.#all.add(seconds);
    this.#frameworks[fw]!.add(seconds);
    this.#roleOf[fw]!.add(seconds);
  }

  report(): WaitsReport {
    return {
      causes: WAIT_CAUSES,
      all: this.#all.figures(),
      frameworks: Object.fromEntries(this.groups.map((g, i) => [g.name, this.#frameworks[i]!.figures()])),
      roles: Object.fromEntries([...this.#roles].map(([role, sums]) => [role, sums.figures()])),
    };
  }

  /** Its state as data (src/checkpoint/snapshot.ts): the sums (each role's shared by its frameworks). */
  saveState() {
    const plain = (x: Sums): { tasks: number; seconds: Float64Array } => ({ tasks: x.tasks, seconds: x.seconds });
    return { all: plain(this.#all), frameworks: this.#frameworks.map(plain), roles: new Map([...this.#roles].map(([role, x]) => [role, plain(x)])) };
  }

  /** Takes a saveState() in place of its own. */
  loadState(s: ReturnType<WaitTotals['saveState']>): void {
    const put = (live: Sums, saved: { tasks: number; seconds: Float64Array }): void => {
      live.tasks = saved.tasks;
      refill(live.seconds, saved.seconds);
    };
    put(this.#all, s.all);
    this.#frameworks.forEach((f, i) => put(f, s.frameworks[i]!));
    for (const [role, sums] of this.#roles) put(sums, s.roles.get(role)!);
  }
}

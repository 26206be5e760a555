/**
 * Handler tables: one function per event kind, checked by the compiler.
 *
 * A model's events are a discriminated union on `kind`. `Handlers<E>` maps
 * every kind of `E` to the one function that handles it, so a table missing
 * a kind does not type-check; `mergeHandlers` joins the tables of several
 * components and does not type-check when two of them handle the same kind.
 * Together: every kind is handled by exactly one component.
 *
 * @module
 */
import type { SimTime } from './event-queue.js';

/** What every event has: the kind handlers are looked up by. */
export interface EventBase {
  readonly kind: string;
}

/** Handles one event, at simulated time `now`. */
export type Handler<E> = (event: E, now: SimTime) => void;

/** One handler for each kind of `E`. */
export type Handlers<E extends EventBase> = { readonly [K in E['kind']]: Handler<Extract<E, { readonly kind: K }>> };

/** The part of a table that handles the kinds `K` of `E` (a component's own table). */
export type HandlersFor<E extends EventBase, K extends E['kind']> = Pick<Handlers<E>, K>;

/** The keys found in more than one of `T`'s tables. */
type Overlap<T extends readonly object[], Seen extends PropertyKey = never> = T extends readonly [
  infer H extends object,
  ...infer R extends readonly object[],
]
  ? (keyof H & Seen) | Overlap<R, Seen | keyof H>
  : never;

/** All of `T`'s tables in one. */
type Joined<T extends readonly object[]> = T extends readonly [infer H, ...infer R extends readonly object[]] ? H & Joined<R> : unknown;

/** `T` itself when its tables share no key; otherwise a type naming the kinds handled twice, which `T` does not satisfy. */
type Disjoint<T extends readonly object[]> = [Overlap<T>] extends [never] ? T : { readonly 'handled twice': Overlap<T> };

/**
 * Joins handler tables that handle disjoint sets of kinds into one table;
 * two tables handling the same kind is a compile error naming the kind.
 * (Built once, when a model is wired: nothing here runs per event.)
 */
export function mergeHandlers<const T extends readonly object[]>(...tables: T & Disjoint<T>): Joined<T> {
  const joined: Record<string, unknown> = {};
  for (const table of tables as readonly object[]) {
    for (const [kind, handler] of Object.entries(table)) {
      if (kind in joined) throw new Error(`mergeHandlers: event kind '${kind}' has two handlers`);
      joined[kind] = handler;
    }
  }
  return joined as Joined<T>;
}

/**
 * `table` with the handlers of `kinds` preceded by `stop`: an event of those
 * kinds is handled only when `stop` returns false (something that sees the
 * events before their handlers, and may swallow them). Built once; the other
 * kinds keep their handlers.
 */
export function guarded<E extends EventBase>(table: Handlers<E>, kinds: readonly E['kind'][], stop: (event: E) => boolean): Handlers<E> {
  const out: Record<string, Handler<E>> = { ...(table as unknown as Record<string, Handler<E>>) };
  for (const kind of kinds) {
    const inner = out[kind]!;
    out[kind] = (event, now) => {
      if (!stop(event)) inner(event, now);
    };
  }
  return out as unknown as Handlers<E>;
}

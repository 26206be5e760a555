/**
 * Expansion of framework entries with `count > 1` into concrete frameworks.
 *
 * An entry `{ name: 'spark-{i}', count: 3, role: 'team{i}' }` stands for three
 * frameworks spark-1..spark-3 with roles team1..team3. "{i}" runs from 1 to
 * count. A name without "{i}" gets "-{i}" appended when count > 1; a role
 * without "{i}" is shared by all instances.
 *
 * @module
 */

/** What expansion reads of a framework entry (`FrameworkSpec` in frameworks.ts). */
export interface FrameworkEntry {
  readonly name: string;
  readonly role: string;
  readonly count: number;
}

/** One concrete framework: its entry's settings with a concrete name and role. */
export type Expanded<F extends FrameworkEntry> = Omit<F, 'name' | 'role' | 'count'> & {
  readonly name: string;
  readonly role: string;
  /** Index of the entry in `scenario.frameworks` it came from. */
  readonly index: number;
  /** Its "{i}": 1..count within the entry. */
  readonly instance: number;
};

/** The name of instance `i` (1-based) of an entry named `template` with `count` instances. */
export function expandName(template: string, i: number, count: number): string {
  if (template.includes('{i}')) return template.replaceAll('{i}', String(i));
  return count > 1 ? `${template}-${i}` : template;
}

/** The role of instance `i` (1-based) of an entry whose role is `template`. */
export function expandRole(template: string, i: number): string {
  return template.replaceAll('{i}', String(i));
}

/** Every framework of the scenario, entries in file order, instances in order 1..count. */
export function expandFrameworks<F extends FrameworkEntry>(s: { readonly frameworks: readonly F[] }): Expanded<F>[] {
  return s.frameworks.flatMap(({ name, role, count, ...settings }, index) =>
    Array.from({ length: count }, (_, k) => ({
      ...settings,
      name: expandName(name, k + 1, count),
      role: expandRole(role, k + 1),
      index,
      instance: k + 1,
    })),
  );
}

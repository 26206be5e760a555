/**
 * An agent's attributes (Mesos's `--attributes`: rack, zone, machine type…),
 * by name: text or numbers, as the scenario or trace gives them.
 *
 * @module
 */
export type Attributes = Readonly<Record<string, string | number>>;

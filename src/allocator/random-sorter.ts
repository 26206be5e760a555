/**
 * Mesos's weighted random sorter: a weighted shuffle that ignores shares.
 * Each client gets the key u^(1/weight), u uniform in (0, 1); higher keys come
 * first (Efraimidis–Spirakis), so a client's chance to come first is
 * proportional to its weight.
 *
 * @module
 */
import { compareKeys, type Sorter } from './sorter.js';

export const randomSorter: Sorter = {
  name: 'random',
  deterministic: false,
  order(clients, random) {
    const keyed = clients.map((c) => ({ c, k: Math.pow(random.next(), 1 / c.weight) }));
    keyed.sort((a, b) => b.k - a.k || compareKeys(a.c.key, b.c.key));
    return keyed.map((x) => x.c);
  },
};

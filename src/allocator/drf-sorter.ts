/**
 * Mesos's DRF sorter: lowest weighted dominant share first; ties go to the
 * client with fewer grants so far, then to the smaller key (byte-wise).
 *
 * @module
 */
import { compareKeys, type SortClient, type Sorter } from './sorter.js';

const compare = (a: SortClient<unknown>, b: SortClient<unknown>): number =>
  a.share - b.share || a.grants - b.grants || compareKeys(a.key, b.key);

export const drfSorter: Sorter = {
  name: 'drf',
  deterministic: true,
  order(clients) {
    return clients.sort(compare);
  },
  compare,
};

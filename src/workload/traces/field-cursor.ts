/**
 * The fields of one line of a headerless comma-separated table (the Google
 * and Alibaba traces quote nothing), read in place: the line is scanned once
 * for its commas, whose positions go into a reused array, and a field becomes
 * a string or a number only when a reader asks for it. A reader keeps one
 * cursor for its whole file, so reading a row allocates no array of fields.
 *
 * Numbers follow `decimal` (data-file.ts) exactly: a field of only digits
 * (at most 15, so that the value is exact) is converted here; any other text
 * goes through `decimal`.
 *
 * @module
 */
import { decimal } from '../data-file.js';

export class FieldCursor {
  #line = '';
  /** Start of each field; the field ends one character before the next start (a comma), or at the line's end. */
  #starts = new Int32Array(32);
  #count = 0;

  /** Reads `line`'s field boundaries; returns the number of fields (commas + 1). */
  set(line: string): number {
    this.#line = line;
    let n = 0;
    let at = 0;
    for (;;) {
      if (n === this.#starts.length) {
        const grown = new Int32Array(n * 2);
        grown.set(this.#starts);
        this.#starts = grown;
      }
      this.#starts[n++] = at;
      const comma = line.indexOf(',', at);
      if (comma < 0) break;
      at = comma + 1;
    }
    this.#count = n;
    return n;
  }

  get count(): number {
    return this.#count;
  }

  #end(i: number): number {
    return i + 1 < this.#count ? this.#starts[i + 1]! - 1 : this.#line.length;
  }

  /** Field `i` as text ('' past the last field). */
  text(i: number): string {
    if (i >= this.#count) return '';
    return this.#line.slice(this.#starts[i]!, this.#end(i));
  }

  /** True when field `i` is empty (no characters). */
  isEmpty(i: number): boolean {
    return i >= this.#count || this.#starts[i] === this.#end(i);
  }

  /** True when field `i` is exactly `text`. */
  equals(i: number, text: string): boolean {
    const start = this.#starts[i]!;
    return i < this.#count && this.#end(i) - start === text.length && this.#line.startsWith(text, start);
  }

  /**
   * Field `i` as a whole number when it is only digits: its value when it
   * has at most 15 digits, `LONG` when it has more (still a whole number);
   * `NOT_DIGITS` when it is empty or holds anything but digits.
   */
  digits(i: number): number {
    if (i >= this.#count) return NOT_DIGITS;
    const start = this.#starts[i]!;
    const end = this.#end(i);
    if (end === start) return NOT_DIGITS;
    let value = 0;
    for (let k = start; k < end; k++) {
      const c = this.#line.charCodeAt(k) - 48;
      if (c < 0 || c > 9) return NOT_DIGITS;
      value = value * 10 + c;
    }
    return end - start > 15 ? LONG : value;
  }

  /** True when field `i` has more than one character and starts with 0 (`007`: not the canonical form of 7). */
  leadingZero(i: number): boolean {
    const start = this.#starts[i]!;
    return i < this.#count && this.#end(i) - start > 1 && this.#line.charCodeAt(start) === 48;
  }

  /** Field `i` read as `decimal` reads it (NaN when not a plain decimal number). */
  decimal(i: number): number {
    const d = this.digits(i);
    return d >= 0 ? d : decimal(i < this.#count ? this.text(i) : undefined);
  }
}

/** `digits`: the field is empty or not only digits. */
export const NOT_DIGITS = -1;
/** `digits`: the field is only digits, more than 15 of them. */
export const LONG = -2;

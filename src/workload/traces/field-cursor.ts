/**
 * The fields of one line of a trace, read in place: the line is scanned once
 * for its field boundaries, which go into reused arrays, and a field becomes
 * a string or a number only when a reader asks for it. A reader keeps one
 * cursor for its whole file, so reading a row allocates no array of fields.
 *
 * Three ways to cut a line, each giving what the reader used before:
 * - `set`: at every comma, as `line.split(',')` (Google and Alibaba traces
 *   quote nothing);
 * - `setWords`: at runs of white space, as `line.trim().split(/\s+/)` (SWF);
 * - `setCsv`: at commas outside double quotes, `""` a quote inside them, as
 *   `splitCsvLine` (csv.ts) does (the project's CSV format). A line with a
 *   quote is copied once, unquoted; a line without is read in place.
 *
 * White space is JavaScript's (what `trim()` and `\s` remove).
 *
 * Numbers follow `decimal` (data-file.ts) exactly: a plain decimal field of
 * at most 15 digits (`12`, `-1`, `0.0625`) is converted here, where the
 * quotient of two exact doubles is the correctly rounded value that `Number`
 * gives; any other text goes through `decimal`.
 *
 * @module
 */
import { decimal } from '../data-file.js';

/** True for the characters `trim()` and `\s` remove (ECMAScript WhiteSpace and LineTerminator). */
export function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** 10^k for k = 0..15, exact doubles. */
const POW10 = Array.from({ length: 16 }, (_, k) => 10 ** k);

export class FieldCursor {
  #line = '';
  /** Field i is #line.slice(#starts[i], #ends[i]). */
  #starts = new Int32Array(32);
  #ends = new Int32Array(32);
  #count = 0;

  #push(start: number, end: number): void {
    const n = this.#count;
    if (n === this.#starts.length) {
      const starts = new Int32Array(n * 2);
      const ends = new Int32Array(n * 2);
      starts.set(this.#starts);
      ends.set(this.#ends);
      this.#starts = starts;
      this.#ends = ends;
    }
    this.#starts[n] = start;
    this.#ends[n] = end;
    this.#count = n + 1;
  }

  /** Cuts `line` at every comma (as `split(',')`); returns the number of fields (commas + 1). */
  set(line: string): number {
    this.#line = line;
    this.#count = 0;
    let at = 0;
    for (;;) {
      const comma = line.indexOf(',', at);
      if (comma < 0) break;
      this.#push(at, comma);
      at = comma + 1;
    }
    this.#push(at, line.length);
    return this.#count;
  }

  /** Cuts `line` at runs of white space (as `line.trim().split(/\s+/)`: one empty field for a blank line). */
  setWords(line: string): number {
    this.#line = line;
    this.#count = 0;
    const n = line.length;
    let at = 0;
    while (at < n && isSpace(line.charCodeAt(at))) at++;
    while (at < n) {
      const start = at;
      while (at < n && !isSpace(line.charCodeAt(at))) at++;
      this.#push(start, at);
      while (at < n && isSpace(line.charCodeAt(at))) at++;
    }
    if (this.#count === 0) this.#push(0, 0);
    return this.#count;
  }

  /** Cuts a line of the project's CSV format (double quotes may enclose a field; `""` is a quote inside one). */
  setCsv(line: string): number {
    if (!line.includes('"')) return this.set(line);
    // The unquoted fields, one after the other, each at its own bounds.
    let text = '';
    let start = 0;
    let quoted = false;
    this.#count = 0;
    for (let i = 0; i < line.length; i++) {
      const c = line.charCodeAt(i);
      if (quoted) {
        if (c === 34 && line.charCodeAt(i + 1) === 34) (text += '"'), i++;
        else if (c === 34) quoted = false;
        else text += line[i];
      } else if (c === 34) quoted = true;
      else if (c === 44) this.#push(start, text.length), (start = text.length);
      else text += line[i];
    }
    this.#push(start, text.length);
    this.#line = text;
    return this.#count;
  }

  get count(): number {
    return this.#count;
  }

  /** Field `i` as text ('' past the last field). */
  text(i: number): string {
    if (i >= this.#count) return '';
    return this.#line.slice(this.#starts[i]!, this.#ends[i]!);
  }

  /** Field `i` without its surrounding white space (as `text(i).trim()`). */
  trimmed(i: number): string {
    if (i >= this.#count) return '';
    this.#trim(i);
    return this.#line.slice(this.#trimStart, this.#trimEnd);
  }

  /** Bounds of the last field `#trim` read, without surrounding white space. */
  #trimStart = 0;
  #trimEnd = 0;

  /** Sets #trimStart and #trimEnd to the bounds of field `i` without surrounding white space. */
  #trim(i: number): void {
    let start = this.#starts[i]!;
    let end = this.#ends[i]!;
    while (start < end && isSpace(this.#line.charCodeAt(start))) start++;
    while (end > start && isSpace(this.#line.charCodeAt(end - 1))) end--;
    this.#trimStart = start;
    this.#trimEnd = end;
  }

  /** True when field `i` is empty (no characters). */
  isEmpty(i: number): boolean {
    return i >= this.#count || this.#starts[i] === this.#ends[i];
  }

  /** True when field `i` is empty or only white space (as `text(i).trim() === ''`). */
  isBlank(i: number): boolean {
    if (i >= this.#count) return true;
    for (let k = this.#starts[i]!, end = this.#ends[i]!; k < end; k++) if (!isSpace(this.#line.charCodeAt(k))) return false;
    return true;
  }

  /** True when field `i` is exactly `text`. */
  equals(i: number, text: string): boolean {
    if (i >= this.#count) return false;
    const start = this.#starts[i]!;
    return this.#ends[i]! - start === text.length && this.#line.startsWith(text, start);
  }

  /** True when field `i` without surrounding white space is exactly `text` (as `text(i).trim() === text`). */
  trimmedEquals(i: number, text: string): boolean {
    if (i >= this.#count) return text === '';
    if (this.equals(i, text)) return true;
    this.#trim(i);
    return this.#trimEnd - this.#trimStart === text.length && this.#line.startsWith(text, this.#trimStart);
  }

  /**
   * Field `i` as a whole number when it is only digits: its value when it
   * has at most 15 digits, `LONG` when it has more (still a whole number);
   * `NOT_DIGITS` when it is empty or holds anything but digits.
   */
  digits(i: number): number {
    if (i >= this.#count) return NOT_DIGITS;
    const start = this.#starts[i]!;
    const end = this.#ends[i]!;
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
    if (i >= this.#count) return false;
    const start = this.#starts[i]!;
    return this.#ends[i]! - start > 1 && this.#line.charCodeAt(start) === 48;
  }

  /** Field `i` read as `decimal` reads it (NaN when not a plain decimal number). */
  decimal(i: number): number {
    if (i >= this.#count) return decimal(undefined);
    const line = this.#line;
    const end = this.#ends[i]!;
    let k = this.#starts[i]!;
    const negative = k < end && line.charCodeAt(k) === 45;
    if (negative) k++;
    let value = 0;
    let digits = 0;
    let fraction = -1;
    for (; k < end; k++) {
      const c = line.charCodeAt(k);
      if (c >= 48 && c <= 57) {
        value = value * 10 + (c - 48);
        digits++;
      } else if (c === 46 && fraction < 0) {
        fraction = digits;
      } else {
        return decimal(this.text(i)); // white space, an exponent, a sign, text: the general rule
      }
    }
    if (digits === 0 || digits > 15) return decimal(this.text(i));
    const scaled = fraction < 0 || fraction === digits ? value : value / POW10[digits - fraction]!;
    return negative ? -scaled : scaled;
  }
}

/** `digits`: the field is empty or not only digits. */
export const NOT_DIGITS = -1;
/** `digits`: the field is only digits, more than 15 of them. */
export const LONG = -2;

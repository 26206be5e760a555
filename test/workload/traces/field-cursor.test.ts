import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimal } from '../../../src/workload/data-file.js';
import { dagParents, dagTask } from '../../../src/workload/traces/alibaba2018.js';
import { splitCsvLine } from '../../../src/workload/traces/csv.js';
import { FieldCursor, isSpace, LONG, NOT_DIGITS } from '../../../src/workload/traces/field-cursor.js';

describe('FieldCursor', () => {
  it('gives the fields that split(",") gives, one cursor reused over lines of different widths', () => {
    const cursor = new FieldCursor();
    const lines = ['0,,3418314,0,3938719206,0,u,3,9,0.125,0.07446,0.0004244,0', '', 'a', ',', 'x,'.repeat(40) + 'y', '1,2'];
    for (const line of lines) {
      const fields = line.split(',');
      expect(cursor.set(line)).toBe(fields.length);
      expect(fields.map((_, i) => cursor.text(i))).toEqual(fields);
      expect(fields.map((_, i) => cursor.isEmpty(i))).toEqual(fields.map((f) => f === ''));
    }
  });

  it('reads numbers exactly as decimal() does, whatever the text', () => {
    const cursor = new FieldCursor();
    const cells = fc.oneof(fc.string({ unit: fc.constantFrom('0', '1', '9', '.', 'e', '-', '+', ' ', 'x') }), fc.integer().map(String), fc.double().map(String));
    fc.assert(
      fc.property(fc.array(cells.filter((c) => !c.includes(',')), { minLength: 1, maxLength: 6 }), (cells) => {
        cursor.set(cells.join(','));
        cells.forEach((c, i) => expect(Object.is(cursor.decimal(i), decimal(c))).toBe(true));
      }),
    );
  });

  it('tells whole numbers: their value up to 15 digits, LONG past that, NOT_DIGITS for anything else', () => {
    const cursor = new FieldCursor();
    cursor.set('123,999999999999999,1234567890123456,,-1,1.0, 7,007');
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((i) => cursor.digits(i))).toEqual([123, 999_999_999_999_999, LONG, NOT_DIGITS, NOT_DIGITS, NOT_DIGITS, NOT_DIGITS, 7]);
    expect([0, 7].map((i) => cursor.leadingZero(i))).toEqual([false, true]);
    expect(cursor.equals(0, '123')).toBe(true);
    expect(cursor.equals(0, '12')).toBe(false);
    expect(cursor.equals(1, '123')).toBe(false);
  });

  /** Text of the characters that matter: separators, quotes, JavaScript's white space (ASCII and not), digits. */
  const texts = fc.string({ unit: fc.constantFrom('1', 'a', '-', '.', ',', '"', ' ', '\t', '\u00a0', '\u2028', '\ufeff', '\u200b', 'é') });

  it('cuts at runs of white space as trim().split(/\\s+/) does, and trims fields as trim() does', () => {
    const cursor = new FieldCursor();
    fc.assert(
      fc.property(texts, (line) => {
        const words = line.trim().split(/\s+/);
        expect(cursor.setWords(line)).toBe(words.length);
        expect(words.map((_, i) => cursor.text(i))).toEqual(words);
        cursor.set(line);
        const fields = line.split(',');
        expect(fields.map((_, i) => cursor.trimmed(i))).toEqual(fields.map((f) => f.trim()));
        expect(fields.map((_, i) => cursor.isBlank(i))).toEqual(fields.map((f) => f.trim() === ''));
        expect(fields.map((f, i) => cursor.trimmedEquals(i, f.trim()))).toEqual(fields.map(() => true));
        expect(fields.map((_, i) => cursor.trimmedEquals(i, '1'))).toEqual(fields.map((f) => f.trim() === '1'));
      }),
    );
    for (let c = 0; c < 0x10000; c++) expect(isSpace(c)).toBe(/\s/.test(String.fromCharCode(c)));
  });

  it('cuts a CSV line with quotes as splitCsvLine does', () => {
    const cursor = new FieldCursor();
    fc.assert(
      fc.property(texts, (line) => {
        const fields = splitCsvLine(line);
        expect(cursor.setCsv(line)).toBe(fields.length);
        expect(fields.map((_, i) => cursor.text(i))).toEqual(fields);
      }),
    );
    expect(cursor.setCsv('a,"b,""c""",d')).toBe(3);
    expect(cursor.text(1)).toBe('b,"c"');
  });

  it("reads a DAG task's parents as dagTask does", () => {
    const names = fc.string({ unit: fc.constantFrom('M', 'r', '1', '0', '_', 'x', '9', ' ') });
    fc.assert(
      fc.property(names, (name) => {
        expect(dagParents(name)).toBe(dagTask(name)?.parents.join('_'));
      }),
    );
    expect(['M1', 'R2_1', 'J5_3_4', 'task_1', 'M1_', 'M_1'].map(dagParents)).toEqual(['', '1', '3_4', undefined, undefined, undefined]);
  });
});

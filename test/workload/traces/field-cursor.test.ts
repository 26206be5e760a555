import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimal } from '../../../src/workload/data-file.js';
import { FieldCursor, LONG, NOT_DIGITS } from '../../../src/workload/traces/field-cursor.js';

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
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { continuedReceiptCounter, formatReceiptNo, isBusinessDate, parseReceiptNo } from './receiptNo';

describe('formatReceiptNo / parseReceiptNo', () => {
  it('formats store-terminal-yyyymmdd-seq', () => {
    expect(formatReceiptNo('S001', 'T03', '2026-11-25', 123)).toBe('S001-T03-20261125-000123');
    expect(formatReceiptNo('S001', 'T03', '2026-11-25', 1234567)).toBe('S001-T03-20261125-1234567');
  });

  it('parses what it formats', () => {
    expect(parseReceiptNo('S001-T03-20261125-000123')).toEqual({
      storeId: 'S001',
      terminalId: 'T03',
      businessDate: '2026-11-25',
      seq: 123,
    });
    expect(parseReceiptNo(' S001-T03-20261125-000123\n')).toMatchObject({ seq: 123 });
  });

  it('refuses invalid parts', () => {
    expect(() => formatReceiptNo('S-1', 'T03', '2026-11-25', 1)).toThrow(RangeError);
    expect(() => formatReceiptNo('S001', '', '2026-11-25', 1)).toThrow(RangeError);
    expect(() => formatReceiptNo('S001', 'T03', '2026-02-30', 1)).toThrow(RangeError);
    expect(() => formatReceiptNo('S001', 'T03', '2026-11-25', 0)).toThrow(RangeError);
    expect(() => formatReceiptNo('S001', 'T03', '2026-11-25', 1.5)).toThrow(RangeError);
    expect(() => formatReceiptNo('S001', 'T03', '2026-11-25', 1_000_000_000)).toThrow(RangeError);
  });

  it.each([
    '',
    'S001-T03-20261125',
    'S001-T03-20261125-12345',
    'S001-T03-20261325-000001',
    'S001-T03-20261125-000000',
    'S001-T03-20261125-0001234',
    'S001--20261125-000001',
    'S 01-T03-20261125-000001',
    'S001-T03-2026-11-25-000001',
  ])('parse refuses %j', (s) => {
    expect(parseReceiptNo(s)).toBeNull();
  });

  it('property: round trip and text order follows seq within a day', () => {
    const id = fc.stringMatching(/^[A-Za-z0-9]{1,16}$/);
    const date = fc
      .date({
        min: new Date('2000-01-01T00:00:00Z'),
        max: new Date('2099-12-31T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(id, id, date, fc.integer({ min: 1, max: 999_999_999 }), (s, t, d, seq) => {
        const no = formatReceiptNo(s, t, d, seq);
        expect(parseReceiptNo(no)).toEqual({ storeId: s, terminalId: t, businessDate: d, seq });
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999_998 }), (seq) => {
        expect(
          formatReceiptNo('S1', 'T1', '2026-01-01', seq) < formatReceiptNo('S1', 'T1', '2026-01-01', seq + 1),
        ).toBe(true);
      }),
    );
  });
});

describe('isBusinessDate', () => {
  it('knows the calendar', () => {
    expect(isBusinessDate('2024-02-29')).toBe(true);
    expect(isBusinessDate('2026-02-29')).toBe(false);
    expect(isBusinessDate('2026-04-31')).toBe(false);
    expect(isBusinessDate('2026-12-31')).toBe(true);
    expect(isBusinessDate('2026-00-10')).toBe(false);
    expect(isBusinessDate('2026-1-1')).toBe(false);
  });
});

describe('continuedReceiptCounter (issue 15)', () => {
  it('jumps a day this database has not numbered to where the CRM says, and leaves a numbered one alone', () => {
    expect(continuedReceiptCounter(0, 18)).toBe(17);
    expect(continuedReceiptCounter(0, 1)).toBeNull();
    expect(continuedReceiptCounter(0, undefined)).toBeNull();
    expect(continuedReceiptCounter(3, 18)).toBeNull();
  });
});

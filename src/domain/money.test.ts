import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyRateBp,
  discountForRateBp,
  formatFen,
  formatFenPlain,
  mulDivRoundHalfUp,
  parseYuanToFen,
  roundCashToJiao,
  weighedAmountFen,
} from './money';

const fen = fc.integer({ min: -1_000_000_000_00, max: 1_000_000_000_00 });
const nonNegFen = fc.integer({ min: 0, max: 1_000_000_000_00 });

describe('formatFen', () => {
  it('prints zh-CN with the full-width yuan sign and grouping', () => {
    expect(formatFen(1280, 'zh-CN')).toBe('￥12.80');
    expect(formatFen(-1280, 'zh-CN')).toBe('-￥12.80');
    expect(formatFen(123450, 'zh-CN')).toBe('￥1,234.50');
    expect(formatFen(0, 'zh-CN')).toBe('￥0.00');
    expect(formatFen(5, 'zh-CN')).toBe('￥0.05');
    expect(formatFen(123456789012, 'zh-CN')).toBe('￥1,234,567,890.12');
  });

  it('prints en as CN¥ with grouping', () => {
    expect(formatFen(1280, 'en')).toBe('CN¥12.80');
    expect(formatFen(-123450, 'en')).toBe('-CN¥1,234.50');
    expect(formatFen(100000, 'en')).toBe('CN¥1,000.00');
  });

  it('refuses fractional fen', () => {
    expect(() => formatFen(12.5, 'zh-CN')).toThrow(RangeError);
    expect(() => formatFenPlain(Number.NaN)).toThrow(RangeError);
  });
});

describe('formatFenPlain', () => {
  it('prints yuan with two decimals, no symbol, no grouping', () => {
    expect(formatFenPlain(1280)).toBe('12.80');
    expect(formatFenPlain(123450)).toBe('1234.50');
    expect(formatFenPlain(-7)).toBe('-0.07');
    expect(formatFenPlain(0)).toBe('0.00');
  });
});

describe('parseYuanToFen', () => {
  it.each([
    ['12', 1200],
    ['12.8', 1280],
    ['12.80', 1280],
    ['￥12.80', 1280],
    ['¥12.80', 1280],
    ['CN¥12.80', 1280],
    [' 1,234.5 ', 123450],
    ['1,234,567.89', 123456789],
    ['0.05', 5],
    ['.5', 50],
    ['12.', 1200],
    ['0', 0],
    ['１２．８０', 1280],
    ['12元', 1200],
  ])('accepts %j', (input, expected) => {
    expect(parseYuanToFen(input)).toBe(expected);
  });

  it.each([
    '12.345',
    'abc',
    '-12',
    '-￥1.00',
    '',
    '  ',
    '.',
    '1,23',
    '12,34.5',
    '1.2.3',
    '1e3',
    '0x10',
    '12 34',
    '99999999999999999999',
  ])('rejects %j', (input) => {
    expect(parseYuanToFen(input)).toBeNull();
  });

  it('round-trips every amount through both display forms', () => {
    fc.assert(
      fc.property(nonNegFen, (f) => {
        expect(parseYuanToFen(formatFenPlain(f))).toBe(f);
        expect(parseYuanToFen(formatFen(f, 'zh-CN'))).toBe(f);
        expect(parseYuanToFen(formatFen(f, 'en'))).toBe(f);
      }),
    );
  });

  it('never throws on any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        const r = parseYuanToFen(s);
        expect(r === null || (Number.isSafeInteger(r) && r >= 0)).toBe(true);
      }),
    );
  });
});

describe('applyRateBp / discountForRateBp (round half up)', () => {
  it('rounds half up to the fen', () => {
    expect(applyRateBp(1999, 9500)).toBe(1899); // 1899.05
    expect(applyRateBp(1990, 9500)).toBe(1891); // 1890.5 -> up
    expect(applyRateBp(1, 5000)).toBe(1); // 0.5 -> 1
    expect(applyRateBp(3, 5000)).toBe(2); // 1.5 -> 2
    expect(applyRateBp(1, 4999)).toBe(0);
    expect(applyRateBp(1000, 8800)).toBe(880);
    expect(applyRateBp(1000, 10000)).toBe(1000);
    expect(applyRateBp(1000, 0)).toBe(0);
  });

  it('mirrors negatives (a refund undoes the sale exactly)', () => {
    expect(applyRateBp(-1990, 9500)).toBe(-1891);
    fc.assert(
      fc.property(fen, fc.integer({ min: 0, max: 10000 }), (a, r) => {
        expect(applyRateBp(-a, r)).toBe(-applyRateBp(a, r) || 0);
      }),
    );
  });

  it('price + discount always adds back to the amount and stays within bounds', () => {
    fc.assert(
      fc.property(nonNegFen, fc.integer({ min: 0, max: 10000 }), (a, r) => {
        const price = applyRateBp(a, r);
        const discount = discountForRateBp(a, r);
        expect(price + discount).toBe(a);
        expect(price).toBeGreaterThanOrEqual(0);
        expect(price).toBeLessThanOrEqual(a);
        // within half a fen of the exact value
        expect(Math.abs(price * 10000 - a * r)).toBeLessThanOrEqual(5000);
      }),
    );
  });

  it('matches exact rational rounding (BigInt reference), including huge amounts', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: Math.floor(Number.MAX_SAFE_INTEGER / 2) }),
        fc.integer({ min: 0, max: 10000 }),
        (a, r) => {
          const p = BigInt(a) * BigInt(r);
          const expected = Number((p + 5000n) / 10000n);
          expect(applyRateBp(a, r)).toBe(expected);
        },
      ),
    );
  });

  it('refuses bad rates and fractional amounts', () => {
    expect(() => applyRateBp(100, -1)).toThrow(RangeError);
    expect(() => applyRateBp(100, 95.5)).toThrow(RangeError);
    expect(() => applyRateBp(10.5, 9500)).toThrow(RangeError);
    expect(() => mulDivRoundHalfUp(1, 1, 0)).toThrow(RangeError);
  });
});

describe('weighedAmountFen', () => {
  it('prices grams at a per-kg price, half up', () => {
    expect(weighedAmountFen(1298, 1000)).toBe(1298);
    expect(weighedAmountFen(1298, 500)).toBe(649);
    expect(weighedAmountFen(1299, 500)).toBe(650); // 649.5 -> 650
    expect(weighedAmountFen(1299, 333)).toBe(433); // 432.567
    expect(weighedAmountFen(598, 1)).toBe(1); // 0.598
    expect(weighedAmountFen(400, 1)).toBe(0); // 0.4
    expect(weighedAmountFen(0, 1234)).toBe(0);
  });

  it('is monotonic in weight', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 99_999 }), (p, g) => {
        expect(weighedAmountFen(p, g + 1)).toBeGreaterThanOrEqual(weighedAmountFen(p, g));
      }),
    );
  });

  it('refuses fractional or negative grams', () => {
    expect(() => weighedAmountFen(1000, 1.5)).toThrow(RangeError);
    expect(() => weighedAmountFen(1000, -1)).toThrow(RangeError);
  });
});

describe('roundCashToJiao', () => {
  it.each([
    [1234, 1230, -4],
    [1235, 1240, 5],
    [1230, 1230, 0],
    [1239, 1240, 1],
    [1231, 1230, -1],
    [4, 0, -4],
    [5, 10, 5],
    [0, 0, 0],
    [-1235, -1240, -5],
    [-1234, -1230, 4],
  ])('%i -> %i (adj %i)', (f, rounded, adj) => {
    expect(roundCashToJiao(f)).toEqual({ roundedFen: rounded, adjustmentFen: adj });
  });

  it('always lands on a multiple of 10 within -4..+5', () => {
    fc.assert(
      fc.property(nonNegFen, (f) => {
        const { roundedFen, adjustmentFen } = roundCashToJiao(f);
        expect(roundedFen % 10).toBe(0);
        expect(roundedFen - f).toBe(adjustmentFen);
        expect(adjustmentFen).toBeGreaterThanOrEqual(-4);
        expect(adjustmentFen).toBeLessThanOrEqual(5);
      }),
    );
  });
});

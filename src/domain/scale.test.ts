import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { withGtinCheckDigit } from './barcode';
import {
  DEFAULT_SCALE_TEMPLATES,
  isScaleLabelCandidate,
  makeScaleLabel,
  parseScaleLabel,
  scaleTemplateProblem,
  type ScaleTemplate,
} from './scale';

const T = DEFAULT_SCALE_TEMPLATES;
const byId = (id: string): ScaleTemplate => T.find((t) => t.id === id)!;

describe('DEFAULT_SCALE_TEMPLATES', () => {
  it('are all consistent and have unique ids', () => {
    for (const t of T) expect(scaleTemplateProblem(t)).toBeNull();
    expect(new Set(T.map((t) => t.id)).size).toBe(T.length);
    expect(T.map((t) => t.prefix)).toEqual(['20', '21', '22', '23', '28']);
  });
});

describe('parseScaleLabel', () => {
  it('reads a price-embedded 13-digit label', () => {
    // 20 + PLU 10023 + 12.80 yuan + check
    const code = withGtinCheckDigit('201002301280');
    expect(parseScaleLabel(code, T)).toEqual({ plu: '10023', priceFen: 1280, templateId: 'p20-price' });
    expect(parseScaleLabel(withGtinCheckDigit('211002301280'), T)).toMatchObject({ templateId: 'p21-price' });
  });

  it('reads a weight-embedded 13-digit label', () => {
    const code = withGtinCheckDigit('221002301234'); // 1.234 kg
    expect(parseScaleLabel(code, T)).toEqual({ plu: '10023', weightGrams: 1234, templateId: 'p22-weight' });
    expect(parseScaleLabel(withGtinCheckDigit('230000100500'), T)).toEqual({
      plu: '00001',
      weightGrams: 500,
      templateId: 'p23-weight',
    });
  });

  it('reads an 18-digit price-and-weight label', () => {
    // 28 + PLU 10023 + 00750 g + 01035 fen + check
    const code = withGtinCheckDigit('28100230075001035');
    expect(code).toHaveLength(18);
    expect(parseScaleLabel(code, T)).toEqual({
      plu: '10023',
      weightGrams: 750,
      priceFen: 1035,
      templateId: 'p28-18',
    });
  });

  it('refuses a wrong check digit, other prefixes and other lengths', () => {
    const good = withGtinCheckDigit('201002301280');
    const bad = good.slice(0, -1) + String((Number(good.slice(-1)) + 1) % 10);
    expect(parseScaleLabel(bad, T)).toBeNull();
    expect(isScaleLabelCandidate(bad, T)).toBe(true);
    expect(parseScaleLabel(withGtinCheckDigit('241002301280'), T)).toBeNull();
    expect(isScaleLabelCandidate(withGtinCheckDigit('241002301280'), T)).toBe(false);
    expect(parseScaleLabel(withGtinCheckDigit('6901234567'), T)).toBeNull();
    expect(parseScaleLabel('20100230128a', T)).toBeNull();
    expect(parseScaleLabel('', T)).toBeNull();
    expect(parseScaleLabel(good, [])).toBeNull();
  });

  it('any single-digit change to a label is caught', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...T),
        fc.integer({ min: 0, max: 99999 }),
        fc.integer({ min: 0, max: 99999 }),
        fc.integer({ min: 0, max: 99999 }),
        fc.nat(),
        fc.integer({ min: 1, max: 9 }),
        (t, plu, value, price, pos, delta) => {
          const code = makeScaleLabel(t, {
            plu: String(plu).padStart(5, '0'),
            priceFen: price,
            weightGrams: value,
          });
          const i = t.prefix.length + (pos % (code.length - t.prefix.length));
          const changed = code.slice(0, i) + String((Number(code[i]) + delta) % 10) + code.slice(i + 1);
          expect(parseScaleLabel(changed, [t])).toBeNull();
        },
      ),
    );
  });

  it('round-trips what makeScaleLabel prints', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...T),
        fc.integer({ min: 0, max: 99999 }),
        fc.integer({ min: 0, max: 99999 }),
        fc.integer({ min: 0, max: 99999 }),
        (t, pluN, grams, priceFen) => {
          const plu = String(pluN).padStart(5, '0');
          const code = makeScaleLabel(t, { plu, priceFen, weightGrams: grams });
          expect(code).toHaveLength(t.length);
          const label = parseScaleLabel(code, T);
          expect(label?.plu).toBe(plu);
          expect(label?.templateId).toBe(t.id);
          if (t.kind !== 'weight') expect(label?.priceFen).toBe(priceFen);
          if (t.kind !== 'price') expect(label?.weightGrams).toBe(grams);
        },
      ),
    );
  });

  it('uses the first template that fits and honours a template without check digit', () => {
    const custom: ScaleTemplate[] = [
      {
        id: 'no-check',
        length: 13,
        prefix: '27',
        pluDigits: 6,
        kind: 'price',
        valueDigits: 5,
        checkDigit: false,
      },
      { id: 'four-plu', length: 13, prefix: '26', pluDigits: 4, kind: 'weight', valueDigits: 6 },
    ];
    expect(parseScaleLabel('2712345600999', custom)).toEqual({
      plu: '123456',
      priceFen: 999,
      templateId: 'no-check',
    });
    const code = withGtinCheckDigit('261234001500');
    expect(parseScaleLabel(code, custom)).toEqual({ plu: '1234', weightGrams: 1500, templateId: 'four-plu' });
  });

  it('ignores inconsistent templates instead of misreading', () => {
    const broken: ScaleTemplate = {
      id: 'broken',
      length: 13,
      prefix: '20',
      pluDigits: 5,
      kind: 'price',
      valueDigits: 6,
    };
    expect(scaleTemplateProblem(broken)).toMatch(/14 digits/);
    expect(parseScaleLabel(withGtinCheckDigit('201002301280'), [broken])).toBeNull();
    expect(isScaleLabelCandidate(withGtinCheckDigit('201002301280'), [broken])).toBe(false);
    expect(scaleTemplateProblem({ ...broken, valueDigits: 5, kind: 'priceAndWeight' })).toMatch(
      /priceDigits/,
    );
    expect(scaleTemplateProblem({ ...broken, prefix: '2a' })).toMatch(/prefix/);
    expect(() => makeScaleLabel(broken, { plu: '1', priceFen: 1 })).toThrow(RangeError);
  });

  it('makeScaleLabel refuses values that do not fit', () => {
    expect(() => makeScaleLabel(byId('p20-price'), { plu: '10023', priceFen: 100000 })).toThrow(RangeError);
    expect(() => makeScaleLabel(byId('p20-price'), { plu: '100234', priceFen: 1 })).toThrow(RangeError);
    expect(() => makeScaleLabel(byId('p22-weight'), { plu: '10023' })).toThrow(RangeError);
  });
});

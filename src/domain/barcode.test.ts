import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compressUpcA,
  expandUpcE,
  gtinCheckDigit,
  isValidGtin,
  normalizeProductCode,
  productCodeCandidates,
  withGtinCheckDigit,
} from './barcode';

const digits = (min: number, max: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: min, maxLength: max }).map((a) => a.join(''));

/** Every code that differs from `code` in exactly one digit. */
function singleDigitChanges(code: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < code.length; i++) {
    for (let d = 0; d <= 9; d++) {
      if (String(d) !== code[i]) out.push(code.slice(0, i) + String(d) + code.slice(i + 1));
    }
  }
  return out;
}

describe('gtinCheckDigit / isValidGtin', () => {
  it('matches published examples', () => {
    expect(gtinCheckDigit('400638133393')).toBe(1); // EAN-13 4006381333931
    expect(gtinCheckDigit('03600029145')).toBe(2); // UPC-A 036000291452
    expect(gtinCheckDigit('7351353')).toBe(7); // EAN-8 73513537
    expect(gtinCheckDigit('690123456789')).toBe(2);
    expect(isValidGtin('4006381333931')).toBe(true);
    expect(isValidGtin('036000291452')).toBe(true);
    expect(isValidGtin('73513537')).toBe(true);
    expect(isValidGtin('6901234567892')).toBe(true);
  });

  it('rejects other lengths, letters and wrong check digits', () => {
    expect(isValidGtin('4006381333932')).toBe(false);
    expect(isValidGtin('400638133393')).toBe(false); // 12 digits, wrong check
    expect(isValidGtin('1234567')).toBe(false);
    expect(isValidGtin('12345678901234')).toBe(false);
    expect(isValidGtin('40063813339a1')).toBe(false);
    expect(isValidGtin('')).toBe(false);
    expect(() => gtinCheckDigit('12a')).toThrow(RangeError);
  });

  it('a computed check digit always validates, and any single-digit change invalidates', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(7, 11, 12).chain((len) => digits(len, len)),
        (body) => {
          const code = withGtinCheckDigit(body);
          expect(isValidGtin(code)).toBe(true);
          for (const changed of singleDigitChanges(code)) expect(isValidGtin(changed)).toBe(false);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('expandUpcE / compressUpcA', () => {
  it.each([
    ['01234565', '012345000065'], // last digit 5-9
    ['04252614', '042100005264'], // last digit 0-2
    ['01234531', '012300000451'], // last digit 3: 123 00 | 000 45
    ['01234543', '012340000053'], // last digit 4: 1234 0 | 0000 5
    ['06543226', '065200004326'], // last digit 2: 65 2 00 | 00 432
    ['12345656', '123456000056'], // number system 1
  ])('%s expands to %s and back', (upce, upca) => {
    const expanded = expandUpcE(upce);
    expect(expanded).toBe(upca);
    expect(isValidGtin(upca)).toBe(true);
    expect(compressUpcA(upca)).toBe(upce);
  });

  it('refuses a wrong check digit, number systems 2-9 and other formats', () => {
    expect(expandUpcE('01234566')).toBeNull();
    expect(expandUpcE('21234565')).toBeNull();
    expect(expandUpcE('0123456')).toBeNull();
    expect(expandUpcE('0123456a')).toBeNull();
    expect(compressUpcA('012345600065')).toBeNull(); // valid shape? no: item 00065 with manufacturer 12345 needs ...0000[5-9]
    expect(compressUpcA('036000291452')).toBeNull(); // no UPC-E form
    expect(compressUpcA('4006381333931')).toBeNull();
  });

  it('every UPC-E expands to a valid UPC-A that compresses to an equivalent UPC-E', () => {
    fc.assert(
      fc.property(fc.constantFrom('0', '1'), digits(6, 6), (ns, data) => {
        // exactly one check digit makes the UPC-E valid
        const valid = '0123456789'.split('').filter((c) => expandUpcE(ns + data + c) !== null);
        expect(valid).toHaveLength(1);
        const upce = ns + data + valid[0];
        const upca = expandUpcE(upce)!;
        expect(isValidGtin(upca)).toBe(true);
        // Several UPC-E can stand for one UPC-A (000000 and 000003 both mean 00000000000x):
        // compressing gives one of them, which expands back to the same UPC-A.
        const again = compressUpcA(upca);
        expect(again).not.toBeNull();
        expect(expandUpcE(again!)).toBe(upca);
      }),
      { numRuns: 500 },
    );
  });

  it('any compressible UPC-A round-trips through UPC-E', () => {
    fc.assert(
      fc.property(fc.constantFrom('0', '1'), digits(10, 10), (ns, rest) => {
        const upca = withGtinCheckDigit(ns + rest);
        const upce = compressUpcA(upca);
        if (upce !== null) expect(expandUpcE(upce)).toBe(upca);
      }),
      { numRuns: 500 },
    );
  });
});

describe('normalizeProductCode', () => {
  it('keeps EAN-13 as is', () => {
    expect(normalizeProductCode('6901234567892')).toEqual({
      ok: true,
      symbology: 'ean13',
      gtin: '6901234567892',
    });
    expect(normalizeProductCode(' 6901234567892 ')).toEqual({
      ok: true,
      symbology: 'ean13',
      gtin: '6901234567892',
    });
  });

  it('stores UPC-A as 12 digits, also when sent in EAN-13 form', () => {
    expect(normalizeProductCode('036000291452')).toEqual({
      ok: true,
      symbology: 'upca',
      gtin: '036000291452',
    });
    expect(normalizeProductCode('0036000291452')).toEqual({
      ok: true,
      symbology: 'upca',
      gtin: '036000291452',
    });
  });

  it('reads EAN-8 and UPC-E', () => {
    expect(normalizeProductCode('73513537')).toEqual({ ok: true, symbology: 'ean8', gtin: '73513537' });
    expect(normalizeProductCode('01234565')).toEqual({ ok: true, symbology: 'upce', gtin: '012345000065' });
  });

  it('prefers UPC-E for a leading 0 and EAN-8 otherwise when both check digits hold', () => {
    // 04252614 is a valid UPC-E; is it also a valid EAN-8? find one that is both.
    let both: string | null = null;
    for (let n = 0; n < 1_000_000 && both === null; n++) {
      const body = '0' + String(n).padStart(6, '0');
      const code = withGtinCheckDigit(body);
      if (expandUpcE(code) !== null) both = code;
    }
    expect(both).not.toBeNull();
    expect(normalizeProductCode(both!)).toMatchObject({ ok: true, symbology: 'upce' });
    expect(productCodeCandidates(both!)).toContain(both);
    const ean8Like = withGtinCheckDigit('1234567');
    const r = normalizeProductCode(ean8Like);
    expect(r).toMatchObject({ ok: true, symbology: 'ean8', gtin: ean8Like });
  });

  it('falls back to the reading whose check digit holds', () => {
    // a UPC-E with a leading 1 that is not a valid EAN-8
    const upce = '10000016';
    expect(isValidGtin(upce)).toBe(false);
    expect(normalizeProductCode(upce)).toEqual({ ok: true, symbology: 'upce', gtin: '100100000006' });
    // and a leading-0 code that is only a valid EAN-8
    const ean8 = withGtinCheckDigit('0000020');
    expect(expandUpcE(ean8)).toBeNull();
    expect(normalizeProductCode(ean8)).toEqual({ ok: true, symbology: 'ean8', gtin: ean8 });
  });

  it('says why a code is refused', () => {
    expect(normalizeProductCode('6901234567891')).toEqual({ ok: false, reason: 'checkDigit' });
    expect(normalizeProductCode('036000291453')).toEqual({ ok: false, reason: 'checkDigit' });
    expect(normalizeProductCode('73513538')).toEqual({ ok: false, reason: 'checkDigit' });
    expect(normalizeProductCode('690123456789')).toEqual({ ok: false, reason: 'checkDigit' });
    expect(normalizeProductCode('12345')).toEqual({ ok: false, reason: 'format' });
    expect(normalizeProductCode('69012345678920')).toEqual({ ok: false, reason: 'format' });
    expect(normalizeProductCode('ABC')).toEqual({ ok: false, reason: 'format' });
    expect(normalizeProductCode('')).toEqual({ ok: false, reason: 'format' });
  });

  it('never throws and only accepts valid check digits', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), digits(0, 20)), (s) => {
        const r = normalizeProductCode(s);
        if (r.ok) expect(isValidGtin(r.gtin)).toBe(true);
      }),
    );
  });
});

describe('productCodeCandidates', () => {
  it('lists the other readings a catalog could hold', () => {
    expect(productCodeCandidates('036000291452')).toEqual(['036000291452', '0036000291452']);
    expect(productCodeCandidates('6901234567892')).toEqual(['6901234567892']);
    // 01234565 is a valid UPC-E and a valid EAN-8
    expect(productCodeCandidates('01234565')).toEqual(['012345000065', '01234565', '0012345000065']);
    expect(productCodeCandidates('10000016')).toEqual(['100100000006', '0100100000006']);
    expect(productCodeCandidates('bad')).toEqual([]);
  });
});

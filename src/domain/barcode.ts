// Retail barcodes (GS1): EAN-13, EAN-8, UPC-A, UPC-E. The catalog stores each code in one canonical
// form, so a scan must be normalised the same way before the lookup.

const DIGITS = /^\d+$/;

/** GS1 mod-10 check digit: weights 3,1,3,1... from the rightmost data digit. Throws on non-digits. */
export function gtinCheckDigit(digitsWithoutCheck: string): number {
  if (!DIGITS.test(digitsWithoutCheck))
    throw new RangeError(`gtinCheckDigit expects digits, got "${digitsWithoutCheck}"`);
  let sum = 0;
  let weight = 3;
  for (let i = digitsWithoutCheck.length - 1; i >= 0; i--) {
    sum += (digitsWithoutCheck.charCodeAt(i) - 48) * weight;
    weight = weight === 3 ? 1 : 3;
  }
  return (10 - (sum % 10)) % 10;
}

/** Appends the GS1 check digit. */
export function withGtinCheckDigit(digitsWithoutCheck: string): string {
  return digitsWithoutCheck + String(gtinCheckDigit(digitsWithoutCheck));
}

function hasValidCheckDigit(code: string): boolean {
  return gtinCheckDigit(code.slice(0, -1)) === code.charCodeAt(code.length - 1) - 48;
}

/** An 8-, 12- or 13-digit GTIN whose last digit is the right check digit. */
export function isValidGtin(code: string): boolean {
  if (typeof code !== 'string' || !DIGITS.test(code)) return false;
  if (code.length !== 8 && code.length !== 12 && code.length !== 13) return false;
  return hasValidCheckDigit(code);
}

/** UPC-A without its check digit (11 digits) from the number system and the 6 UPC-E data digits. */
function expandUpcEData(numberSystem: string, d: string): string {
  const last = d[5] ?? '';
  switch (last) {
    case '0':
    case '1':
    case '2':
      // manufacturer d1 d2 d6 0 0, item 0 0 d3 d4 d5
      return numberSystem + d.slice(0, 2) + last + '0000' + d.slice(2, 5);
    case '3':
      // manufacturer d1 d2 d3 0 0, item 0 0 0 d4 d5
      return numberSystem + d.slice(0, 3) + '00000' + d.slice(3, 5);
    case '4':
      // manufacturer d1 d2 d3 d4 0, item 0 0 0 0 d5
      return numberSystem + d.slice(0, 4) + '00000' + d.slice(4, 5);
    default:
      // manufacturer d1..d5, item 0 0 0 0 d6 (d6 in 5..9)
      return numberSystem + d.slice(0, 5) + '0000' + last;
  }
}

/**
 * 8-digit UPC-E (number system 0 or 1, 6 data digits, check digit) to the 12-digit UPC-A it stands for.
 * The UPC-E check digit is the UPC-A one, so a wrong check digit gives null, as does any other format.
 */
export function expandUpcE(upce: string): string | null {
  if (typeof upce !== 'string' || !/^[01]\d{7}$/.test(upce)) return null;
  const body = expandUpcEData(upce.charAt(0), upce.slice(1, 7));
  const upca = withGtinCheckDigit(body);
  return upca.endsWith(upce.charAt(7)) ? upca : null;
}

/** The reverse of expandUpcE: the UPC-E form of a valid UPC-A, or null when it has none. */
export function compressUpcA(upca: string): string | null {
  if (!isValidGtin(upca) || upca.length !== 12) return null;
  const ns = upca.charAt(0);
  if (ns !== '0' && ns !== '1') return null;
  const m = upca.slice(1, 6); // manufacturer
  const p = upca.slice(6, 11); // item
  const check = upca.charAt(11);
  let data: string | null = null;
  if (/^\d\d[012]00$/.test(m) && /^00\d{3}$/.test(p)) data = m.slice(0, 2) + p.slice(2) + m.charAt(2);
  else if (/^\d{3}00$/.test(m) && /^000\d\d$/.test(p)) data = m.slice(0, 3) + p.slice(3) + '3';
  else if (/^\d{4}0$/.test(m) && /^0000\d$/.test(p)) data = m.slice(0, 4) + p.charAt(4) + '4';
  else if (/^\d{5}$/.test(m) && /^0000[5-9]$/.test(p)) data = m + p.charAt(4);
  return data === null ? null : ns + data + check;
}

export type ProductSymbology = 'ean13' | 'ean8' | 'upca' | 'upce';

export type NormalizedProductCode =
  | {
      ok: true;
      symbology: ProductSymbology;
      /** The catalog key: EAN-13 and EAN-8 as is, UPC-A as 12 digits, UPC-E expanded to UPC-A. */
      gtin: string;
    }
  | { ok: false; reason: 'format' | 'checkDigit' };

/**
 * Normalises a scanned retail code to its catalog key.
 *
 * - 13 digits starting with 0 is a UPC-A sent in EAN-13 form (many scanners do): stored as the 12-digit UPC-A.
 * - 8 digits is ambiguous (EAN-8 or UPC-E). EAN-8 prefixes 0xx are restricted-circulation codes, while
 *   UPC-E nearly always has number system 0, so a leading 0 reads as UPC-E first; anything else reads as
 *   EAN-8 first, and the other reading is the fallback when only it has a valid check digit.
 *   productCodeCandidates() lists both readings for a catalog miss.
 */
export function normalizeProductCode(raw: string): NormalizedProductCode {
  const code = typeof raw === 'string' ? raw.trim() : '';
  if (!DIGITS.test(code)) return { ok: false, reason: 'format' };
  switch (code.length) {
    case 13:
      if (!hasValidCheckDigit(code)) return { ok: false, reason: 'checkDigit' };
      return code.startsWith('0')
        ? { ok: true, symbology: 'upca', gtin: code.slice(1) }
        : { ok: true, symbology: 'ean13', gtin: code };
    case 12:
      return hasValidCheckDigit(code)
        ? { ok: true, symbology: 'upca', gtin: code }
        : { ok: false, reason: 'checkDigit' };
    case 8: {
      const upca = expandUpcE(code);
      const ean8 = hasValidCheckDigit(code);
      const asUpce = upca === null ? null : ({ ok: true, symbology: 'upce', gtin: upca } as const);
      const asEan8 = ean8 ? ({ ok: true, symbology: 'ean8', gtin: code } as const) : null;
      const first = code.startsWith('0') ? (asUpce ?? asEan8) : (asEan8 ?? asUpce);
      return first ?? { ok: false, reason: 'checkDigit' };
    }
    default:
      return { ok: false, reason: 'format' };
  }
}

/**
 * Every catalog key a scanned code could stand for, most likely first. Lets a lookup that misses on
 * the first reading of an 8-digit code, or a UPC-A stored as 13 digits, still find the product.
 */
export function productCodeCandidates(raw: string): string[] {
  const code = typeof raw === 'string' ? raw.trim() : '';
  const first = normalizeProductCode(code);
  if (!first.ok) return [];
  const out = [first.gtin];
  const add = (c: string | null): void => {
    if (c !== null && !out.includes(c)) out.push(c);
  };
  if (code.length === 8) {
    add(expandUpcE(code));
    if (hasValidCheckDigit(code)) add(code);
  }
  if (first.symbology === 'upca' || first.symbology === 'upce') add('0' + first.gtin);
  return out;
}

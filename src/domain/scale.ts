// In-store variable-measure labels (GS1 prefix 2) printed by the counter scales (大华/顶尖 style).
// Each store configures which layouts its scales print, so the layouts are data, not code.

import { gtinCheckDigit } from './barcode';
import type { Fen } from './model';

export type ScaleLabelKind = 'price' | 'weight' | 'priceAndWeight';

/**
 * Layout, left to right: prefix, PLU (pluDigits), then the value(s), then the check digit if any.
 * - kind 'price': value = total price in fen (valueDigits)
 * - kind 'weight': value = net weight in grams (valueDigits)
 * - kind 'priceAndWeight': weight in grams (valueDigits), then total price in fen (priceDigits)
 * prefix.length + pluDigits + valueDigits + (priceDigits ?? 0) + (checkDigit ? 1 : 0) must equal length.
 */
export interface ScaleTemplate {
  id: string;
  length: 13 | 18;
  prefix: string;
  pluDigits: number;
  kind: ScaleLabelKind;
  valueDigits: number;
  /** priceAndWeight only: digits of the total price that follows the weight. */
  priceDigits?: number;
  /** The last digit is a GS1 mod-10 check over all the digits before it. Default true. */
  checkDigit?: boolean;
  /** Free text for the settings screen. */
  description?: string;
}

/**
 * The usual Chinese scale formats:
 * - 13 digits 'PP' + PLU(5) + value(5) + check: prefixes 20/21 carry the price in fen, 22/23 the weight in grams.
 * - 18 digits '28' + PLU(5) + weight(5, g) + price(5, fen) + check. Note that these also match the Alipay
 *   auth-code pattern: only the screen's context tells them apart (see codes.ts).
 */
export const DEFAULT_SCALE_TEMPLATES: ScaleTemplate[] = [
  {
    id: 'p20-price',
    length: 13,
    prefix: '20',
    pluDigits: 5,
    kind: 'price',
    valueDigits: 5,
    checkDigit: true,
    description: '20 + PLU(5) + price fen(5) + check',
  },
  {
    id: 'p21-price',
    length: 13,
    prefix: '21',
    pluDigits: 5,
    kind: 'price',
    valueDigits: 5,
    checkDigit: true,
    description: '21 + PLU(5) + price fen(5) + check',
  },
  {
    id: 'p22-weight',
    length: 13,
    prefix: '22',
    pluDigits: 5,
    kind: 'weight',
    valueDigits: 5,
    checkDigit: true,
    description: '22 + PLU(5) + weight g(5) + check',
  },
  {
    id: 'p23-weight',
    length: 13,
    prefix: '23',
    pluDigits: 5,
    kind: 'weight',
    valueDigits: 5,
    checkDigit: true,
    description: '23 + PLU(5) + weight g(5) + check',
  },
  {
    id: 'p28-18',
    length: 18,
    prefix: '28',
    pluDigits: 5,
    kind: 'priceAndWeight',
    valueDigits: 5,
    priceDigits: 5,
    checkDigit: true,
    description: '28 + PLU(5) + weight g(5) + price fen(5) + check',
  },
];

function hasCheck(t: ScaleTemplate): boolean {
  return t.checkDigit !== false;
}

/** Why a template cannot be used, or null when it is consistent. */
export function scaleTemplateProblem(t: ScaleTemplate): string | null {
  if (!/^\d+$/.test(t.prefix)) return 'prefix must be digits';
  if (!Number.isInteger(t.pluDigits) || t.pluDigits < 1) return 'pluDigits must be >= 1';
  if (!Number.isInteger(t.valueDigits) || t.valueDigits < 1) return 'valueDigits must be >= 1';
  const priceDigits = t.kind === 'priceAndWeight' ? t.priceDigits : 0;
  if (
    priceDigits === undefined ||
    !Number.isInteger(priceDigits) ||
    (t.kind === 'priceAndWeight' && priceDigits < 1)
  ) {
    return 'priceAndWeight needs priceDigits >= 1';
  }
  const total = t.prefix.length + t.pluDigits + t.valueDigits + priceDigits + (hasCheck(t) ? 1 : 0);
  if (total !== t.length) return `fields add up to ${total} digits, not ${t.length}`;
  return null;
}

export interface ScaleLabel {
  plu: string;
  priceFen?: Fen;
  weightGrams?: number;
  templateId: string;
}

function fits(code: string, t: ScaleTemplate): boolean {
  return code.length === t.length && code.startsWith(t.prefix) && /^\d+$/.test(code);
}

/** True when the code has the length and prefix of one of the templates (whatever its check digit). */
export function isScaleLabelCandidate(code: string, templates: readonly ScaleTemplate[]): boolean {
  return typeof code === 'string' && templates.some((t) => scaleTemplateProblem(t) === null && fits(code, t));
}

/**
 * Reads a scale label with the first template that fits it and whose check digit holds.
 * Null when no template fits, or the check digit is wrong.
 */
export function parseScaleLabel(code: string, templates: readonly ScaleTemplate[]): ScaleLabel | null {
  if (typeof code !== 'string') return null;
  for (const t of templates) {
    if (scaleTemplateProblem(t) !== null || !fits(code, t)) continue;
    if (hasCheck(t) && gtinCheckDigit(code.slice(0, -1)) !== Number(code.charAt(code.length - 1))) continue;
    let at = t.prefix.length;
    const take = (n: number): string => {
      const s = code.slice(at, at + n);
      at += n;
      return s;
    };
    const plu = take(t.pluDigits);
    const value = Number(take(t.valueDigits));
    switch (t.kind) {
      case 'price':
        return { plu, priceFen: value, templateId: t.id };
      case 'weight':
        return { plu, weightGrams: value, templateId: t.id };
      case 'priceAndWeight':
        return { plu, weightGrams: value, priceFen: Number(take(t.priceDigits ?? 0)), templateId: t.id };
    }
  }
  return null;
}

/** Builds a label the way a scale prints it (for tests, demos and the fake scale). */
export function makeScaleLabel(
  t: ScaleTemplate,
  fields: { plu: string; priceFen?: Fen; weightGrams?: number },
): string {
  const problem = scaleTemplateProblem(t);
  if (problem !== null) throw new RangeError(`scale template ${t.id}: ${problem}`);
  const pad = (v: number | string | undefined, n: number, name: string): string => {
    const s = String(v ?? '');
    if (!/^\d+$/.test(s) || s.length > n) throw new RangeError(`${name} does not fit in ${n} digits: ${s}`);
    return s.padStart(n, '0');
  };
  let body = t.prefix + pad(fields.plu, t.pluDigits, 'plu');
  if (t.kind === 'price') body += pad(fields.priceFen, t.valueDigits, 'priceFen');
  else body += pad(fields.weightGrams, t.valueDigits, 'weightGrams');
  if (t.kind === 'priceAndWeight') body += pad(fields.priceFen, t.priceDigits ?? 0, 'priceFen');
  return hasCheck(t) ? body + String(gtinCheckDigit(body)) : body;
}

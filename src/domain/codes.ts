// What a scanned string is depends on the screen it was scanned on: an 18-digit scale label also
// matches the Alipay auth-code pattern, and an 8-digit pickup code looks like an EAN-8. So the
// screen's context decides first, the pattern second, and anything unexpected is a clear 'invalid'.

import { normalizeProductCode, type ProductSymbology } from './barcode';
import type { Fen } from './model';
import { DEFAULT_SCALE_TEMPLATES, isScaleLabelCandidate, parseScaleLabel, type ScaleTemplate } from './scale';

export type ScanContext = 'sale' | 'member' | 'payment' | 'pickup' | 'refund';

export type InvalidReason =
  | 'empty'
  | 'checkDigit'
  | 'unknownFormat'
  | 'notAPaymentCode'
  | 'notAMemberCode'
  | 'notAPickupCode'
  | 'tooLong';

export type PaymentProvider = 'wechat' | 'alipay';

export type ScanResult =
  | { kind: 'product'; symbology: ProductSymbology; gtin: string }
  | { kind: 'scale'; plu: string; priceFen?: Fen; weightGrams?: number; raw: string; templateId?: string }
  | { kind: 'memberCard'; cardNo: string }
  | { kind: 'memberToken'; token: string }
  | { kind: 'pickupCode'; code: string }
  | { kind: 'pickupToken'; token: string }
  | { kind: 'receipt'; token: string }
  | { kind: 'payment'; provider: PaymentProvider; authCode: string }
  | { kind: 'invalid'; reason: InvalidReason; raw: string };

export const MAX_SCAN_LENGTH = 512;

export const MEMBER_TOKEN_PREFIX = 'MT1.';
export const PICKUP_TOKEN_PREFIX = 'PK1.';
export const RECEIPT_TOKEN_PREFIX = 'RC1.';

const WECHAT_AUTH_CODE = /^1[0-5]\d{16}$/;
const ALIPAY_AUTH_CODE = /^(2[5-9]|30)\d{14,22}$/;

/** Which wallet an auth code (付款码) belongs to, by the providers' prefix and length rules. */
export function paymentProviderOf(authCode: string): PaymentProvider | null {
  if (WECHAT_AUTH_CODE.test(authCode)) return 'wechat';
  if (ALIPAY_AUTH_CODE.test(authCode)) return 'alipay';
  return null;
}

/** Luhn (mod 10) check digit for a string of digits, as used on member cards and pickup codes. */
export function luhnCheckDigit(digits: string): number {
  if (!/^\d+$/.test(digits)) throw new RangeError(`luhnCheckDigit expects digits, got "${digits}"`);
  let sum = 0;
  let double = true; // the digit next to the check digit is doubled
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return (10 - (sum % 10)) % 10;
}

function luhnValid(digits: string): boolean {
  return luhnCheckDigit(digits.slice(0, -1)) === digits.charCodeAt(digits.length - 1) - 48;
}

const MEMBER_CARD = /^M\d{10}$/;
const MEMBER_CARD_BODY = /^\d{9}$/;

/** Check digit of a static member card: Luhn over the 9 body digits ('M' + 9 digits + check). */
export function memberCardCheckDigit(bodyDigits: string): number {
  if (!MEMBER_CARD_BODY.test(bodyDigits)) throw new RangeError('a member card body is 9 digits');
  return luhnCheckDigit(bodyDigits);
}

/** 'M' + 9 digits -> the full card number with its check digit. */
export function makeMemberCardNo(bodyDigits: string): string {
  return `M${bodyDigits}${memberCardCheckDigit(bodyDigits)}`;
}

/** 'M' + 10 digits whose last digit is the Luhn check of the other 9. */
export function isValidMemberCard(cardNo: string): boolean {
  return typeof cardNo === 'string' && MEMBER_CARD.test(cardNo) && luhnValid(cardNo.slice(1));
}

const PICKUP_CODE = /^\d{8}$/;

/** Check digit of a hand-typed pickup code: Luhn over the first 7 digits. */
export function pickupCodeCheckDigit(sevenDigits: string): number {
  if (!/^\d{7}$/.test(sevenDigits)) throw new RangeError('a pickup code body is 7 digits');
  return luhnCheckDigit(sevenDigits);
}

/** 7 digits -> the 8-digit pickup code. */
export function makePickupCode(sevenDigits: string): string {
  return sevenDigits + String(pickupCodeCheckDigit(sevenDigits));
}

export function isValidPickupCode(code: string): boolean {
  return typeof code === 'string' && PICKUP_CODE.test(code) && luhnValid(code);
}

/**
 * Cleans what a scanner or a keyboard delivered: full-width ASCII from a Chinese IME becomes ASCII,
 * control characters go except GS (0x1D, the GS1 separator), surrounding whitespace goes, and an
 * AIM symbology identifier (']E0', ']Q1', ...) some scanners put in front is dropped.
 */
export function cleanScan(raw: string): string {
  const halfWidth = raw
    .replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ');
  // eslint-disable-next-line no-control-regex
  const noControls = halfWidth.replace(/[\u0000-\u001c\u001e-\u001f\u007f-\u009f]/g, '');
  return noControls.trim().replace(/^\][A-Za-z][0-9A-Za-z]/, '');
}

function invalid(reason: InvalidReason, raw: string): ScanResult {
  return { kind: 'invalid', reason, raw };
}

function tokenResult(code: string): ScanResult | null {
  // A token needs something after its prefix; the signature is verified elsewhere (offline, with keys).
  if (code.length <= 4) return null;
  if (code.startsWith(MEMBER_TOKEN_PREFIX)) return { kind: 'memberToken', token: code };
  if (code.startsWith(PICKUP_TOKEN_PREFIX)) return { kind: 'pickupToken', token: code };
  if (code.startsWith(RECEIPT_TOKEN_PREFIX)) return { kind: 'receipt', token: code };
  return null;
}

function memberCardResult(code: string): ScanResult | null {
  // Caps lock or a handheld's keyboard can send the 'M' in lower case.
  const card = /^[mM]\d{10}$/.test(code) ? 'M' + code.slice(1) : null;
  if (card === null) return null;
  return isValidMemberCard(card) ? { kind: 'memberCard', cardNo: card } : invalid('checkDigit', code);
}

function productResult(code: string, templates: readonly ScaleTemplate[]): ScanResult | null {
  if (!/^\d+$/.test(code)) return null;
  if (isScaleLabelCandidate(code, templates)) {
    const label = parseScaleLabel(code, templates);
    if (label === null) return invalid('checkDigit', code);
    const scale: ScanResult = { kind: 'scale', plu: label.plu, raw: code, templateId: label.templateId };
    if (label.priceFen !== undefined) scale.priceFen = label.priceFen;
    if (label.weightGrams !== undefined) scale.weightGrams = label.weightGrams;
    return scale;
  }
  const product = normalizeProductCode(code);
  if (product.ok) return { kind: 'product', symbology: product.symbology, gtin: product.gtin };
  return invalid(product.reason === 'checkDigit' ? 'checkDigit' : 'unknownFormat', code);
}

/**
 * Classifies a scanned or typed string for the screen it arrived on. Never throws.
 * - sale: product codes and scale labels; also member cards/tokens (attach a member), pickup tokens and
 *   receipt tokens. A digit string is never a payment code here.
 * - payment: only WeChat Pay / Alipay auth codes.
 * - member: member cards and member tokens. - pickup: 8-digit pickup codes and pickup tokens.
 * - refund: receipt tokens and product codes (a refund without a receipt).
 */
export function classifyScan(
  raw: string,
  ctx: ScanContext,
  opts?: { scaleTemplates?: readonly ScaleTemplate[] },
): ScanResult {
  if (typeof raw !== 'string') return invalid('unknownFormat', '');
  const code = cleanScan(raw);
  if (code === '') return invalid('empty', '');
  if (code.length > MAX_SCAN_LENGTH) return invalid('tooLong', code.slice(0, MAX_SCAN_LENGTH));
  const templates = opts?.scaleTemplates ?? DEFAULT_SCALE_TEMPLATES;

  switch (ctx) {
    case 'payment': {
      const provider = paymentProviderOf(code);
      return provider === null
        ? invalid('notAPaymentCode', code)
        : { kind: 'payment', provider, authCode: code };
    }
    case 'member': {
      const token = tokenResult(code);
      if (token?.kind === 'memberToken') return token;
      return memberCardResult(code) ?? invalid('notAMemberCode', code);
    }
    case 'pickup': {
      const token = tokenResult(code);
      if (token?.kind === 'pickupToken') return token;
      if (PICKUP_CODE.test(code))
        return isValidPickupCode(code) ? { kind: 'pickupCode', code } : invalid('checkDigit', code);
      return invalid('notAPickupCode', code);
    }
    case 'refund': {
      const token = tokenResult(code);
      if (token?.kind === 'receipt') return token;
      return productResult(code, templates) ?? invalid('unknownFormat', code);
    }
    case 'sale':
      return (
        tokenResult(code) ??
        memberCardResult(code) ??
        productResult(code, templates) ??
        invalid('unknownFormat', code)
      );
    default:
      return invalid('unknownFormat', code);
  }
}

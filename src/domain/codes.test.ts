import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { withGtinCheckDigit } from './barcode';
import {
  classifyScan,
  cleanScan,
  isValidMemberCard,
  isValidPickupCode,
  luhnCheckDigit,
  makeMemberCardNo,
  makePickupCode,
  memberCardCheckDigit,
  paymentProviderOf,
  pickupCodeCheckDigit,
  type ScanContext,
} from './codes';
import { DEFAULT_SCALE_TEMPLATES, makeScaleLabel, type ScaleTemplate } from './scale';

const CONTEXTS: ScanContext[] = ['sale', 'member', 'payment', 'pickup', 'refund'];
const digits = (n: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((a) => a.join(''));

const EAN13 = '6901234567892';
const WECHAT = '134567890123456789'; // 18 digits, 13...
const ALIPAY = '281234567890123456'; // 18 digits, 28...
const SCALE18 = makeScaleLabel(DEFAULT_SCALE_TEMPLATES[4]!, {
  plu: '10023',
  weightGrams: 750,
  priceFen: 1035,
});
const CARD = makeMemberCardNo('123456789');
const PICKUP = makePickupCode('1234567');

describe('Luhn check digits for member cards and pickup codes', () => {
  it('matches the published Luhn example', () => {
    expect(luhnCheckDigit('7992739871')).toBe(3); // 79927398713
    expect(memberCardCheckDigit('123456789')).toBe(7);
    expect(CARD).toBe('M1234567897');
    expect(pickupCodeCheckDigit('1234567')).toBe(4);
    expect(PICKUP).toBe('12345674');
  });

  it('a computed digit always validates and any single-digit change invalidates', () => {
    fc.assert(
      fc.property(digits(9), digits(7), (cardBody, pickupBody) => {
        const card = makeMemberCardNo(cardBody);
        const code = makePickupCode(pickupBody);
        expect(isValidMemberCard(card)).toBe(true);
        expect(isValidPickupCode(code)).toBe(true);
        for (let i = 0; i < 10; i++) {
          for (let d = 1; d <= 9; d++) {
            const at = i + 1;
            const changed = card.slice(0, at) + String((Number(card[at]) + d) % 10) + card.slice(at + 1);
            expect(isValidMemberCard(changed)).toBe(false);
          }
        }
        for (let i = 0; i < 8; i++) {
          for (let d = 1; d <= 9; d++) {
            const changed = code.slice(0, i) + String((Number(code[i]) + d) % 10) + code.slice(i + 1);
            expect(isValidPickupCode(changed)).toBe(false);
          }
        }
      }),
      { numRuns: 100 },
    );
  });

  it('refuses malformed input', () => {
    expect(isValidMemberCard('1234567897')).toBe(false);
    expect(isValidMemberCard('M123456789')).toBe(false);
    expect(isValidMemberCard('m1234567897')).toBe(false);
    expect(isValidPickupCode('1234567')).toBe(false);
    expect(isValidPickupCode('1234567a')).toBe(false);
    expect(() => memberCardCheckDigit('12345678')).toThrow(RangeError);
    expect(() => pickupCodeCheckDigit('123456a')).toThrow(RangeError);
    expect(() => luhnCheckDigit('')).toThrow(RangeError);
  });
});

describe('paymentProviderOf', () => {
  it('knows WeChat Pay and Alipay auth codes by prefix and length', () => {
    for (const p of ['10', '11', '12', '13', '14', '15'])
      expect(paymentProviderOf(p + '1234567890123456')).toBe('wechat');
    expect(paymentProviderOf('161234567890123456')).toBeNull(); // WeChat member codes start with 16
    expect(paymentProviderOf('13456789012345678')).toBeNull(); // 17 digits
    for (const p of ['25', '26', '27', '28', '29', '30'])
      expect(paymentProviderOf(p + '12345678901234')).toBe('alipay');
    expect(paymentProviderOf('25' + '1'.repeat(22))).toBe('alipay'); // 24 digits
    expect(paymentProviderOf('25' + '1'.repeat(23))).toBeNull(); // 25 digits
    expect(paymentProviderOf('25' + '1'.repeat(13))).toBeNull(); // 15 digits
    expect(paymentProviderOf('311234567890123456')).toBeNull();
    expect(paymentProviderOf('241234567890123456')).toBeNull();
  });
});

describe('cleanScan', () => {
  it('trims whitespace, CR/LF and control characters but keeps GS', () => {
    expect(cleanScan(`  ${EAN13}\r\n`)).toBe(EAN13);
    expect(cleanScan(`\x02${EAN13}\x03`)).toBe(EAN13);
    expect(cleanScan('01\x1d10ABC')).toBe('01\x1d10ABC');
    expect(cleanScan('\t\x00')).toBe('');
  });

  it('turns full-width IME input into ASCII and drops an AIM identifier', () => {
    expect(cleanScan('６９０１２３４５６７８９２')).toBe(EAN13);
    expect(cleanScan('Ｍ１２３４５６７８９７')).toBe(CARD);
    expect(cleanScan(`]E0${EAN13}`)).toBe(EAN13);
  });
});

describe('classifyScan', () => {
  it('sale: product codes', () => {
    expect(classifyScan(EAN13, 'sale')).toEqual({ kind: 'product', symbology: 'ean13', gtin: EAN13 });
    expect(classifyScan(' 036000291452\r\n', 'sale')).toEqual({
      kind: 'product',
      symbology: 'upca',
      gtin: '036000291452',
    });
    expect(classifyScan('01234565', 'sale')).toEqual({
      kind: 'product',
      symbology: 'upce',
      gtin: '012345000065',
    });
    expect(classifyScan('73513537', 'sale')).toEqual({
      kind: 'product',
      symbology: 'ean8',
      gtin: '73513537',
    });
    expect(classifyScan('6901234567891', 'sale')).toEqual({
      kind: 'invalid',
      reason: 'checkDigit',
      raw: '6901234567891',
    });
    expect(classifyScan('12345', 'sale')).toEqual({ kind: 'invalid', reason: 'unknownFormat', raw: '12345' });
    expect(classifyScan('hello', 'sale')).toEqual({ kind: 'invalid', reason: 'unknownFormat', raw: 'hello' });
  });

  it('sale: scale labels', () => {
    const price13 = withGtinCheckDigit('201002301280');
    expect(classifyScan(price13, 'sale')).toEqual({
      kind: 'scale',
      plu: '10023',
      priceFen: 1280,
      raw: price13,
      templateId: 'p20-price',
    });
    const weight13 = withGtinCheckDigit('221002301234');
    expect(classifyScan(weight13, 'sale')).toEqual({
      kind: 'scale',
      plu: '10023',
      weightGrams: 1234,
      raw: weight13,
      templateId: 'p22-weight',
    });
    const bad = price13.slice(0, -1) + String((Number(price13.slice(-1)) + 1) % 10);
    expect(classifyScan(bad, 'sale')).toMatchObject({ kind: 'invalid', reason: 'checkDigit' });
    // a prefix-2 code no template claims is an ordinary (store-internal) EAN-13
    const rcn = withGtinCheckDigit('241002301280');
    expect(classifyScan(rcn, 'sale')).toEqual({ kind: 'product', symbology: 'ean13', gtin: rcn });
  });

  it('the 18-digit scale label that matches the Alipay pattern is a scale label in sale, a payment only in payment', () => {
    expect(paymentProviderOf(SCALE18)).toBe('alipay');
    expect(classifyScan(SCALE18, 'sale')).toMatchObject({
      kind: 'scale',
      plu: '10023',
      weightGrams: 750,
      priceFen: 1035,
    });
    expect(classifyScan(SCALE18, 'payment')).toEqual({
      kind: 'payment',
      provider: 'alipay',
      authCode: SCALE18,
    });
    // in sale, real payment codes are never payments
    expect(classifyScan(WECHAT, 'sale')).toMatchObject({ kind: 'invalid', reason: 'unknownFormat' });
    expect(classifyScan(ALIPAY, 'sale').kind).not.toBe('payment');
  });

  it('uses custom scale templates when given', () => {
    const custom: ScaleTemplate[] = [
      { id: 'c', length: 13, prefix: '29', pluDigits: 5, kind: 'price', valueDigits: 5 },
    ];
    const code = withGtinCheckDigit('291002301280');
    expect(classifyScan(code, 'sale', { scaleTemplates: custom })).toMatchObject({
      kind: 'scale',
      templateId: 'c',
    });
    expect(
      classifyScan(withGtinCheckDigit('201002301280'), 'sale', { scaleTemplates: custom }),
    ).toMatchObject({ kind: 'product' });
  });

  it('sale also recognises members, pickup tokens and receipts', () => {
    expect(classifyScan(CARD, 'sale')).toEqual({ kind: 'memberCard', cardNo: CARD });
    expect(classifyScan('m1234567897', 'sale')).toEqual({ kind: 'memberCard', cardNo: CARD });
    expect(classifyScan('M1234567890', 'sale')).toMatchObject({ kind: 'invalid', reason: 'checkDigit' });
    expect(classifyScan('MT1.abc.def', 'sale')).toEqual({ kind: 'memberToken', token: 'MT1.abc.def' });
    expect(classifyScan('PK1.abc', 'sale')).toEqual({ kind: 'pickupToken', token: 'PK1.abc' });
    expect(classifyScan('RC1.abc', 'sale')).toEqual({ kind: 'receipt', token: 'RC1.abc' });
    expect(classifyScan('MT1.', 'sale')).toMatchObject({ kind: 'invalid', reason: 'unknownFormat' });
    // an 8-digit pickup code is an EAN-8 candidate on the sale screen, never a pickup
    expect(classifyScan(PICKUP, 'sale').kind).not.toBe('pickupCode');
  });

  it('payment: only auth codes', () => {
    expect(classifyScan(WECHAT, 'payment')).toEqual({
      kind: 'payment',
      provider: 'wechat',
      authCode: WECHAT,
    });
    expect(classifyScan(`${ALIPAY}\n`, 'payment')).toEqual({
      kind: 'payment',
      provider: 'alipay',
      authCode: ALIPAY,
    });
    for (const other of [EAN13, CARD, 'MT1.x', '161234567890123456', 'abc']) {
      expect(classifyScan(other, 'payment')).toMatchObject({ kind: 'invalid', reason: 'notAPaymentCode' });
    }
  });

  it('member: cards and tokens only', () => {
    expect(classifyScan(CARD, 'member')).toEqual({ kind: 'memberCard', cardNo: CARD });
    expect(classifyScan('MT1.token', 'member')).toEqual({ kind: 'memberToken', token: 'MT1.token' });
    expect(classifyScan('M1234567890', 'member')).toMatchObject({ kind: 'invalid', reason: 'checkDigit' });
    for (const other of [EAN13, 'PK1.x', WECHAT, '161234567890123456']) {
      expect(classifyScan(other, 'member')).toMatchObject({ kind: 'invalid', reason: 'notAMemberCode' });
    }
  });

  it('pickup: 8-digit codes and tokens only', () => {
    expect(classifyScan(PICKUP, 'pickup')).toEqual({ kind: 'pickupCode', code: PICKUP });
    expect(classifyScan('PK1.token', 'pickup')).toEqual({ kind: 'pickupToken', token: 'PK1.token' });
    expect(classifyScan('12345670', 'pickup')).toMatchObject({ kind: 'invalid', reason: 'checkDigit' });
    for (const other of [EAN13, CARD, 'MT1.x', '1234567']) {
      expect(classifyScan(other, 'pickup')).toMatchObject({ kind: 'invalid', reason: 'notAPickupCode' });
    }
  });

  it('refund: receipts and product codes', () => {
    expect(classifyScan('RC1.token', 'refund')).toEqual({ kind: 'receipt', token: 'RC1.token' });
    expect(classifyScan(EAN13, 'refund')).toMatchObject({ kind: 'product', gtin: EAN13 });
    expect(classifyScan('MT1.x', 'refund')).toMatchObject({ kind: 'invalid', reason: 'unknownFormat' });
  });

  it('empty and too long input', () => {
    for (const ctx of CONTEXTS) {
      expect(classifyScan('', ctx)).toEqual({ kind: 'invalid', reason: 'empty', raw: '' });
      expect(classifyScan(' \r\n\t', ctx)).toEqual({ kind: 'invalid', reason: 'empty', raw: '' });
      const r = classifyScan('MT1.' + 'a'.repeat(600), ctx);
      expect(r).toMatchObject({ kind: 'invalid', reason: 'tooLong' });
      if (r.kind === 'invalid') expect(r.raw.length).toBe(512);
    }
    expect(classifyScan('MT1.' + 'a'.repeat(508), 'member')).toMatchObject({ kind: 'memberToken' });
  });

  it('never throws on random strings in any context, and a result always has a known kind', () => {
    const kinds = new Set([
      'product',
      'scale',
      'memberCard',
      'memberToken',
      'pickupCode',
      'pickupToken',
      'receipt',
      'payment',
      'invalid',
    ]);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 700 }),
          fc.string({ unit: fc.constantFrom(...'0123456789 \r\n\x1d'.split('')), maxLength: 30 }),
          fc.constantFrom('MT1.', 'PK1.', 'RC1.', 'M', ']E0').chain((p) => fc.string().map((s) => p + s)),
        ),
        fc.constantFrom(...CONTEXTS),
        (s, ctx) => {
          const r = classifyScan(s, ctx);
          expect(kinds.has(r.kind)).toBe(true);
          if (ctx === 'payment') expect(['payment', 'invalid']).toContain(r.kind);
          if (ctx === 'sale') expect(r.kind).not.toBe('payment');
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('never throws on non-string input from untyped callers', () => {
    expect(classifyScan(undefined as unknown as string, 'sale')).toMatchObject({ kind: 'invalid' });
    expect(classifyScan(42 as unknown as string, 'payment')).toMatchObject({ kind: 'invalid' });
  });
});

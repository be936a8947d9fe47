import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64UrlDecode, base64UrlEncode, newSigningKey, signToken, verifyToken } from './signedToken';

const crm = newSigningKey();
const other = newSigningKey();
const keys = { k1: crm.publicKey };
const claims = { sub: 'M0001', iat: 1_000_000, exp: 1_000_060, jti: 'n1', kid: 'k1' };

describe('signed tokens', () => {
  it('verify when signed by a known key, inside the window', () => {
    const t = signToken('MT1.', claims, crm.secretKey);
    expect(verifyToken(t, 'MT1.', keys, 1_000_010)).toEqual({ ok: true, claims });
  });

  it('refuse a token signed by another key under the same kid', () => {
    const t = signToken('MT1.', claims, other.secretKey);
    expect(verifyToken(t, 'MT1.', keys, 1_000_010)).toEqual({ ok: false, reason: 'badSignature' });
  });

  it('refuse an unknown kid', () => {
    const t = signToken('MT1.', { ...claims, kid: 'k9' }, crm.secretKey);
    expect(verifyToken(t, 'MT1.', keys, 1_000_010)).toEqual({ ok: false, reason: 'unknownKey' });
  });

  it('refuse a forged claim with the original signature', () => {
    const t = signToken('MT1.', claims, crm.secretKey);
    const [body, sig] = [t.slice(0, t.lastIndexOf('.')), t.slice(t.lastIndexOf('.') + 1)];
    const forged = JSON.parse(new TextDecoder().decode(base64UrlDecode(body.slice(4))!)) as typeof claims;
    forged.sub = 'M9999';
    const t2 = 'MT1.' + base64UrlEncode(new TextEncoder().encode(JSON.stringify(forged))) + '.' + sig;
    expect(verifyToken(t2, 'MT1.', keys, 1_000_010)).toEqual({ ok: false, reason: 'badSignature' });
  });

  it('refuse an expired token and one from the future, with 30 s of skew', () => {
    const t = signToken('MT1.', claims, crm.secretKey);
    expect(verifyToken(t, 'MT1.', keys, 1_000_090).ok).toBe(true);
    expect(verifyToken(t, 'MT1.', keys, 1_000_091)).toEqual({ ok: false, reason: 'expired' });
    expect(verifyToken(t, 'MT1.', keys, 999_969)).toEqual({ ok: false, reason: 'notYetValid' });
  });

  it('bind the prefix: a pickup token is not a member token', () => {
    const t = signToken('PK1.', claims, crm.secretKey);
    expect(verifyToken(t, 'MT1.', keys, 1_000_010)).toEqual({ ok: false, reason: 'wrongKind' });
    const swapped = 'MT1.' + t.slice(4);
    expect(verifyToken(swapped, 'MT1.', keys, 1_000_010)).toEqual({ ok: false, reason: 'badSignature' });
  });

  it('never throw on garbage', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        const r = verifyToken('MT1.' + s, 'MT1.', keys, 1_000_010);
        expect(r.ok).toBe(false);
      }),
    );
    for (const s of ['MT1.', 'MT1..', 'MT1.e30.AA', 'MT1.!!!.@@@'])
      expect(verifyToken(s, 'MT1.', keys, 1).ok).toBe(false);
  });

  it('round-trip base64url for any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (b) => {
        expect(base64UrlDecode(base64UrlEncode(b))).toEqual(b);
      }),
    );
  });
});

import { pbkdf2Sync } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  constantTimeEqual,
  formatPinHash,
  isPinFormat,
  isWeakPin,
  parsePinHash,
  PIN_HASH_BYTES,
} from './pinHash';

const nodeHash = (pin: string, iterations: number, salt: Buffer) =>
  `pbkdf2-sha256$${iterations}$${salt.toString('base64')}$${pbkdf2Sync(pin, salt, iterations, 32, 'sha256').toString('base64')}`;

describe('PIN hash format', () => {
  it('parses what the CRM writes and formats it back identically', () => {
    const encoded = nodeHash('1111', 100_000, Buffer.from('0123456789abcdef'));
    const p = parsePinHash(encoded);
    expect(p?.iterations).toBe(100_000);
    expect(p?.salt).toEqual(Uint8Array.from(Buffer.from('0123456789abcdef')));
    expect(p?.hash.length).toBe(PIN_HASH_BYTES);
    expect(formatPinHash(p!)).toBe(encoded);
  });

  it('refuses other schemes, weak work factors, short salts and damaged fields', () => {
    const salt = Buffer.alloc(16, 7).toString('base64');
    const hash = Buffer.alloc(32, 1).toString('base64');
    expect(parsePinHash(`pbkdf2-sha256$100000$${salt}$${hash}`)).not.toBeNull();
    expect(parsePinHash(`pbkdf2-sha1$100000$${salt}$${hash}`)).toBeNull();
    expect(parsePinHash(`pbkdf2-sha256$999$${salt}$${hash}`)).toBeNull();
    expect(parsePinHash(`pbkdf2-sha256$100000$${Buffer.alloc(4).toString('base64')}$${hash}`)).toBeNull();
    expect(parsePinHash(`pbkdf2-sha256$100000$${salt}$${Buffer.alloc(31).toString('base64')}`)).toBeNull();
    expect(parsePinHash(`pbkdf2-sha256$100000$${salt}$not*base64`)).toBeNull();
    expect(parsePinHash(`pbkdf2-sha256$1e5$${salt}$${hash}`)).toBeNull();
    expect(parsePinHash('1111')).toBeNull();
    expect(parsePinHash('')).toBeNull();
  });

  it('property: any salt and hash survive format -> parse', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1000, max: 10_000_000 }),
        fc.uint8Array({ minLength: 8, maxLength: 64 }),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        (iterations, salt, hash) => {
          const back = parsePinHash(formatPinHash({ iterations, salt, hash }));
          expect(back).toEqual({ iterations, salt, hash });
        },
      ),
    );
  });
});

describe('PIN policy', () => {
  it('accepts 4 to 8 digits only', () => {
    expect(isPinFormat('1234')).toBe(true);
    expect(isPinFormat('12345678')).toBe(true);
    for (const bad of ['123', '123456789', '12a4', ' 1234', '１２３４', ''])
      expect(isPinFormat(bad)).toBe(false);
  });

  it('calls repeated digits and straight runs weak', () => {
    for (const weak of ['1111', '9999', '1234', '8901', '4321', '0987', '12'])
      expect(isWeakPin(weak)).toBe(true);
    for (const ok of ['1357', '2580', '902714']) expect(isWeakPin(ok)).toBe(false);
  });
});

describe('constantTimeEqual', () => {
  it('property: agrees with plain comparison', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), fc.uint8Array({ maxLength: 40 }), (a, b) => {
        const same = a.length === b.length && a.every((x, i) => x === b[i]);
        expect(constantTimeEqual(a, b)).toBe(same);
        expect(constantTimeEqual(a, Uint8Array.from(a))).toBe(true);
      }),
    );
  });
});

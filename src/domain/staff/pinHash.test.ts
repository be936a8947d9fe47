import { pbkdf2Sync } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  constantTimeEqual,
  formatPinHash,
  isPinFormat,
  isWeakPin,
  MAX_ARGON2,
  parsePinHash,
  pinPolicyError,
  PIN_HASH_BYTES,
} from './pinHash';
import { DEMO_STAFF } from './demoStaff';

const nodeHash = (pin: string, iterations: number, salt: Buffer) =>
  `pbkdf2-sha256$${iterations}$${salt.toString('base64')}$${pbkdf2Sync(pin, salt, iterations, 32, 'sha256').toString('base64')}`;

describe('PIN hash format', () => {
  it('parses what the CRM writes and formats it back identically', () => {
    const encoded = nodeHash('1111', 100_000, Buffer.from('0123456789abcdef'));
    const p = parsePinHash(encoded);
    expect(p?.scheme).toBe('pbkdf2-sha256');
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
          const back = parsePinHash(formatPinHash({ scheme: 'pbkdf2-sha256', iterations, salt, hash }));
          expect(back).toEqual({ scheme: 'pbkdf2-sha256', iterations, salt, hash });
        },
      ),
    );
  });
});

describe('argon2id verifier format', () => {
  const salt = Buffer.alloc(16, 7).toString('base64');
  const hash = Buffer.alloc(32, 1).toString('base64');
  it('parses the cost out of the string and formats it back identically', () => {
    const encoded = `argon2id$v=19$m=65536,t=2,p=1$${salt}$${hash}`;
    expect(parsePinHash(encoded)).toMatchObject({
      scheme: 'argon2id',
      memoryKiB: 65536,
      iterations: 2,
      parallelism: 1,
    });
    expect(formatPinHash(parsePinHash(encoded)!)).toBe(encoded);
  });

  it('refuses other versions, trivial or absurd costs, short salts and damaged fields', () => {
    expect(parsePinHash(`argon2id$v=16$m=65536,t=2,p=1$${salt}$${hash}`)).toBeNull();
    expect(parsePinHash(`argon2i$v=19$m=65536,t=2,p=1$${salt}$${hash}`)).toBeNull();
    expect(parsePinHash(`argon2id$v=19$m=512,t=2,p=1$${salt}$${hash}`)).toBeNull();
    expect(parsePinHash(`argon2id$v=19$m=65536,t=0,p=1$${salt}$${hash}`)).toBeNull();
    expect(parsePinHash(`argon2id$v=19$m=${MAX_ARGON2.memoryKiB + 1},t=2,p=1$${salt}$${hash}`)).toBeNull();
    expect(parsePinHash(`argon2id$v=19$m=65536,t=2$${salt}$${hash}`)).toBeNull();
    expect(parsePinHash(`argon2id$v=19$m=65536,t=2,p=1$AAAA$${hash}`)).toBeNull();
    expect(
      parsePinHash(`argon2id$v=19$m=65536,t=2,p=1$${salt}$${Buffer.alloc(31).toString('base64')}`),
    ).toBeNull();
    expect(parsePinHash(`argon2id$v=19$m=65536,t=2,p=1$${salt}`)).toBeNull();
  });
});

describe('PIN policy', () => {
  it("refuses a manager's PIN under 6 digits, and any PIN outside 4-8 digits", () => {
    expect(pinPolicyError('1234', 'manager')).toBe('managerTooShort');
    expect(pinPolicyError('12345', 'manager')).toBe('managerTooShort');
    expect(pinPolicyError('135790', 'manager')).toBeNull();
    expect(pinPolicyError('1357', 'cashier')).toBeNull();
    expect(pinPolicyError('123', 'cashier')).toBe('format');
    expect(pinPolicyError('123456789', 'manager')).toBe('format');
  });

  it('the demo managers follow the policy too', () => {
    for (const s of DEMO_STAFF) expect(pinPolicyError(s.pin, s.role)).toBeNull();
  });

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

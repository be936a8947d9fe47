import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createUuidv7Generator, isUuidv7, uuidv7, uuidv7Timestamp } from './ids';

describe('uuidv7', () => {
  it('lays out timestamp, version 7 and variant 10 (RFC 9562)', () => {
    // RFC 9562 appendix A.6 example: 2022-02-22 19:22:22 UTC = 0x017F22E279B0
    const id = uuidv7(
      0x017f22e279b0,
      new Uint8Array([0xc, 0xc3, 0x18, 0xc4, 0xdc, 0x0c, 0x0c, 0x07, 0x39, 0x8f]),
    );
    expect(id).toBe('017f22e2-79b0-7cc3-98c4-dc0c0c07398f');
    expect(isUuidv7(id)).toBe(true);
    expect(uuidv7Timestamp(id)).toBe(0x017f22e279b0);
  });

  it('zero and all-ones random bytes', () => {
    expect(uuidv7(0, new Uint8Array(10))).toBe('00000000-0000-7000-8000-000000000000');
    expect(uuidv7(2 ** 48 - 1, new Uint8Array(10).fill(255))).toBe('ffffffff-ffff-7fff-bfff-ffffffffffff');
  });

  it('refuses bad input', () => {
    expect(() => uuidv7(-1, new Uint8Array(10))).toThrow(RangeError);
    expect(() => uuidv7(2 ** 48, new Uint8Array(10))).toThrow(RangeError);
    expect(() => uuidv7(1.5, new Uint8Array(10))).toThrow(RangeError);
    expect(() => uuidv7(1, new Uint8Array(9))).toThrow(RangeError);
  });

  it('property: always a valid v7 whose timestamp reads back and whose text order follows time', () => {
    const ms = fc.integer({ min: 0, max: 2 ** 48 - 1 });
    const bytes = fc.uint8Array({ minLength: 10, maxLength: 16 });
    fc.assert(
      fc.property(ms, ms, bytes, bytes, (a, b, ra, rb) => {
        const ia = uuidv7(a, ra);
        const ib = uuidv7(b, rb);
        expect(isUuidv7(ia)).toBe(true);
        expect(uuidv7Timestamp(ia)).toBe(a);
        if (a < b) expect(ia < ib).toBe(true);
      }),
    );
  });
});

describe('isUuidv7', () => {
  it('rejects other versions, variants and shapes', () => {
    expect(isUuidv7('017f22e2-79b0-4cc3-98c4-dc0c0c07398f')).toBe(false); // v4
    expect(isUuidv7('017f22e2-79b0-7cc3-c8c4-dc0c0c07398f')).toBe(false); // variant 110
    expect(isUuidv7('017f22e279b07cc398c4dc0c0c07398f')).toBe(false);
    expect(isUuidv7('')).toBe(false);
    expect(isUuidv7('017F22E2-79B0-7CC3-98C4-DC0C0C07398F')).toBe(true);
    expect(uuidv7Timestamp('nope')).toBeNull();
  });
});

describe('createUuidv7Generator', () => {
  it('stays strictly increasing when the clock stalls or goes back', () => {
    const clock = [1000, 1000, 1000, 999, 500, 2000, 2000];
    let i = 0;
    let r = 0;
    const gen = createUuidv7Generator({
      now: () => clock[Math.min(i++, clock.length - 1)]!,
      randomBytes: (n) => new Uint8Array(n).fill(r++ % 2 ? 0xff : 0x00),
    });
    const ids = clock.map(() => gen());
    for (let k = 1; k < ids.length; k++) expect(ids[k]! > ids[k - 1]!).toBe(true);
    expect(ids.every(isUuidv7)).toBe(true);
    expect(uuidv7Timestamp(ids[4]!)).toBe(1000); // clock went back: keeps the last timestamp
    expect(uuidv7Timestamp(ids[5]!)).toBe(2000);
  });

  it('carries into the next ms when the random bits overflow', () => {
    const gen = createUuidv7Generator({ now: () => 7, randomBytes: (n) => new Uint8Array(n).fill(0xff) });
    const a = gen();
    const b = gen();
    expect(uuidv7Timestamp(a)).toBe(7);
    expect(uuidv7Timestamp(b)).toBe(8);
    expect(b > a).toBe(true);
  });

  it('property: any clock sequence gives strictly increasing unique ids', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 200 }),
        fc.integer(),
        (times, seed) => {
          let i = 0;
          let s = seed;
          const gen = createUuidv7Generator({
            now: () => times[i++ % times.length]!,
            randomBytes: (n) => Uint8Array.from({ length: n }, () => (s = (s * 1103515245 + 12345) & 0xff)),
          });
          let prev = '';
          for (let k = 0; k < times.length; k++) {
            const id = gen();
            expect(id > prev).toBe(true);
            prev = id;
          }
        },
      ),
    );
  });
});

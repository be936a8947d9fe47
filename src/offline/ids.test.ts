import { describe, expect, it } from 'vitest';
import { isUuidv7, uuidv7Timestamp } from '../domain/ids';
import { newId } from './ids';

describe('newId', () => {
  it('makes distinct UUIDv7s carrying the given time', () => {
    const ids = Array.from({ length: 1000 }, () => newId(1_764_000_000_000));
    expect(new Set(ids).size).toBe(1000);
    for (const id of ids) {
      expect(isUuidv7(id)).toBe(true);
      expect(uuidv7Timestamp(id)).toBe(1_764_000_000_000);
    }
  });

  it('sorts by creation time across milliseconds', () => {
    const a = newId(1000);
    const b = newId(1001);
    expect(a < b).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { requestPersistentStorage, storageEstimate } from './storage';

describe('requestPersistentStorage', () => {
  it('says unsupported where there is no StorageManager', async () => {
    expect(await requestPersistentStorage(undefined)).toEqual({ supported: false, persisted: false });
    expect(await storageEstimate(undefined)).toEqual({ supported: false });
  });

  it('asks only when not yet persisted', async () => {
    let asked = 0;
    const already = { persisted: async () => true, persist: async () => (asked++, true) };
    expect(await requestPersistentStorage(already)).toEqual({ supported: true, persisted: true });
    expect(asked).toBe(0);
    const granted = { persisted: async () => false, persist: async () => (asked++, true) };
    expect(await requestPersistentStorage(granted)).toEqual({ supported: true, persisted: true });
    expect(asked).toBe(1);
    const refused = { persisted: async () => false, persist: async () => false };
    expect(await requestPersistentStorage(refused)).toEqual({ supported: true, persisted: false });
  });

  it('never throws', async () => {
    const broken = {
      persisted: async () => {
        throw new Error('SecurityError');
      },
      persist: async () => true,
    };
    expect(await requestPersistentStorage(broken)).toEqual({ supported: true, persisted: false });
  });

  it('reports usage and quota', async () => {
    expect(await storageEstimate({ estimate: async () => ({ usage: 10, quota: 100 }) })).toEqual({
      supported: true,
      usageBytes: 10,
      quotaBytes: 100,
    });
  });
});

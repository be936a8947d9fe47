import { describe, expect, it } from 'vitest';
import { SYNC_RUNNER_LOCK, withExclusiveLock, type LockManagerLike } from './locks';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('withExclusiveLock (fallback without navigator.locks)', () => {
  it('runs holders of the same lock one after another', async () => {
    const order: string[] = [];
    const gate = deferred();
    const first = withExclusiveLock('t-serial', async () => {
      order.push('first start');
      await gate.promise;
      order.push('first end');
      return 1;
    });
    const second = withExclusiveLock('t-serial', async () => {
      order.push('second');
      return 2;
    });
    await Promise.resolve();
    gate.resolve();
    expect(await first).toEqual({ acquired: true, value: 1 });
    expect(await second).toEqual({ acquired: true, value: 2 });
    expect(order).toEqual(['first start', 'first end', 'second']);
  });

  it('gives up at once with ifAvailable while another holds the lock', async () => {
    const gate = deferred();
    const holder = withExclusiveLock(SYNC_RUNNER_LOCK, () => gate.promise);
    expect(await withExclusiveLock(SYNC_RUNNER_LOCK, async () => 'ran', { ifAvailable: true })).toEqual({
      acquired: false,
    });
    gate.resolve();
    await holder;
    expect(await withExclusiveLock(SYNC_RUNNER_LOCK, async () => 'ran', { ifAvailable: true })).toEqual({
      acquired: true,
      value: 'ran',
    });
  });

  it('releases the lock when the holder throws', async () => {
    await expect(
      withExclusiveLock('t-throw', async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await withExclusiveLock('t-throw', async () => 'ok', { ifAvailable: true })).toEqual({
      acquired: true,
      value: 'ok',
    });
  });
});

describe('withExclusiveLock with a Web Locks manager', () => {
  it('asks for an exclusive lock and maps a refused ifAvailable request', async () => {
    const requests: { name: string; options: LockOptions }[] = [];
    let held = false;
    const manager: LockManagerLike = {
      async request(name, options, callback) {
        requests.push({ name, options });
        if (held && options.ifAvailable) return callback(null);
        held = true;
        try {
          return await callback({ name, mode: 'exclusive' } as Lock);
        } finally {
          held = false;
        }
      },
    };
    const gate = deferred();
    const holder = withExclusiveLock('pos-sync-runner', () => gate.promise, { lockManager: manager });
    expect(
      await withExclusiveLock('pos-sync-runner', async () => 1, { ifAvailable: true, lockManager: manager }),
    ).toEqual({
      acquired: false,
    });
    gate.resolve();
    expect(await holder).toEqual({ acquired: true, value: undefined });
    expect(requests).toEqual([
      { name: 'pos-sync-runner', options: { mode: 'exclusive', ifAvailable: false } },
      { name: 'pos-sync-runner', options: { mode: 'exclusive', ifAvailable: true } },
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { createGate } from './admission';
import { openPgliteDb } from './db';
import { migrate } from './migrate';
import { createCrmServer } from './server';

describe('admission gate', () => {
  it('admits up to maxConcurrent, queues up to maxQueue, and turns the rest away', async () => {
    const g = createGate({ maxConcurrent: 2, maxQueue: 1, queueTimeoutMs: 60_000, retryAfterS: 1 });
    expect(await g.enter()).toBe(true);
    expect(await g.enter()).toBe(true);
    const third = g.enter();
    expect(await g.enter()).toBe(false); // queue full
    expect(g.stats()).toMatchObject({ active: 2, queued: 1, rejected: 1 });
    g.leave();
    expect(await third).toBe(true); // the slot went to the waiter
    expect(g.stats()).toMatchObject({ active: 2, queued: 0, admitted: 3 });
    g.leave();
    g.leave();
    expect(g.stats().active).toBe(0);
  });

  it('gives up on a waiter after the queue timeout', async () => {
    const g = createGate({ maxConcurrent: 1, maxQueue: 5, queueTimeoutMs: 5, retryAfterS: 1 });
    expect(await g.enter()).toBe(true);
    expect(await g.enter()).toBe(false);
    expect(g.stats()).toMatchObject({ queued: 0, rejected: 1 });
  });

  it('never lets active go negative on an unmatched leave', () => {
    const g = createGate({ maxConcurrent: 1, maxQueue: 0, queueTimeoutMs: 5, retryAfterS: 1 });
    g.leave();
    expect(g.stats().active).toBe(0);
  });
});

describe('admission on the CRM server', () => {
  async function serve(admission: Parameters<typeof createCrmServer>[0]['admission']) {
    const db = await openPgliteDb();
    await migrate(db);
    const app = await createCrmServer({ db, ...(admission ? { admission } : {}) });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    return { url, close: async () => (await app.close(), await db.close()) };
  }
  const gate = (maxConcurrent: number, maxQueue: number) => ({
    maxConcurrent,
    maxQueue,
    queueTimeoutMs: 1000,
    retryAfterS: 3,
  });

  it('sheds pushes with 429 and Retry-After before reading them, while pulls still get in', async () => {
    const crm = await serve({ write: gate(0, 0), read: gate(4, 4) });
    try {
      const push = await fetch(`${crm.url}/api/v1/push`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      expect(push.status).toBe(429);
      expect(push.headers.get('retry-after')).toBe('3');
      expect(((await push.json()) as { code: string }).code).toBe('busy');
      const pull = await fetch(`${crm.url}/api/v1/pull?stream=catalog`);
      expect(pull.status).toBe(401); // admitted, then refused for want of a credential
    } finally {
      await crm.close();
    }
  });

  it('gives every slot back when a request ends', async () => {
    const crm = await serve({ write: gate(1, 0), read: gate(1, 0) });
    try {
      for (let i = 0; i < 5; i++) {
        const r = await fetch(`${crm.url}/api/v1/push`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        });
        expect(r.status).not.toBe(429);
        await r.arrayBuffer();
      }
    } finally {
      await crm.close();
    }
  });
});

import { Dexie } from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { openLedger } from './db';

describe('ledger upgrade to store-qualified mutation ids', () => {
  it('renames pending records and leaves acknowledged ones as the CRM knows them', async () => {
    const idb = { indexedDB: new IDBFactory(), IDBKeyRange };
    const old = new Dexie('ledger-up', idb);
    old.version(5).stores({
      outbox: 'seq, &mutationId, state, [state+seq], entityId, createdAt',
      terminal: 'key',
    });
    await old.table('terminal').put({ key: 'storeId', value: 'S001' });
    await old.table('outbox').bulkPut([
      { seq: 1, mutationId: 'T02.1.1', state: 'acked' },
      { seq: 2, mutationId: 'T02.1.2', state: 'pending' },
      { seq: 3, mutationId: 'T02.1.3', state: 'rejected' },
    ]);
    old.close();
    const ledger = openLedger('ledger-up', idb);
    const ids = (await ledger.outbox.toArray()).map((r) => r.mutationId);
    expect(ids).toEqual(['T02.1.1', 'S001.T02.1.2', 'S001.T02.1.3']);
    ledger.close();
  });
});

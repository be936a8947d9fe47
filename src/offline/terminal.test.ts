import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { freshLedger, TEST_TERMINAL } from './testSupport';
import {
  getOrCreateTerminalIdentity,
  readTerminalIdentity,
  requireTerminalIdentity,
  TerminalNotEnrolledError,
} from './terminal';

describe('terminal identity', () => {
  it('stores the defaults once and never overwrites them', async () => {
    const ledger = await freshLedger(false);
    expect(await readTerminalIdentity(ledger)).toBeUndefined();
    const first = await getOrCreateTerminalIdentity(ledger, {
      storeId: 'S001',
      storeName: '王府井店',
      terminalId: 'T01',
    });
    expect(first).toEqual({
      storeId: 'S001',
      storeName: '王府井店',
      terminalId: 'T01',
      epoch: 1,
      timeZone: 'Asia/Shanghai',
    });
    const second = await getOrCreateTerminalIdentity(ledger, {
      storeId: 'S999',
      storeName: 'x',
      terminalId: 'T99',
      epoch: 7,
    });
    expect(second).toEqual(first);
    expect(await requireTerminalIdentity(ledger)).toEqual(first);
  });

  it('refuses a missing or damaged identity with a clear error', async () => {
    const ledger = await freshLedger(false);
    await expect(requireTerminalIdentity(ledger)).rejects.toBeInstanceOf(TerminalNotEnrolledError);
    await ledger.terminal.put({ key: 'terminalId', value: 'T01' });
    await expect(readTerminalIdentity(ledger)).rejects.toThrow(/damaged/);
  });

  it('rejects bad defaults instead of storing them', async () => {
    const ledger = await freshLedger(false);
    await expect(getOrCreateTerminalIdentity(ledger, { ...TEST_TERMINAL, epoch: 0 })).rejects.toThrow();
    expect(await ledger.terminal.count()).toBe(0);
  });
});

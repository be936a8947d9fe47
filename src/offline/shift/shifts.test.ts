import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { MUTATION_PAYLOAD_SCHEMAS } from '../../shared/crm/mutations';
import { newId } from '../ids';
import { markAcked } from '../outbox';
import { commitSale, verifyLedgerIntegrity } from '../sales';
import { fixedClock, freshLedger, saleDraft } from '../testSupport';
import {
  closeShift,
  currentShift,
  lastClosedShift,
  openShift,
  recordCashMove,
  ShiftError,
  xReport,
  zSyncState,
} from './shifts';

const clock = fixedClock('2026-11-25T02:00:00.000Z');
const FLOAT = { note100: 2, note10: 5, coin1: 10 }; // 200 + 50 + 10 = 260 yuan

async function openedLedger() {
  const ledger = await freshLedger();
  const shift = await openShift(
    ledger,
    { id: newId(), cashierId: 'E1002', cashierName: '测试收银甲', floatCounts: FLOAT },
    clock,
  );
  return { ledger, shift };
}

describe('shifts on the till', () => {
  it('opens with a counted float, writes shift.opened with it, and refuses a second open shift', async () => {
    const { ledger, shift } = await openedLedger();
    expect(shift).toMatchObject({ state: 'open', floatFen: 26000, businessDate: '2026-11-25', openSeq: 1 });
    const [record] = await ledger.outbox.toArray();
    expect(record).toMatchObject({
      seq: 1,
      type: 'shift.opened',
      entityId: shift.id,
      mutationId: 'S001.T01.1.1',
    });
    expect(MUTATION_PAYLOAD_SCHEMAS['shift.opened'].parse(record!.payload)).toMatchObject({
      openingFloatFen: 26000,
      denominations: FLOAT,
    });
    // Same id again: the same shift, nothing written twice.
    expect(
      await openShift(
        ledger,
        { id: shift.id, cashierId: 'E1002', cashierName: 'x', floatCounts: FLOAT },
        clock,
      ),
    ).toEqual(shift);
    await expect(
      openShift(ledger, { id: newId(), cashierId: 'E1003', cashierName: 'y', floatCounts: {} }, clock),
    ).rejects.toMatchObject({ code: 'alreadyOpen' });
    await expect(
      openShift(await freshLedger(), {
        id: newId(),
        cashierId: 'E',
        cashierName: 'y',
        floatCounts: { note3: 1 },
      }),
    ).rejects.toBeInstanceOf(ShiftError);
    expect(await ledger.outbox.count()).toBe(1);
  });

  it('records pay-ins, pay-outs (with a reason) and drops, each with its outbox record', async () => {
    const { ledger, shift } = await openedLedger();
    await recordCashMove(
      ledger,
      { id: newId(), kind: 'payIn', amountFen: 5000, reason: '补零钱', staffId: 'E1002' },
      clock,
    );
    const payOut = await recordCashMove(
      ledger,
      { id: newId(), kind: 'payOut', amountFen: 1200, reason: '买胶带', staffId: 'E1002' },
      clock,
    );
    await recordCashMove(
      ledger,
      { id: newId(), kind: 'drop', amountFen: 10000, reason: '', staffId: 'E1002' },
      clock,
    );
    await expect(
      recordCashMove(ledger, { id: newId(), kind: 'payOut', amountFen: 100, reason: '  ', staffId: 'E1002' }),
    ).rejects.toMatchObject({ code: 'reasonRequired' });
    await expect(
      recordCashMove(ledger, { id: newId(), kind: 'payIn', amountFen: 12.5, reason: 'x', staffId: 'E1002' }),
    ).rejects.toMatchObject({ code: 'badAmount' });
    expect(await recordCashMove(ledger, { ...payOut, reason: payOut.reason }, clock)).toEqual(payOut);
    const records = await ledger.outbox.orderBy('seq').toArray();
    // Each move is in the audit log too (issue 15), written in the move's own transaction.
    expect(records.map((r) => r.type)).toEqual([
      'shift.opened',
      'cash.moved',
      'audit.appended',
      'cash.moved',
      'audit.appended',
      'cash.moved',
      'audit.appended',
    ]);
    expect(
      (await ledger.audit.orderBy('index').toArray()).map((e) => [e.action, e.detail.amountFen]),
    ).toEqual([
      ['cash.payIn', 5000],
      ['cash.payOut', 1200],
      ['cash.drop', 10000],
    ]);
    // A pay-out or drop over the limit needs a manager's approval with its proof.
    await expect(
      recordCashMove(
        ledger,
        { id: newId(), kind: 'payOut', amountFen: 100_000_000, reason: '备用金', staffId: 'E1002' },
        clock,
      ),
    ).rejects.toMatchObject({ code: 'approvalRequired' });
    for (const r of records) expect(MUTATION_PAYLOAD_SCHEMAS[r.type].safeParse(r.payload).success).toBe(true);
    expect((await xReport(ledger, clock)).cash).toMatchObject({
      floatFen: 26000,
      payInsFen: 5000,
      payOutsFen: 1200,
      dropsFen: 10000,
      expectedFen: 26000 + 5000 - 1200 - 10000,
    });
    expect(shift.id).toBe((await currentShift(ledger))?.id);
  });

  it('X reads the shift without closing it; Z closes it with the next number and a frozen report', async () => {
    const { ledger, shift } = await openedLedger();
    const sale = await commitSale(ledger, saleDraft({ shiftId: shift.id }), clock);
    await commitSale(ledger, saleDraft(), clock); // a sale of no shift (the gate was off) stays out
    const x = await xReport(ledger, clock);
    expect(x).toMatchObject({
      kind: 'X',
      saleCount: 1,
      salesTotalFen: 13980,
      firstReceiptNo: sale.receiptNo,
    });
    expect(x.cash.expectedFen).toBe(26000 + 13980);
    expect((await currentShift(ledger))?.state).toBe('open');

    // Blind count exact: balanced, no approval needed.
    const closed = await closeShift(
      ledger,
      {
        shiftId: shift.id,
        closedBy: 'E1002',
        counts: { note100: 3, note20: 4, note10: 1, note5: 1, note1: 4, coin1j: 8 },
      },
      clock,
    );
    expect(closed).toMatchObject({ state: 'closed', zNo: 1, closeSeq: 4 });
    expect(closed.z).toMatchObject({
      kind: 'Z',
      zNo: 1,
      saleCount: 1,
      count: { countedFen: 39980, varianceFen: 0 },
    });
    const record = await ledger.outbox.get(4);
    const payload = MUTATION_PAYLOAD_SCHEMAS['shift.closed'].parse(record!.payload);
    expect(payload).toMatchObject({
      zNo: 1,
      saleCount: 1,
      salesTotalFen: 13980,
      cashExpectedFen: 39980,
      cashCountedFen: 39980,
      varianceFen: 0,
      byTender: [{ kind: 'cash', amountFen: 13980, count: 1 }],
    });
    expect(await currentShift(ledger)).toBeUndefined();
    expect(await closeShift(ledger, { shiftId: shift.id, closedBy: 'E1002', counts: {} }, clock)).toEqual(
      closed,
    );
    await expect(xReport(ledger, clock)).rejects.toMatchObject({ code: 'noOpenShift' });

    // The next shift's Z is number 2.
    const next = await openShift(
      ledger,
      { id: newId(), cashierId: 'E1003', cashierName: '乙', floatCounts: {} },
      clock,
    );
    const z2 = await closeShift(ledger, { shiftId: next.id, closedBy: 'E1003', counts: {} }, clock);
    expect(z2.zNo).toBe(2);
    expect((await lastClosedShift(ledger))?.id).toBe(next.id);
    expect(await verifyLedgerIntegrity(ledger)).toEqual({ ok: true, problems: [] });
  });

  it('a variance over the threshold needs a manager and a note', async () => {
    const { ledger, shift } = await openedLedger();
    const short = { note100: 2 }; // 60 yuan short of 260
    await expect(
      closeShift(ledger, { shiftId: shift.id, closedBy: 'E1002', counts: short }, clock),
    ).rejects.toMatchObject({
      code: 'approvalRequired',
    });
    await expect(
      closeShift(ledger, { shiftId: shift.id, closedBy: 'E1002', counts: short, approvedBy: 'E1001' }, clock),
    ).rejects.toMatchObject({ code: 'approvalRequired' });
    expect(await ledger.outbox.count()).toBe(1);
    const closed = await closeShift(
      ledger,
      { shiftId: shift.id, closedBy: 'E1002', counts: short, approvedBy: 'E1001', note: '找零多给' },
      clock,
    );
    expect(closed.z?.count).toMatchObject({ varianceFen: -6000, approvedBy: 'E1001', note: '找零多给' });
    // A small variance closes without approval.
    const other = await freshLedger();
    const s2 = await openShift(
      other,
      { id: newId(), cashierId: 'E', cashierName: 'x', floatCounts: { note10: 1 } },
      clock,
    );
    expect(
      (await closeShift(other, { shiftId: s2.id, closedBy: 'E', counts: { coin5j: 1 } }, clock)).z?.count
        ?.varianceFen,
    ).toBe(-950);
  });

  it('the Z awaits sync until the CRM acknowledged its record, then shows the verdict', async () => {
    const { ledger, shift } = await openedLedger();
    const closed = await closeShift(ledger, { shiftId: shift.id, closedBy: 'E1002', counts: FLOAT }, clock);
    expect(await zSyncState(ledger, closed)).toBe('awaitingSync');
    await markAcked(ledger, 1, { status: 'applied' });
    expect(await zSyncState(ledger, closed)).toBe('awaitingSync');
    await markAcked(ledger, closed.closeSeq!, { status: 'appliedWithConflict', issueIds: ['i1'] });
    expect(await zSyncState(ledger, closed)).toBe('mismatch');
    await markAcked(ledger, closed.closeSeq!, { status: 'applied' });
    expect(await zSyncState(ledger, closed)).toBe('accepted');
  });
});

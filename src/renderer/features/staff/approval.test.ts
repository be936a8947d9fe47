// The approval seam and the login flow with a real store, real Dexie (fake-indexeddb) and real PBKDF2.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_TERMINAL_CONFIG } from '../../../shared/config';
import { CatalogRepo } from '../../../offline/catalog';
import { openCache, openLedger, type CacheDb, type LedgerDb } from '../../../offline/db';
import { newId } from '../../../offline/ids';
import { SimulatedPaymentProvider } from '../../../offline/payment/simulator';
import { ensureDemoStaff, listAudit, listCachedStaff, verifyLocalAuditChain } from '../../../offline/staff';
import {
  badgeApprovalKey,
  OFFLINE_PIN_APPROVAL_CAP_FEN,
  toHex,
  verifyBadgeMac,
  type ApprovalProofData,
} from '../../../domain/staff/approvalProof';
import { getOrCreateTerminalIdentity } from '../../../offline/terminal';
import { WebPlatform } from '../../platform/WebPlatform';
import { ServicesHolder, type Extra } from '../../app/services';
import { createAppStore, type AppStore } from '../../app/store';
import { bootReady } from '../../app/uiSlice';
import { selectStaffGate } from '../session/sessionSlice';
import { approveWithBadge, approveWithPin, cancelApproval, requestApproval } from './approval';
import { approvalNoteChanged } from './staffSlice';
import { lockTill, login, switchCashier, unlockTill } from './staffThunks';

let n = 0;
let ledger: LedgerDb;
let cache: CacheDb;
let store: AppStore;
let services: ServicesHolder;

beforeEach(async () => {
  n += 1;
  ledger = openLedger(`staff-${n}-ledger`);
  cache = openCache(`staff-${n}-cache`);
  await ensureDemoStaff(cache, 'S001', 1000);
  const identity = await getOrCreateTerminalIdentity(ledger, {
    storeId: 'S001',
    storeName: '天河店',
    terminalId: 'T03',
  });
  const simulator = new SimulatedPaymentProvider({ wait: async () => undefined });
  const extra: Extra = { services: new ServicesHolder(), newId: () => newId(), now: () => new Date() };
  services = extra.services;
  extra.services.set({
    platform: new WebPlatform({ fetch: async () => new Response('', { status: 404 }) }),
    config: DEFAULT_TERMINAL_CONFIG,
    ledger,
    cache,
    catalog: new CatalogRepo(cache),
    payment: simulator,
    simulator,
    identity,
    ledgerName: ledger.name,
    cacheName: cache.name,
  });
  store = createAppStore(extra);
  store.dispatch(bootReady());
});

afterEach(() => {
  ledger.close();
  cache.close();
});

const actions = async () => (await listAudit(ledger, 50)).map((e) => e.action).reverse();

describe('login, lock, switch cashier', () => {
  it('starts at the login screen, logs in, locks and unlocks, switches cashier; all audited', async () => {
    expect(selectStaffGate(store.getState())).toBe('login');
    expect(await store.dispatch(login('1002', '0000'))).toBe(false);
    expect(store.getState().staff.login.error).toEqual({ key: 'staff.error.wrongPin', params: { n: 4 } });
    expect(await store.dispatch(login('1002', '1111'))).toBe(true);
    expect(store.getState().session).toMatchObject({
      cashierId: 'E1002',
      cashierName: '测试收银甲',
      role: 'cashier',
    });
    expect(selectStaffGate(store.getState())).toBeNull();
    await store.dispatch(lockTill());
    expect(selectStaffGate(store.getState())).toBe('locked');
    expect(await store.dispatch(unlockTill('1111'))).toBe(true);
    expect(await store.dispatch(switchCashier())).toBe(true);
    expect(selectStaffGate(store.getState())).toBe('login');
    expect(await actions()).toEqual([
      'staff.pinFailed',
      'staff.login',
      'till.locked',
      'till.unlocked',
      'staff.logout',
    ]);
    expect((await verifyLocalAuditChain(ledger)).ok).toBe(true);
  });

  it('floor staff cannot log in at a cashier till', async () => {
    expect(await store.dispatch(login('E1004', '3333'))).toBe(false);
    expect(store.getState().staff.login.error?.key).toBe('staff.error.roleNotAllowed');
  });
});

describe('requestApproval', () => {
  it("a cashier's request waits for a manager's PIN; a wrong PIN or a cashier's PIN does not pass", async () => {
    await store.dispatch(login('E1002', '1111'));
    const pending = store.dispatch(
      requestApproval({ action: 'noSaleDrawer', detail: { amountFen: 0 }, noteRequired: true }),
    );
    expect(store.getState().staff.approval).toMatchObject({
      action: 'noSaleDrawer',
      requestedBy: 'E1002',
      selfApprover: null,
    });
    expect(await store.dispatch(approveWithPin('E1001', '999999', ''))).toBe(false);
    expect(store.getState().staff.approvalError?.key).toBe('staff.approval.noteRequired');
    expect(await store.dispatch(approveWithPin('E1001', '1234', '换零钱'))).toBe(false);
    expect(store.getState().staff.approvalError?.key).toBe('staff.error.wrongPin');
    expect(await store.dispatch(approveWithPin('E1003', '2222', '换零钱'))).toBe(false);
    expect(store.getState().staff.approvalError?.key).toBe('staff.error.notManager');
    expect(await store.dispatch(approveWithPin('1005', '888888', '换零钱'))).toBe(true);
    const approval = await pending;
    expect(approval).toMatchObject({
      approverId: 'E1005',
      approverName: '测试值班经理',
      action: 'noSaleDrawer',
      note: '换零钱',
    });
    expect(store.getState().staff.approval).toBeNull();
    const granted = (await listAudit(ledger, 1))[0]!;
    expect(granted).toMatchObject({
      action: 'approval.granted',
      actorId: 'E1002',
      approvedBy: 'E1005',
      detail: { action: 'noSaleDrawer', via: 'pin', note: '换零钱', amountFen: 0 },
    });
    expect(approval?.auditEntryId).toBe(granted.entryId);
  });

  it("a manager's badge scan approves, with the note typed in the overlay", async () => {
    await store.dispatch(login('E1002', '1111'));
    const pending = store.dispatch(
      requestApproval({ action: 'refund', detail: { receiptNo: 'S001-T03-20261125-0007' } }),
    );
    store.dispatch(approvalNoteChanged('顾客退货'));
    expect(await store.dispatch(approveWithBadge('SB1.E1001.NOTTHEREALONE1', '顾客退货'))).toBe(false);
    expect(await store.dispatch(approveWithBadge('SB1.E1001.DEMO7Q2M9X4K8P', '顾客退货'))).toBe(true);
    expect(await pending).toMatchObject({ approverId: 'E1001', note: '顾客退货' });
  });

  it('cancelled, the caller gets null and the cancellation is recorded', async () => {
    await store.dispatch(login('E1002', '1111'));
    const pending = store.dispatch(requestApproval({ action: 'priceOverride', detail: {} }));
    await store.dispatch(cancelApproval());
    expect(await pending).toBeNull();
    expect((await actions()).at(-1)).toBe('approval.cancelled');
  });

  it('a newer request replaces an open one, which resolves null', async () => {
    await store.dispatch(login('E1002', '1111'));
    const first = store.dispatch(requestApproval({ action: 'refund', detail: {} }));
    const second = store.dispatch(requestApproval({ action: 'priceOverride', detail: {} }));
    expect(await first).toBeNull();
    expect(store.getState().staff.approval?.action).toBe('priceOverride');
    await store.dispatch(approveWithPin('E1001', '999999', ''));
    expect(await second).toMatchObject({ approverId: 'E1001', action: 'priceOverride' });
  });

  it('a logged-in manager approves by their session, without the overlay, and it is recorded', async () => {
    await store.dispatch(login('E1001', '999999'));
    const a = await store.dispatch(
      requestApproval({ action: 'resolveIssue', detail: { decision: 'accept' } }),
    );
    expect(a).toMatchObject({ approverId: 'E1001', action: 'resolveIssue' });
    expect(store.getState().staff.approval).toBeNull();
    expect((await listAudit(ledger, 1))[0]).toMatchObject({
      action: 'approval.granted',
      actorId: 'E1001',
      approvedBy: 'E1001',
      detail: { via: 'session', decision: 'accept' },
    });
  });
});

describe('approvals the CRM verifies (decision 0040)', () => {
  const refundBinding = (amountFen: number) => ({
    action: 'refund' as const,
    subjectId: newId(),
    amountFen,
  });

  it('offline, a badge signs the claim with a key the till never stores; a PIN is unconfirmed and capped', async () => {
    await store.dispatch(login('E1002', '1111'));
    const binding = refundBinding(OFFLINE_PIN_APPROVAL_CAP_FEN + 1);
    const big = store.dispatch(requestApproval({ action: 'refund', detail: {}, proofFor: binding }));
    // Over the cap a PIN is refused with the hint to scan the badge; the badge then approves.
    expect(await store.dispatch(approveWithPin('E1001', '999999', ''))).toBe(false);
    expect(store.getState().staff.approvalError).toEqual({
      key: 'staff.approval.overOfflineCap',
      params: { amount: OFFLINE_PIN_APPROVAL_CAP_FEN },
    });
    expect(await store.dispatch(approveWithBadge('SB1.E1001.DEMO7Q2M9X4K8P', ''))).toBe(true);
    const a = (await big)!;
    expect(a.proof).toMatchObject({ kind: 'badge', approverId: 'E1001', ...binding, storeId: 'S001' });
    const { kind: _k, mac, ...claim } = a.proof as Extract<ApprovalProofData, { kind: 'badge' }>;
    // The CRM's check: the key derived from the badge code verifies, the badge hash the till keeps does not.
    expect(verifyBadgeMac(toHex(badgeApprovalKey('SB1.E1001.DEMO7Q2M9X4K8P')), claim, mac)).toBe(true);
    const cached = (await listCachedStaff(cache)).staff.find((s) => s.id === 'E1001')!;
    expect(verifyBadgeMac(cached.badgeHash!, claim, mac)).toBe(false);

    const small = store.dispatch(
      requestApproval({ action: 'refund', detail: {}, proofFor: refundBinding(500) }),
    );
    expect(await store.dispatch(approveWithPin('E1001', '999999', ''))).toBe(true);
    expect((await small)?.proof).toMatchObject({ kind: 'pin', approverId: 'E1001', amountFen: 500 });
    expect((await listAudit(ledger, 1))[0]).toMatchObject({
      action: 'approval.granted',
      detail: { via: 'pin', proof: 'pin' },
    });
  });

  it('online, the CRM checks the PIN and signs; its refusal or lock is final, no offline proof instead', async () => {
    const asked: unknown[] = [];
    let answer: unknown = {
      ok: true,
      value: {
        proof: { kind: 'online', token: 'AP1.e30.sig' },
        approverId: 'E1001',
        approverName: '测试店长',
        expiresAt: new Date().toISOString(),
      },
    };
    services.set({
      ...services.get(),
      sync: {
        runner: { wake: () => undefined } as never,
        client: {
          request: async (_m: string, path: string, _s: unknown, body: unknown) => {
            asked.push({ path, body });
            return answer;
          },
        } as never,
      },
    });
    await store.dispatch(login('E1002', '1111'));
    const binding = refundBinding(OFFLINE_PIN_APPROVAL_CAP_FEN * 10);
    const ok = store.dispatch(requestApproval({ action: 'refund', detail: {}, proofFor: binding }));
    expect(await store.dispatch(approveWithPin('E1001', '999999', ''))).toBe(true);
    expect((await ok)?.proof).toEqual({ kind: 'online', token: 'AP1.e30.sig' });
    expect(asked).toEqual([{ path: '/approvals', body: { ...binding, approverId: 'E1001', pin: '999999' } }]);

    answer = {
      ok: false,
      failure: { kind: 'transient', status: 429, code: 'approval-locked', detail: '', retryAfterMs: 600_000 },
    };
    const locked = store.dispatch(
      requestApproval({ action: 'refund', detail: {}, proofFor: refundBinding(100) }),
    );
    expect(await store.dispatch(approveWithPin('E1001', '999999', ''))).toBe(false);
    expect(store.getState().staff.approvalError).toEqual({
      key: 'staff.approval.crmLocked',
      params: { minutes: 10 },
    });
    answer = {
      ok: false,
      failure: { kind: 'deterministic', status: 403, code: 'approval-refused', detail: '' },
    };
    expect(await store.dispatch(approveWithBadge('SB1.E1001.DEMO7Q2M9X4K8P', ''))).toBe(false);
    expect(store.getState().staff.approvalError?.key).toBe('staff.approval.crmRefused');
    await store.dispatch(cancelApproval());
    expect(await locked).toBeNull();
    expect(await actions()).toContain('approval.refused');
  });

  it('a logged-in manager re-enters the PIN for an approval the CRM checks', async () => {
    await store.dispatch(login('E1001', '999999'));
    const pending = store.dispatch(
      requestApproval({
        action: 'resolveIssue',
        detail: {},
        proofFor: { action: 'resolveIssue', subjectId: 'I1', amountFen: 0 },
      }),
    );
    expect(store.getState().staff.approval).toMatchObject({ selfApprover: null });
    expect(await store.dispatch(approveWithPin('E1001', '999999', ''))).toBe(true);
    expect((await pending)?.proof).toMatchObject({ kind: 'pin', subjectId: 'I1' });
  });
});

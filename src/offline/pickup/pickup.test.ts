import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { PICKUP_TOKEN_PREFIX } from '../../domain/codes';
import { canonicalJson, sha256Hex } from '../../domain/hash';
import { newSigningKey, signToken } from '../../domain/signedToken';
import {
  PickupHandedOverPayloadSchema,
  PickupReadiedPayloadSchema,
  type PickupOrder,
} from '../../shared/crm';
import { newId } from '../ids';
import { commitSale, verifyLedgerIntegrity } from '../sales';
import { fixedClock, freshCache, freshLedger, saleDraft } from '../testSupport';
import type { PickupCrm } from './client';
import { commitHandover, commitReadyMark, type HandoverDraft } from './ledger';
import { cachedPickupByCode, markPickupsSeen, readCachedPickups } from './orders';
import { verifyPickup, type VerifyDeps } from './verify';

const NOW = '2026-11-25T10:00:00.000Z';
const clock = fixedClock(NOW);
const key = newSigningKey();
const nowS = Math.floor(Date.parse(NOW) / 1000);

function order(over: Partial<PickupOrder> = {}): PickupOrder {
  return {
    id: 'PO000001',
    storeId: 'S001',
    code: '30000007',
    customerNameMasked: '张**',
    phoneMasked: '138****1234',
    channel: 'online',
    state: 'ready',
    lines: [{ productId: 'P1', name: '伊利纯牛奶', qty: 2, amountFen: 1980, barcode: '6901234567892' }],
    totalFen: 1980,
    orderedAt: '2026-11-24T10:00:00.000Z',
    readyAt: '2026-11-24T12:00:00.000Z',
    pickupBy: '2026-11-27T12:00:00.000Z',
    ...over,
  };
}
const token = (o: PickupOrder, secret = key.secretKey, kid = 'k1') =>
  signToken(
    PICKUP_TOKEN_PREFIX,
    { sub: o.id, iat: nowS - 60, exp: nowS + 86_400, jti: o.id, kid, code: o.code, store: o.storeId },
    secret,
  );

async function setup(orders: PickupOrder[], over: Partial<VerifyDeps> = {}) {
  const ledger = await freshLedger();
  const cache = freshCache();
  await cache.streamItems.bulkPut(
    orders.map((o, i) => ({ gen: 'a', kind: 'pickupOrder', id: o.id, version: i + 1, data: o })),
  );
  const deps: VerifyDeps = {
    cache,
    ledger,
    crm: null,
    online: false,
    storeId: 'S001',
    now: () => new Date(NOW),
    publicKeys: async () => ({ k1: key.publicKey }),
    ...over,
  };
  return { ledger, cache, deps };
}

const draft = (o: PickupOrder, over: Partial<HandoverDraft> = {}): HandoverDraft => ({
  id: newId(),
  pickupOrderId: o.id,
  code: o.code,
  staffId: 'E1002',
  staffName: '测试收银甲',
  verifiedBy: 'typed',
  offline: true,
  collector: { kind: 'customer' },
  totalFen: o.totalFen,
  order: o,
  ...over,
});

describe('pickup handover in the ledger', () => {
  it('writes the handover and its outbox record together, after the sales in seq order', async () => {
    const o = order();
    const { ledger } = await setup([o]);
    await commitSale(ledger, saleDraft(), clock);
    const r = await commitHandover(
      ledger,
      draft(o, { collector: { kind: 'proxy', name: '李四', idLast4: '123X' } }),
      clock,
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.row).toMatchObject({ seq: 2, terminalId: 'T01', storeId: 'S001', handedOverAt: NOW });
    const record = (await ledger.outbox.get(2))!;
    expect(record).toMatchObject({
      type: 'pickup.handedOver',
      entityId: r.row.id,
      mutationId: 'S001.T01.1.2',
      state: 'pending',
    });
    expect(record.payloadHash).toBe(sha256Hex(canonicalJson(record.payload)));
    expect(PickupHandedOverPayloadSchema.parse(record.payload)).toMatchObject({
      pickupOrderId: o.id,
      offline: true,
      collector: { kind: 'proxy', name: '李四', idLast4: '123X' },
      totalFen: 1980,
    });
    expect((await verifyLedgerIntegrity(ledger)).problems).toEqual([]);
  });

  it('refuses a second handover of the same order here, and replays the same one', async () => {
    const o = order();
    const { ledger } = await setup([o]);
    const d = draft(o);
    const first = await commitHandover(ledger, d, clock);
    expect(await commitHandover(ledger, d, clock)).toMatchObject({ ok: true, replayed: true });
    const second = await commitHandover(ledger, draft(o), clock);
    expect(second).toMatchObject({ ok: false, reason: 'alreadyHandedOver' });
    expect(await ledger.outbox.count()).toBe(1);
    expect(first.ok).toBe(true);
  });

  it('marks ready once, with its outbox record', async () => {
    const o = order({ state: 'paid' });
    const { ledger } = await setup([o]);
    const a = await commitReadyMark(
      ledger,
      { id: newId(), pickupOrderId: o.id, code: o.code, staffId: 'E1004' },
      clock,
    );
    const b = await commitReadyMark(ledger, { id: newId(), pickupOrderId: o.id, staffId: 'E1004' }, clock);
    expect(a.created).toBe(true);
    expect(b).toEqual({ row: a.row, created: false });
    const record = (await ledger.outbox.toArray())[0]!;
    expect(record.type).toBe('pickup.readied');
    expect(PickupReadiedPayloadSchema.parse(record.payload)).toEqual({
      pickupOrderId: o.id,
      code: o.code,
      staffId: 'E1004',
      readiedAt: NOW,
    });
  });
});

describe('verifyPickup offline, against the cache', () => {
  it('accepts a typed code and a genuine QR of a ready order', async () => {
    const o = order();
    const { deps } = await setup([o]);
    expect(await verifyPickup(deps, { kind: 'code', code: o.code })).toMatchObject({
      ok: true,
      source: 'cache',
      verifiedBy: 'typed',
    });
    expect(await verifyPickup(deps, { kind: 'token', token: token(o) })).toMatchObject({
      ok: true,
      verifiedBy: 'qr',
    });
  });

  it('refuses every case with a reason and changes nothing', async () => {
    const ready = order();
    const paid = order({ id: 'PO2', code: '30000015', state: 'paid' });
    const cancelled = order({ id: 'PO3', code: '30000023', state: 'cancelled' });
    const overdue = order({ id: 'PO4', code: '30000031', pickupBy: '2026-11-25T09:00:00.000Z' });
    const done = order({
      id: 'PO5',
      code: '30000049',
      state: 'handedOver',
      handover: {
        at: '2026-11-25T09:30:00.000Z',
        storeId: 'S001',
        terminalId: 'T02',
        staffId: 'E1003',
        staffName: '测****',
      },
    });
    const { deps, ledger } = await setup([ready, paid, cancelled, overdue, done]);
    const v = (code: string) => verifyPickup(deps, { kind: 'code', code });
    expect(await v('99999997')).toMatchObject({ ok: false, reason: 'unknownCode' });
    expect(await v(paid.code)).toMatchObject({ reason: 'notReady' });
    expect(await v(cancelled.code)).toMatchObject({ reason: 'cancelled' });
    expect(await v(overdue.code)).toMatchObject({ reason: 'expired' });
    expect(await v(done.code)).toMatchObject({
      reason: 'alreadyHandedOver',
      handover: { terminalId: 'T02', staffName: '测****' },
    });
    const evil = newSigningKey();
    expect(await verifyPickup(deps, { kind: 'token', token: token(ready, evil.secretKey) })).toMatchObject({
      reason: 'forgedToken',
    });
    expect(
      await verifyPickup(deps, { kind: 'token', token: token(ready, evil.secretKey, 'kX') }),
    ).toMatchObject({ reason: 'forgedToken' });
    expect(
      await verifyPickup(deps, { kind: 'token', token: token({ ...ready, storeId: 'S002' }) }),
    ).toMatchObject({
      reason: 'otherStore',
      storeId: 'S002',
    });
    // A genuine token whose code does not match the cached order is not trusted.
    expect(
      await verifyPickup(deps, { kind: 'token', token: token({ ...ready, code: '30000015' }) }),
    ).toMatchObject({
      reason: 'forgedToken',
    });
    expect(await ledger.outbox.count()).toBe(0);
  });

  it('cannot check a QR offline without keys: says so instead of calling it forged', async () => {
    const o = order();
    const { deps } = await setup([o], { publicKeys: async () => ({}) });
    expect(await verifyPickup(deps, { kind: 'token', token: token(o) })).toMatchObject({
      ok: false,
      reason: 'cannotCheckOffline',
    });
  });

  it('counts its own unsynced handover and ready mark', async () => {
    const o = order();
    const paid = order({ id: 'PO2', code: '30000015', state: 'paid' });
    const { deps, ledger } = await setup([o, paid]);
    await commitHandover(ledger, draft(o), clock);
    expect(await verifyPickup(deps, { kind: 'code', code: o.code })).toMatchObject({
      reason: 'alreadyHandedOver',
      handover: { terminalId: 'T01', staffId: 'E1002', local: true },
    });
    await commitReadyMark(ledger, { id: newId(), pickupOrderId: paid.id, staffId: 'E1004' }, clock);
    expect(await verifyPickup(deps, { kind: 'code', code: paid.code })).toMatchObject({
      ok: true,
      order: { state: 'ready' },
    });
  });
});

describe('verifyPickup online', () => {
  const crm = (answer: Awaited<ReturnType<PickupCrm['verify']>>): PickupCrm & { calls: number } => {
    const c = { calls: 0, verify: async () => (c.calls++, answer) };
    return c;
  };

  it("lets the CRM's live order decide", async () => {
    const cached = order();
    const live = order({ state: 'handedOver', handover: { at: NOW, terminalId: 'T02' } });
    const fake = crm({ ok: true, value: { order: live } });
    const { deps } = await setup([cached], { crm: fake, online: true });
    expect(await verifyPickup(deps, { kind: 'code', code: cached.code })).toMatchObject({
      ok: false,
      reason: 'alreadyHandedOver',
      source: 'crm',
    });
    expect(fake.calls).toBe(1);
  });

  it("takes the CRM's verdict on a token", async () => {
    const { deps } = await setup([order()], {
      crm: crm({ ok: true, value: { order: null, token: 'forged' } }),
      online: true,
    });
    expect(await verifyPickup(deps, { kind: 'token', token: 'PK1.x.y' })).toMatchObject({
      reason: 'forgedToken',
      source: 'crm',
    });
  });

  it("names the store on the customer's own QR when the CRM shows no other store's order", async () => {
    const elsewhere = order({ id: 'PO-S002', storeId: 'S002' });
    const { deps } = await setup([], {
      crm: crm({ ok: true, value: { order: null, token: 'valid' } }),
      online: true,
    });
    expect(await verifyPickup(deps, { kind: 'token', token: token(elsewhere) })).toMatchObject({
      ok: false,
      reason: 'otherStore',
      storeId: 'S002',
      source: 'crm',
    });
    // A typed code carries no store: another store's code is an unknown one.
    const typed = await setup([], { crm: crm({ ok: true, value: { order: null } }), online: true });
    expect(await verifyPickup(typed.deps, { kind: 'code', code: elsewhere.code })).toMatchObject({
      reason: 'unknownCode',
    });
  });

  it('falls back to the cache when the CRM does not answer', async () => {
    const o = order();
    const fake = crm({ ok: false, failure: { kind: 'transient', code: 'timeout', detail: 'slow' } });
    const { deps } = await setup([o], { crm: fake, online: true });
    expect(await verifyPickup(deps, { kind: 'code', code: o.code })).toMatchObject({
      ok: true,
      source: 'cache',
    });
  });
});

describe('cached orders', () => {
  it('skips rows that break the contract and remembers which ones the queue has shown', async () => {
    const o = order();
    const { cache } = await setup([o]);
    await cache.streamItems.put({
      gen: 'a',
      kind: 'pickupOrder',
      id: 'BAD',
      version: 9,
      data: { id: 'BAD' },
    });
    const read = await readCachedPickups(cache);
    expect(read.orders.map((x) => x.id)).toEqual([o.id]);
    expect(read.unreadable).toEqual(['BAD']);
    expect((await cachedPickupByCode(cache, o.code))?.id).toBe(o.id);
    expect(await markPickupsSeen(cache, [o.id], new Date(NOW))).toEqual([o.id]);
    expect(await markPickupsSeen(cache, [o.id, 'PO9'], new Date(NOW))).toEqual(['PO9']);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PICKUP_TOKEN_PREFIX } from '../codes';
import { newSigningKey, signToken, verifyToken } from '../signedToken';
import {
  PICKUP_ORDER_STATES,
  canMove,
  checkOrder,
  effectiveState,
  isFinal,
  itemCheckTotals,
  needsOfflineApproval,
  parseCollector,
  pickupDeadline,
  readPickupToken,
  scanCheckItem,
  startItemCheck,
  tokenMatchesOrder,
  type OrderFacts,
} from './index';

const NOW = new Date('2026-11-25T10:00:00.000Z');
const order = (over: Partial<OrderFacts> = {}): OrderFacts => ({
  id: 'PO000001',
  storeId: 'S001',
  code: '30000007',
  state: 'ready',
  pickupBy: '2026-11-27T10:00:00.000Z',
  ...over,
});
const ctx = { storeId: 'S001', now: NOW };

describe('pickup life cycle', () => {
  it('moves forward only, and final states stay final', () => {
    expect(canMove('paid', 'preparing')).toBe(true);
    expect(canMove('preparing', 'ready')).toBe(true);
    expect(canMove('ready', 'handedOver')).toBe(true);
    expect(canMove('ready', 'expired')).toBe(true);
    expect(canMove('paid', 'expired')).toBe(false);
    expect(canMove('ready', 'paid')).toBe(false);
    for (const s of ['handedOver', 'cancelled', 'expired'] as const) {
      expect(isFinal(s)).toBe(true);
      for (const to of PICKUP_ORDER_STATES) expect(canMove(s, to)).toBe(false);
    }
  });

  it('computes the deadline from the ready time and the hold days', () => {
    expect(pickupDeadline('2026-11-25T10:00:00.000Z', 3)).toBe('2026-11-28T10:00:00.000Z');
    expect(pickupDeadline('2026-11-25T10:00:00.000Z', 7)).toBe('2026-12-02T10:00:00.000Z');
  });

  it('treats an overdue ready order as expired before the CRM sweeps it', () => {
    expect(effectiveState(order({ pickupBy: '2026-11-25T09:59:59.000Z' }), NOW)).toBe('expired');
    expect(effectiveState(order(), NOW)).toBe('ready');
    // Only a ready order expires by its deadline.
    expect(effectiveState(order({ state: 'paid', pickupBy: '2026-11-20T00:00:00.000Z' }), NOW)).toBe('paid');
  });

  it('asks for a manager only offline and above the threshold', () => {
    expect(needsOfflineApproval(60_000, false, 50_000)).toBe(true);
    expect(needsOfflineApproval(50_000, false, 50_000)).toBe(false);
    expect(needsOfflineApproval(60_000, true, 50_000)).toBe(false);
  });
});

describe('checkOrder: every refusal', () => {
  it('accepts a ready order of this store', () => {
    expect(checkOrder(order(), ctx)).toEqual({ ok: true, order: order() });
  });
  it('unknown code', () => {
    expect(checkOrder(undefined, ctx)).toMatchObject({ ok: false, reason: 'unknownCode' });
  });
  it('another store, naming it', () => {
    expect(checkOrder(order({ storeId: 'S002' }), ctx)).toMatchObject({
      ok: false,
      reason: 'otherStore',
      storeId: 'S002',
    });
  });
  it('not ready yet (paid, preparing)', () => {
    expect(checkOrder(order({ state: 'paid' }), ctx)).toMatchObject({ reason: 'notReady' });
    expect(checkOrder(order({ state: 'preparing' }), ctx)).toMatchObject({ reason: 'notReady' });
  });
  it('cancelled', () => {
    expect(checkOrder(order({ state: 'cancelled' }), ctx)).toMatchObject({ reason: 'cancelled' });
  });
  it('expired, recorded or overdue', () => {
    expect(checkOrder(order({ state: 'expired' }), ctx)).toMatchObject({ reason: 'expired' });
    expect(checkOrder(order({ pickupBy: '2026-11-24T00:00:00.000Z' }), ctx)).toMatchObject({
      reason: 'expired',
    });
  });
  it('already handed over: when, where and by whom', () => {
    const handover = { at: '2026-11-25T09:00:00.000Z', storeId: 'S001', terminalId: 'T02', staffId: 'E1003' };
    expect(checkOrder(order({ state: 'handedOver', handover }), ctx)).toMatchObject({
      ok: false,
      reason: 'alreadyHandedOver',
      handover,
    });
    // This till's own handover, not yet known to the CRM, counts too.
    const local = { ...handover, terminalId: 'T03', local: true };
    expect(checkOrder(order(), { ...ctx, localHandover: local })).toMatchObject({
      reason: 'alreadyHandedOver',
      handover: local,
    });
  });
  it('never accepts anything but a ready order of this store (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PICKUP_ORDER_STATES),
        fc.constantFrom('S001', 'S002'),
        fc.integer({ min: -5, max: 5 }),
        (state, storeId, days) => {
          const o = order({
            state,
            storeId,
            pickupBy: new Date(NOW.getTime() + days * 86_400_000).toISOString(),
          });
          const r = checkOrder(o, ctx);
          expect(r.ok).toBe(state === 'ready' && storeId === 'S001' && days >= 0);
        },
      ),
    );
  });
});

describe('pickup QR tokens', () => {
  const crm = newSigningKey();
  const other = newSigningKey();
  const keys = { k1: crm.publicKey };
  const nowS = Math.floor(NOW.getTime() / 1000);
  const claims = {
    sub: 'PO000001',
    iat: nowS - 60,
    exp: nowS + 3 * 86_400,
    jti: 'PO000001',
    kid: 'k1',
    code: '30000007',
    store: 'S001',
  };
  const read = (token: string) => readPickupToken(verifyToken(token, PICKUP_TOKEN_PREFIX, keys, nowS));

  it('reads a genuine token', () => {
    expect(read(signToken(PICKUP_TOKEN_PREFIX, claims, crm.secretKey))).toEqual({
      ok: true,
      orderId: 'PO000001',
      code: '30000007',
      storeId: 'S001',
    });
  });
  it('calls a token signed with another key forged', () => {
    expect(read(signToken(PICKUP_TOKEN_PREFIX, claims, other.secretKey))).toEqual({
      ok: false,
      reason: 'forgedToken',
    });
  });
  it('calls an edited token forged', () => {
    const token = signToken(PICKUP_TOKEN_PREFIX, claims, crm.secretKey);
    const forged = signToken(PICKUP_TOKEN_PREFIX, { ...claims, code: '30000015' }, other.secretKey);
    const spliced = forged.slice(0, forged.lastIndexOf('.')) + token.slice(token.lastIndexOf('.'));
    expect(read(spliced)).toMatchObject({ ok: false, reason: 'forgedToken' });
    expect(read('PK1.garbage')).toMatchObject({ ok: false, reason: 'forgedToken' });
  });
  it('calls a member token shown at the pickup counter forged', () => {
    expect(read(signToken('MT1.', claims, crm.secretKey))).toMatchObject({ reason: 'forgedToken' });
  });
  it('reads an expired token as an expired order', () => {
    const old = { ...claims, iat: nowS - 10 * 86_400, exp: nowS - 86_400 };
    expect(read(signToken(PICKUP_TOKEN_PREFIX, old, crm.secretKey))).toEqual({
      ok: false,
      reason: 'expired',
    });
  });
  it('refuses a genuine token without the pickup claims', () => {
    const { code: _c, ...bare } = claims;
    expect(read(signToken(PICKUP_TOKEN_PREFIX, bare, crm.secretKey))).toMatchObject({
      reason: 'forgedToken',
    });
  });
  it('matches a token with its order by id and code', () => {
    expect(tokenMatchesOrder({ orderId: 'PO1', code: '1' }, { id: 'PO1', code: '1' })).toBe(true);
    expect(tokenMatchesOrder({ orderId: 'PO1', code: '1' }, { id: 'PO1', code: '2' })).toBe(false);
  });
});

describe('item check', () => {
  const lines = [
    { productId: 'P1', name: '牛奶', qty: 2 },
    { productId: 'P2', name: '面包', qty: 1 },
  ];
  it('counts up per line and completes', () => {
    let c = startItemCheck(lines);
    for (const p of ['P1', 'P2', 'P1']) {
      const r = scanCheckItem(c, p);
      expect(r.kind).toBe('counted');
      c = r.check;
    }
    expect(itemCheckTotals(c)).toEqual({ scanned: 3, expected: 3, complete: true });
  });
  it('warns on a wrong item and on one too many, counting nothing', () => {
    const c = startItemCheck(lines);
    const wrong = scanCheckItem(c, 'P9');
    expect(wrong.kind).toBe('wrongItem');
    expect(itemCheckTotals(wrong.check).scanned).toBe(0);
    expect(scanCheckItem(c, undefined).kind).toBe('wrongItem');
    const once = scanCheckItem(c, 'P2').check;
    const twice = scanCheckItem(once, 'P2');
    expect(twice.kind).toBe('tooMany');
    expect(itemCheckTotals(twice.check)).toMatchObject({ scanned: 1, complete: false });
  });
  it('never counts past the ordered quantity (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('P1', 'P2', 'P3')), (scans) => {
        let c = startItemCheck(lines);
        for (const p of scans) c = scanCheckItem(c, p).check;
        for (const l of c.lines) expect(l.scanned).toBeLessThanOrEqual(l.qty);
        const expected =
          Math.min(2, scans.filter((s) => s === 'P1').length) +
          Math.min(1, scans.filter((s) => s === 'P2').length);
        expect(itemCheckTotals(c).scanned).toBe(expected);
      }),
    );
  });
});

describe('proxy pickup', () => {
  it('records the name and the last 4 of an ID', () => {
    expect(parseCollector({ proxy: true, name: '  李  四 ', idLast4: '123x' })).toEqual({
      ok: true,
      collector: { kind: 'proxy', name: '李 四', idLast4: '123X' },
    });
    expect(parseCollector({ proxy: false })).toEqual({ ok: true, collector: { kind: 'customer' } });
  });
  it('refuses a missing name or a bad ID tail', () => {
    expect(parseCollector({ proxy: true, name: '', idLast4: '1234' })).toEqual({
      ok: false,
      problem: 'nameMissing',
    });
    expect(parseCollector({ proxy: true, name: '李四', idLast4: '12' })).toEqual({
      ok: false,
      problem: 'idLast4Invalid',
    });
    expect(parseCollector({ proxy: true, name: '李四', idLast4: '12X4' })).toMatchObject({ ok: false });
  });
});

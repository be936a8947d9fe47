import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openLedger, type LedgerDb } from '../db';
import { commitSale } from '../sales';
import { fixedClock, freshLedger, saleDraft } from '../testSupport';
import {
  maskAuthCode,
  newOutTradeNo,
  payWithMobile,
  recoverPendingPayments,
  type MobilePayOptions,
} from './mobilePayment';
import { SimulatedPaymentProvider } from './simulator';

const WECHAT_CODE = '134567890123456789';
const ALIPAY_CODE = '281234567890123456';
const noWait = async (): Promise<void> => {};
const opts: MobilePayOptions = { wait: noWait, maxQueries: 3, clock: fixedClock('2026-11-25T02:00:00Z') };
const simulator = () => new SimulatedPaymentProvider({ wait: noWait });

async function onlyPoint(ledger: LedgerDb) {
  const points = await ledger.payments.toArray();
  expect(points).toHaveLength(1);
  return points[0]!;
}

describe('payWithMobile', () => {
  it('records a successful payment with a masked auth code', async () => {
    const ledger = await freshLedger();
    const gateway = simulator();
    const result = await payWithMobile(
      ledger,
      gateway,
      { saleId: 's1', amountFen: 13980, authCode: WECHAT_CODE },
      opts,
    );
    expect(result).toMatchObject({ status: 'paid', provider: 'wechat', transactionId: 'SIM0000000001' });
    const point = await onlyPoint(ledger);
    expect(point).toMatchObject({
      saleId: 's1',
      amountFen: 13980,
      state: 'success',
      authCodeMasked: '1345**********6789',
    });
    expect(JSON.stringify(point)).not.toContain(WECHAT_CODE);
    expect(gateway.chargedTotalFen()).toBe(13980);
  });

  it('records a decline and takes no money', async () => {
    const ledger = await freshLedger();
    const gateway = simulator().setNextOutcome({ kind: 'decline', reason: 'insufficientFunds' });
    const result = await payWithMobile(
      ledger,
      gateway,
      { saleId: 's1', amountFen: 500, authCode: ALIPAY_CODE },
      opts,
    );
    expect(result).toMatchObject({ status: 'declined', reason: 'insufficientFunds' });
    expect((await onlyPoint(ledger)).state).toBe('declined');
    expect((await onlyPoint(ledger)).provider).toBe('alipay');
    expect(gateway.chargedTotalFen()).toBe(0);
  });

  it('settles a timeout by querying when the gateway did charge', async () => {
    const ledger = await freshLedger();
    const gateway = simulator().setNextOutcome({ kind: 'timeout', charged: true, delayMs: 30_000 });
    const result = await payWithMobile(
      ledger,
      gateway,
      { saleId: 's1', amountFen: 2000, authCode: WECHAT_CODE },
      opts,
    );
    expect(result).toMatchObject({ status: 'paid', transactionId: 'SIM0000000001' });
    expect(await onlyPoint(ledger)).toMatchObject({ state: 'settled', transactionId: 'SIM0000000001' });
    expect(gateway.calls.map((c) => c.method)).toEqual(['pay', 'query']);
    expect(gateway.chargedTotalFen()).toBe(2000);
  });

  it('settles a timeout as declined when the query says the order was never paid', async () => {
    const ledger = await freshLedger();
    const gateway = simulator().setNextOutcome({ kind: 'timeout', charged: false, as: 'unknown' });
    const result = await payWithMobile(
      ledger,
      gateway,
      { saleId: 's1', amountFen: 2000, authCode: WECHAT_CODE },
      opts,
    );
    expect(result).toMatchObject({ status: 'declined', reason: 'orderNotExist' });
    expect((await onlyPoint(ledger)).state).toBe('declined');
    expect(gateway.chargedTotalFen()).toBe(0);
  });

  it('reverses a payment whose state stays unknown, and refunds a charge made meanwhile', async () => {
    const ledger = await freshLedger();
    const gateway = simulator().setNextOutcome({ kind: 'timeout', charged: true }).failNextQueries(3);
    const result = await payWithMobile(
      ledger,
      gateway,
      { saleId: 's1', amountFen: 2000, authCode: WECHAT_CODE },
      opts,
    );
    expect(result.status).toBe('reversed');
    expect((await onlyPoint(ledger)).state).toBe('reversed');
    expect(gateway.chargedTotalFen()).toBe(0);
  });

  it('keeps the point open when neither query nor reversal gets through, and never pays twice on retry', async () => {
    const ledger = await freshLedger();
    const gateway = simulator()
      .setNextOutcome({ kind: 'timeout', charged: true })
      .failNextQueries(3)
      .failNextReverses(3);
    const first = await payWithMobile(
      ledger,
      gateway,
      { saleId: 's1', amountFen: 2000, authCode: WECHAT_CODE },
      opts,
    );
    expect(first).toMatchObject({ status: 'failed', reason: expect.stringMatching(/^reverseFailed/) });
    const point = await onlyPoint(ledger);
    expect(point.state).toBe('unknown');

    // The cashier retries the same attempt once the network is back: it is settled, not paid again.
    const retry = await payWithMobile(
      ledger,
      gateway,
      { saleId: 's1', amountFen: 2000, authCode: WECHAT_CODE, outTradeNo: point.outTradeNo },
      opts,
    );
    expect(retry).toMatchObject({ status: 'paid', transactionId: 'SIM0000000001' });
    expect(gateway.calls.filter((c) => c.method === 'pay')).toHaveLength(1);
    const again = await payWithMobile(
      ledger,
      gateway,
      { saleId: 's1', amountFen: 2000, authCode: WECHAT_CODE, outTradeNo: point.outTradeNo },
      opts,
    );
    expect(again).toEqual(retry);
    expect(gateway.calls).toHaveLength(3 + 3 + 1 + 1); // pay, 3 queries, 3 reverses, then one query
  });

  it('lets only one of two simultaneous submits of the same attempt reach the gateway', async () => {
    const ledger = await freshLedger();
    const gateway = simulator();
    const req = { saleId: 's1', amountFen: 900, authCode: WECHAT_CODE, outTradeNo: newOutTradeNo() };
    const results = await Promise.all([
      payWithMobile(ledger, gateway, req, opts),
      payWithMobile(ledger, gateway, req, opts),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['failed', 'paid']);
    expect(results.find((r) => r.status === 'failed')).toMatchObject({ reason: 'attemptInProgress' });
    expect(gateway.calls.filter((c) => c.method === 'pay')).toHaveLength(1);
    expect(await payWithMobile(ledger, gateway, req, opts)).toMatchObject({ status: 'paid' });
  });

  it('refuses a bad amount or an auth code of no known wallet before touching anything', async () => {
    const ledger = await freshLedger();
    const gateway = simulator();
    expect(
      await payWithMobile(ledger, gateway, { saleId: 's', amountFen: 12.5, authCode: WECHAT_CODE }, opts),
    ).toEqual({
      status: 'invalid',
      reason: 'amount',
    });
    expect(
      await payWithMobile(ledger, gateway, { saleId: 's', amountFen: 100, authCode: '6901234567892' }, opts),
    ).toEqual({
      status: 'invalid',
      reason: 'authCode',
    });
    expect(await ledger.payments.count()).toBe(0);
    expect(gateway.calls).toEqual([]);
  });
});

describe('recoverPendingPayments', () => {
  /**
   * The till dies right after the gateway was called: pay() never returns, the
   * point stays 'started'; then the app starts again on the same database.
   */
  async function crashAfterProviderCall(charged: boolean) {
    const before = await freshLedger();
    const gateway = simulator();
    let reachedGateway!: () => void;
    const called = new Promise<void>((resolve) => (reachedGateway = resolve));
    const dyingProvider = {
      pay: async (req: Parameters<typeof gateway.pay>[0]) => {
        // Charged: the gateway took the money. Not charged: the request never got through.
        if (charged) await gateway.pay(req);
        reachedGateway();
        return new Promise<never>(() => {}); // the answer never arrives: the process is gone
      },
      query: gateway.query.bind(gateway),
      reverse: gateway.reverse.bind(gateway),
    };
    const outTradeNo = newOutTradeNo();
    const draft = saleDraft();
    void payWithMobile(
      before,
      dyingProvider,
      { saleId: draft.id, amountFen: 13980, authCode: WECHAT_CODE, outTradeNo },
      opts,
    );
    await called;
    before.close();

    const ledger = openLedger(before.name);
    expect(await onlyPoint(ledger)).toMatchObject({ outTradeNo, state: 'started' });
    return { ledger, gateway, outTradeNo, draft };
  }

  it('settles a payment the gateway charged before the till crashed', async () => {
    const { ledger, gateway, outTradeNo, draft } = await crashAfterProviderCall(true);
    expect(gateway.chargedTotalFen()).toBe(13980);
    const recovered = await recoverPendingPayments(ledger, gateway, opts);
    expect(recovered).toEqual([
      {
        outTradeNo,
        saleId: draft.id,
        amountFen: 13980,
        result: { status: 'paid', outTradeNo, provider: 'wechat', transactionId: 'SIM0000000001' },
        saleCommitted: false,
      },
    ]);
    expect(await onlyPoint(ledger)).toMatchObject({ state: 'settled', transactionId: 'SIM0000000001' });
    // Cleared: a second start finds nothing open.
    expect(await recoverPendingPayments(ledger, gateway, opts)).toEqual([]);
  });

  it('clears a payment the gateway never charged, without taking money', async () => {
    const { ledger, gateway, outTradeNo } = await crashAfterProviderCall(false);
    const [recovered] = await recoverPendingPayments(ledger, gateway, opts);
    expect(recovered?.result).toEqual({ status: 'declined', outTradeNo, reason: 'orderNotExist' });
    expect((await onlyPoint(ledger)).state).toBe('declined');
    expect(gateway.chargedTotalFen()).toBe(0);
  });

  it('reverses when the gateway cannot be queried, and reports whether the sale was committed', async () => {
    const { ledger, gateway, outTradeNo, draft } = await crashAfterProviderCall(true);
    await commitSale(ledger, draft, fixedClock('2026-11-25T02:00:00Z'));
    gateway.failNextQueries(3);
    const [recovered] = await recoverPendingPayments(ledger, gateway, opts);
    expect(recovered).toMatchObject({ result: { status: 'reversed', outTradeNo }, saleCommitted: true });
    expect(gateway.order(outTradeNo)?.state).toBe('reversed');
    expect(gateway.chargedTotalFen()).toBe(0);
  });

  it('leaves a point open for the next start while the gateway is unreachable', async () => {
    const { ledger, gateway } = await crashAfterProviderCall(true);
    gateway.failNextQueries(3).failNextReverses(3);
    const [first] = await recoverPendingPayments(ledger, gateway, opts);
    expect(first?.result.status).toBe('failed');
    expect((await onlyPoint(ledger)).state).toBe('unknown');
    const [second] = await recoverPendingPayments(ledger, gateway, opts);
    expect(second?.result.status).toBe('paid');
  });
});

describe('maskAuthCode', () => {
  it('keeps four digits at each end', () => {
    expect(maskAuthCode('134567890123456789')).toBe('1345**********6789');
    expect(maskAuthCode('1234')).toBe('****');
  });
});

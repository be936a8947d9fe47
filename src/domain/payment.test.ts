import { describe, expect, it } from 'vitest';
import {
  collectMobilePayment,
  resolveUnknownPayment,
  type MobilePaymentProvider,
  type PayOutcome,
  type PayRequest,
} from './payment';

type Step<T> = T | Error;

/** A provider that answers from a script and records every call. */
function scripted(script: {
  pay?: Step<PayOutcome>[];
  query?: Step<PayOutcome>[];
  reverse?: Step<{ ok: boolean; reason?: string }>[];
}) {
  const calls: string[] = [];
  const next = <T>(list: Step<T>[] | undefined, name: string): Promise<T> => {
    const step = list?.shift();
    if (step === undefined) return Promise.reject(new Error(`unscripted ${name}`));
    return step instanceof Error ? Promise.reject(step) : Promise.resolve(step);
  };
  const provider: MobilePaymentProvider = {
    pay: (req) => {
      calls.push(`pay:${req.outTradeNo}:${req.amountFen}`);
      return next(script.pay, 'pay');
    },
    query: (no) => {
      calls.push(`query:${no}`);
      return next(script.query, 'query');
    },
    reverse: (no) => {
      calls.push(`reverse:${no}`);
      return next(script.reverse, 'reverse');
    },
  };
  const waits: number[] = [];
  const wait = (ms: number) => {
    waits.push(ms);
    calls.push(`wait:${ms}`);
    return Promise.resolve();
  };
  return { provider, calls, waits, wait };
}

const req: PayRequest = {
  outTradeNo: 'S001T03-000123',
  authCode: '134567890123456789',
  amountFen: 1280,
  provider: 'wechat',
  description: '超市购物',
};

describe('resolveUnknownPayment', () => {
  it('settles when a query finds the payment', async () => {
    const s = scripted({
      query: [
        { status: 'pending' },
        { status: 'unknown', error: 'timeout' },
        { status: 'success', transactionId: 'TX1' },
      ],
    });
    const r = await resolveUnknownPayment(s.provider, 'o1', {
      maxQueries: 5,
      wait: s.wait,
      queryIntervalMs: 3000,
    });
    expect(r).toEqual({ result: 'settled', transactionId: 'TX1' });
    expect(s.calls).toEqual(['wait:3000', 'query:o1', 'wait:3000', 'query:o1', 'wait:3000', 'query:o1']);
  });

  it('fails with the reason when a query says declined', async () => {
    const s = scripted({ query: [{ status: 'declined', reason: 'USERPAYING cancelled' }] });
    expect(await resolveUnknownPayment(s.provider, 'o1', { maxQueries: 5, wait: s.wait })).toEqual({
      result: 'failed',
      reason: 'USERPAYING cancelled',
    });
    expect(s.waits).toEqual([5000]);
  });

  it('reverses after maxQueries unknown answers (throws count as unknown)', async () => {
    const s = scripted({
      query: [{ status: 'pending' }, new Error('ECONNRESET'), { status: 'unknown', error: 'x' }],
      reverse: [{ ok: true }],
    });
    expect(await resolveUnknownPayment(s.provider, 'o1', { maxQueries: 3, wait: s.wait })).toEqual({
      result: 'reversed',
    });
    expect(s.calls.filter((c) => c.startsWith('query'))).toHaveLength(3);
    expect(s.calls.at(-1)).toBe('reverse:o1');
  });

  it('retries the reversal and reports when it never succeeds', async () => {
    const s = scripted({
      query: [],
      reverse: [{ ok: false, reason: 'SYSTEMERROR' }, new Error('timeout'), { ok: false }],
    });
    const r = await resolveUnknownPayment(s.provider, 'o1', {
      maxQueries: 0,
      wait: s.wait,
      maxReverses: 3,
      reverseIntervalMs: 100,
    });
    expect(r).toEqual({ result: 'failed', reason: 'reverseFailed: unknown' });
    expect(s.calls).toEqual(['reverse:o1', 'wait:100', 'reverse:o1', 'wait:100', 'reverse:o1']);
  });

  it('a reversal that succeeds on retry is reversed', async () => {
    const s = scripted({ query: [{ status: 'pending' }], reverse: [new Error('timeout'), { ok: true }] });
    expect(await resolveUnknownPayment(s.provider, 'o1', { maxQueries: 1, wait: s.wait })).toEqual({
      result: 'reversed',
    });
  });
});

describe('collectMobilePayment', () => {
  it('settles directly on success', async () => {
    const s = scripted({ pay: [{ status: 'success', transactionId: 'TX9' }] });
    expect(await collectMobilePayment(s.provider, req, { maxQueries: 3, wait: s.wait })).toEqual({
      result: 'settled',
      transactionId: 'TX9',
    });
    expect(s.calls).toEqual(['pay:S001T03-000123:1280']);
  });

  it('fails directly on declined, without querying', async () => {
    const s = scripted({ pay: [{ status: 'declined', reason: 'NOTENOUGH' }] });
    expect(await collectMobilePayment(s.provider, req, { maxQueries: 3, wait: s.wait })).toEqual({
      result: 'failed',
      reason: 'NOTENOUGH',
    });
    expect(s.calls).toHaveLength(1);
  });

  it('a pay timeout is an unknown outcome: query, then settle', async () => {
    const s = scripted({
      pay: [new Error('ETIMEDOUT')],
      query: [{ status: 'success', transactionId: 'TX2' }],
    });
    expect(await collectMobilePayment(s.provider, req, { maxQueries: 3, wait: s.wait })).toEqual({
      result: 'settled',
      transactionId: 'TX2',
    });
    expect(s.calls).toEqual(['pay:S001T03-000123:1280', 'wait:5000', 'query:S001T03-000123']);
  });

  it('pending (customer entering the password) that never resolves is reversed', async () => {
    const s = scripted({
      pay: [{ status: 'pending' }],
      query: [{ status: 'pending' }, { status: 'pending' }],
      reverse: [{ ok: true }],
    });
    expect(await collectMobilePayment(s.provider, req, { maxQueries: 2, wait: s.wait })).toEqual({
      result: 'reversed',
    });
  });
});

import { describe, expect, it } from 'vitest';
import type { PayRequest } from '../../domain/payment';
import { SimulatedPaymentProvider } from './simulator';

const req = (outTradeNo: string, amountFen = 1000): PayRequest => ({
  outTradeNo,
  amountFen,
  authCode: '134567890123456789',
  provider: 'wechat',
  description: 'test',
});
const noWait = async (): Promise<void> => {};

describe('SimulatedPaymentProvider', () => {
  it('plays scripted outcomes in order, then the default', async () => {
    const sim = new SimulatedPaymentProvider({
      wait: noWait,
      defaultOutcome: { kind: 'decline', reason: 'closed' },
    });
    sim.setNextOutcome({ kind: 'success' }).setNextOutcome({ kind: 'pending', charged: true });
    expect(await sim.pay(req('a'))).toEqual({ status: 'success', transactionId: 'SIM0000000001' });
    expect(await sim.pay(req('b'))).toEqual({ status: 'pending' });
    expect(await sim.pay(req('c'))).toEqual({ status: 'declined', reason: 'closed' });
    expect(await sim.query('b')).toEqual({ status: 'success', transactionId: 'SIM0000000002' });
  });

  it('times out by rejecting or by answering unknown, charging only when told', async () => {
    const waits: number[] = [];
    const sim = new SimulatedPaymentProvider({ wait: async (ms) => void waits.push(ms) });
    sim.setNextOutcome({ kind: 'timeout', charged: true, delayMs: 30_000 });
    sim.setNextOutcome({ kind: 'timeout', charged: false, as: 'unknown' });
    await expect(sim.pay(req('a', 700))).rejects.toThrow(/timed out/);
    expect(await sim.pay(req('b'))).toEqual({ status: 'unknown', error: 'gatewayTimeout' });
    expect(waits).toEqual([30_000, 0]);
    expect(await sim.query('a')).toMatchObject({ status: 'success' });
    expect(await sim.query('b')).toEqual({ status: 'declined', reason: 'orderNotExist' });
    expect(sim.chargedTotalFen()).toBe(700);
  });

  it('never charges an order twice and refunds on reverse', async () => {
    const sim = new SimulatedPaymentProvider({ wait: noWait });
    const first = await sim.pay(req('a', 500));
    expect(await sim.pay(req('a', 500))).toEqual(first);
    expect(sim.chargedTotalFen()).toBe(500);
    expect(await sim.reverse('a')).toEqual({ ok: true });
    expect(sim.chargedTotalFen()).toBe(0);
    expect(await sim.query('a')).toEqual({ status: 'declined', reason: 'reversed' });
    // A reversed order stays closed: a late duplicate pay cannot charge it.
    expect(await sim.pay(req('a', 500))).toEqual({ status: 'declined', reason: 'reversed' });
  });

  it('fails queries and reversals on demand', async () => {
    const sim = new SimulatedPaymentProvider({ wait: noWait }).failNextQueries(1).failNextReverses(1);
    await expect(sim.query('x')).rejects.toThrow(/network/);
    expect(await sim.query('x')).toEqual({ status: 'declined', reason: 'orderNotExist' });
    await expect(sim.reverse('x')).rejects.toThrow(/network/);
    expect(await sim.reverse('x')).toEqual({ ok: true });
    expect(sim.calls.map((c) => c.method)).toEqual(['query', 'query', 'reverse', 'reverse']);
  });
});

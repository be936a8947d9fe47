// A WeChat Pay / Alipay stand-in for the demo and the tests. It keeps its own "gateway truth" per order, so
// the dangerous case can be played: the till's call times out while the gateway did charge the customer.
import type {
  MobilePaymentProvider,
  PayOutcome,
  PayRequest,
  RefundOutcome,
  RefundRequest,
} from '../../domain/payment';

export type SimulatedPayOutcome =
  | { kind: 'success' }
  | { kind: 'decline'; reason?: string }
  /** The customer is still confirming on the phone; `charged` is what they end up doing. */
  | { kind: 'pending'; charged: boolean }
  /**
   * No answer within `delayMs`. `charged` says whether the gateway took the money anyway; `as` says whether
   * the call rejects (a network timeout) or resolves as unknown (a gateway error answer).
   */
  | { kind: 'timeout'; charged: boolean; delayMs?: number; as?: 'reject' | 'unknown' };

export type GatewayOrderState = 'charged' | 'declined' | 'reversed';

export interface GatewayOrder {
  outTradeNo: string;
  state: GatewayOrderState;
  amountFen: number;
  transactionId?: string;
  reason?: string;
}

export interface SimulatorOptions {
  /** What pay() does when nothing was scripted. */
  defaultOutcome?: SimulatedPayOutcome;
  /** How a timeout waits; tests pass an immediate one. */
  wait?: (ms: number) => Promise<void>;
  /** Prefix of the made-up transaction ids. */
  transactionPrefix?: string;
}

export class SimulatedPaymentProvider implements MobilePaymentProvider {
  private readonly orders = new Map<string, GatewayOrder>();
  private readonly script: SimulatedPayOutcome[] = [];
  private queryFailures = 0;
  private reverseFailures = 0;
  private nextTransaction = 1;
  private readonly defaultOutcome: SimulatedPayOutcome;
  private readonly wait: (ms: number) => Promise<void>;
  private readonly prefix: string;
  /** Every call in order, for assertions. */
  readonly calls: { method: 'pay' | 'query' | 'reverse'; outTradeNo: string }[] = [];

  constructor(options: SimulatorOptions = {}) {
    this.defaultOutcome = options.defaultOutcome ?? { kind: 'success' };
    this.wait = options.wait ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.prefix = options.transactionPrefix ?? 'SIM';
  }

  /** Scripts the next pay() call; several calls queue up in order. */
  setNextOutcome(outcome: SimulatedPayOutcome): this {
    this.script.push(outcome);
    return this;
  }

  /** The next `n` query() calls throw, as when the network is still down at recovery. */
  failNextQueries(n: number): this {
    this.queryFailures = n;
    return this;
  }

  /** The next `n` reverse() calls throw. */
  failNextReverses(n: number): this {
    this.reverseFailures = n;
    return this;
  }

  /** What the gateway knows about an order (undefined: it never received it). */
  order(outTradeNo: string): GatewayOrder | undefined {
    const order = this.orders.get(outTradeNo);
    return order ? { ...order } : undefined;
  }

  /** Money the customers are out of right now: charged and not reversed. */
  chargedTotalFen(): number {
    let total = 0;
    for (const order of this.orders.values()) if (order.state === 'charged') total += order.amountFen;
    return total;
  }

  async pay(req: PayRequest): Promise<PayOutcome> {
    this.calls.push({ method: 'pay', outTradeNo: req.outTradeNo });
    const known = this.orders.get(req.outTradeNo);
    // Real gateways are idempotent per out_trade_no: a repeated order never charges twice.
    if (known) return this.truth(known);
    const outcome = this.script.shift() ?? this.defaultOutcome;
    switch (outcome.kind) {
      case 'success':
        return this.truth(this.charge(req));
      case 'decline':
        return this.truth(this.decline(req, outcome.reason ?? 'insufficientFunds'));
      case 'pending':
        if (outcome.charged) this.charge(req);
        else this.decline(req, 'userCancelled');
        return { status: 'pending' };
      case 'timeout':
        if (outcome.charged) this.charge(req);
        await this.wait(outcome.delayMs ?? 0);
        if (outcome.as === 'unknown') return { status: 'unknown', error: 'gatewayTimeout' };
        throw new Error('payment gateway timed out');
    }
  }

  async query(outTradeNo: string): Promise<PayOutcome> {
    this.calls.push({ method: 'query', outTradeNo });
    if (this.queryFailures > 0) {
      this.queryFailures -= 1;
      throw new Error('network unreachable');
    }
    const order = this.orders.get(outTradeNo);
    return order ? this.truth(order) : { status: 'declined', reason: 'orderNotExist' };
  }

  async reverse(outTradeNo: string): Promise<{ ok: boolean; reason?: string }> {
    this.calls.push({ method: 'reverse', outTradeNo });
    if (this.reverseFailures > 0) {
      this.reverseFailures -= 1;
      throw new Error('network unreachable');
    }
    const order = this.orders.get(outTradeNo);
    // Reversing an order the gateway never saw closes it, so a late-arriving pay cannot charge.
    this.orders.set(outTradeNo, { amountFen: 0, ...order, outTradeNo, state: 'reversed' });
    return { ok: true };
  }

  /** Refunds made, by outRefundNo (the provider's idempotency key for refunds). */
  private readonly refunds = new Map<string, { transactionId: string; amountFen: number; refundId: string }>();

  /**
   * Refunds part or all of a charged order, at most what it was charged in total; the same outRefundNo again
   * answers the first result. A transaction this simulator never saw (its memory ends with the page) is refunded
   * as asked: the demo has no other gateway to ask.
   */
  async refund(req: RefundRequest): Promise<RefundOutcome> {
    const seen = this.refunds.get(req.outRefundNo);
    if (seen) return { status: 'success', refundId: seen.refundId };
    if (!Number.isSafeInteger(req.amountFen) || req.amountFen <= 0) return { status: 'failed', reason: 'badAmount' };
    const order = [...this.orders.values()].find((o) => o.transactionId === req.transactionId);
    if (order) {
      if (order.state !== 'charged') return { status: 'failed', reason: 'notCharged' };
      const already = [...this.refunds.values()]
        .filter((r) => r.transactionId === req.transactionId)
        .reduce((s, r) => s + r.amountFen, 0);
      if (already + req.amountFen > order.amountFen) return { status: 'failed', reason: 'exceedsPayment' };
    }
    const refundId = `${this.prefix}R${String(this.refunds.size + 1).padStart(9, '0')}`;
    this.refunds.set(req.outRefundNo, { transactionId: req.transactionId, amountFen: req.amountFen, refundId });
    return { status: 'success', refundId };
  }

  private charge(req: PayRequest): GatewayOrder {
    const transactionId = `${this.prefix}${String(this.nextTransaction++).padStart(10, '0')}`;
    const order: GatewayOrder = {
      outTradeNo: req.outTradeNo,
      state: 'charged',
      amountFen: req.amountFen,
      transactionId,
    };
    this.orders.set(req.outTradeNo, order);
    return order;
  }

  private decline(req: PayRequest, reason: string): GatewayOrder {
    const order: GatewayOrder = {
      outTradeNo: req.outTradeNo,
      state: 'declined',
      amountFen: req.amountFen,
      reason,
    };
    this.orders.set(req.outTradeNo, order);
    return order;
  }

  private truth(order: GatewayOrder): PayOutcome {
    if (order.state === 'charged' && order.transactionId)
      return { status: 'success', transactionId: order.transactionId };
    return {
      status: 'declined',
      reason: order.state === 'reversed' ? 'reversed' : (order.reason ?? 'declined'),
    };
  }
}

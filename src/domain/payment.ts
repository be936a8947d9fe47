// Mobile payment (WeChat Pay / Alipay 付款码). A timeout or a network error does not mean "not paid":
// the customer may have been charged. Such an outcome is unknown and is settled by querying the
// order, and reversed (撤销) when it stays unknown, so the customer is never charged twice or lost.

import type { PaymentProvider } from './codes';
import type { Fen } from './model';

export type PayOutcome =
  | { status: 'success'; transactionId: string }
  | { status: 'declined'; reason: string }
  /** The customer is still confirming on the phone (e.g. entering the password). */
  | { status: 'pending' }
  | { status: 'unknown'; error: string };

export interface PayRequest {
  outTradeNo: string;
  authCode: string;
  amountFen: Fen;
  provider: PaymentProvider;
  description: string;
}

/** A refund of (part of) a settled payment, idempotent per outRefundNo at the provider. */
export interface RefundRequest {
  provider: PaymentProvider;
  /** The provider's transaction id of the original payment (the tender's reference). */
  transactionId: string;
  outRefundNo: string;
  amountFen: Fen;
}

export type RefundOutcome =
  | { status: 'success'; refundId: string }
  | { status: 'failed'; reason: string }
  | { status: 'unknown'; error: string };

export interface MobilePaymentProvider {
  pay(req: PayRequest): Promise<PayOutcome>;
  query(outTradeNo: string): Promise<PayOutcome>;
  reverse(outTradeNo: string): Promise<{ ok: boolean; reason?: string }>;
  /** Refunds (申请退款); absent on a provider that cannot refund, then a refund goes to cash at a manager's say. */
  refund?(req: RefundRequest): Promise<RefundOutcome>;
}

export type ResolvedPayment =
  | { result: 'settled'; transactionId: string }
  | { result: 'reversed' }
  | { result: 'failed'; reason: string };

export interface ResolveOptions {
  maxQueries: number;
  wait: (ms: number) => Promise<void>;
  /** Pause before each query; the providers suggest polling every few seconds. Default 5000. */
  queryIntervalMs?: number;
  /** Reversal attempts before giving up; default 3. */
  maxReverses?: number;
  /** Pause between reversal attempts; default 2000. */
  reverseIntervalMs?: number;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** A call that throws is an unknown outcome, never an escape from the payment flow. */
async function safely<T>(call: () => Promise<T>, onError: (message: string) => T): Promise<T> {
  try {
    return await call();
  } catch (e) {
    return onError(errorText(e));
  }
}

/**
 * Settles a payment whose outcome is unknown or pending: queries up to maxQueries times until success
 * or declined, then reverses it. 'failed' with a reason starting 'reverseFailed' means the money state
 * is still unknown after every attempt: a manager must check it with the provider.
 */
export async function resolveUnknownPayment(
  provider: MobilePaymentProvider,
  outTradeNo: string,
  opts: ResolveOptions,
): Promise<ResolvedPayment> {
  const interval = opts.queryIntervalMs ?? 5000;
  for (let i = 0; i < opts.maxQueries; i++) {
    await opts.wait(interval);
    const outcome = await safely<PayOutcome>(
      () => provider.query(outTradeNo),
      (error) => ({ status: 'unknown', error }),
    );
    if (outcome.status === 'success') return { result: 'settled', transactionId: outcome.transactionId };
    if (outcome.status === 'declined') return { result: 'failed', reason: outcome.reason };
  }
  const maxReverses = Math.max(1, opts.maxReverses ?? 3);
  let lastReason = 'unknown';
  for (let i = 0; i < maxReverses; i++) {
    if (i > 0) await opts.wait(opts.reverseIntervalMs ?? 2000);
    const r = await safely(
      () => provider.reverse(outTradeNo),
      (reason) => ({ ok: false, reason }),
    );
    if (r.ok) return { result: 'reversed' };
    lastReason = r.reason ?? 'unknown';
  }
  return { result: 'failed', reason: `reverseFailed: ${lastReason}` };
}

/**
 * The whole micropay flow: pay, and when the answer is pending or unknown (timeouts included),
 * resolve it as above. 'reversed' means the customer was not charged: ask for another payment.
 */
export async function collectMobilePayment(
  provider: MobilePaymentProvider,
  req: PayRequest,
  opts: ResolveOptions,
): Promise<ResolvedPayment> {
  const outcome = await safely<PayOutcome>(
    () => provider.pay(req),
    (error) => ({ status: 'unknown', error }),
  );
  if (outcome.status === 'success') return { result: 'settled', transactionId: outcome.transactionId };
  if (outcome.status === 'declined') return { result: 'failed', reason: outcome.reason };
  return resolveUnknownPayment(provider, req.outTradeNo, opts);
}

// Taking a WeChat Pay / Alipay payment so that a crash, a timeout or a lost answer can never charge a
// customer twice or lose their money: a recovery point is written BEFORE the gateway is called and updated
// after, and every point left open is resolved (query, then reverse) at the next start.
import { paymentProviderOf, type PaymentProvider } from '../../domain/codes';
import {
  resolveUnknownPayment,
  type MobilePaymentProvider,
  type PayOutcome,
  type ResolvedPayment,
  type ResolveOptions,
} from '../../domain/payment';
import type { LedgerDb, PaymentPointState, PaymentRecord } from '../db';
import { newId } from '../ids';
import type { Clock } from '../sales';

export interface MobilePayRequest {
  /** Id of the sale being paid (made before payment, committed after). */
  saleId: string;
  amountFen: number;
  /** The customer's 付款码 as scanned. */
  authCode: string;
  /** Made here when absent; pass the same one to retry the same attempt without charging twice. */
  outTradeNo?: string;
  /** Defaults to the provider the auth code's prefix belongs to. */
  provider?: PaymentProvider;
  description?: string;
}

/**
 * What the checkout shows. Only 'paid' means money was taken; 'declined' and 'reversed' mean it was not;
 * 'failed' means nobody knows yet (gateway unreachable): the recovery point stays open and is settled at
 * the next recoverPendingPayments.
 */
export type MobilePayResult =
  | { status: 'paid'; outTradeNo: string; provider: PaymentProvider; transactionId: string }
  | { status: 'declined'; outTradeNo: string; reason: string }
  | { status: 'reversed'; outTradeNo: string }
  | { status: 'failed'; outTradeNo: string; reason: string }
  | { status: 'invalid'; reason: 'amount' | 'authCode' };

export interface MobilePayOptions extends Partial<ResolveOptions> {
  clock?: Clock;
}

const realWait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function resolveOptions(options: MobilePayOptions): ResolveOptions {
  const { clock: _clock, ...rest } = options;
  return { maxQueries: 6, wait: realWait, ...rest };
}

/** The auth code is a bearer credential for the customer's wallet: keep only enough to recognise it. */
export function maskAuthCode(authCode: string): string {
  if (authCode.length <= 8) return '*'.repeat(authCode.length);
  return `${authCode.slice(0, 4)}${'*'.repeat(authCode.length - 8)}${authCode.slice(-4)}`;
}

/** A 32-character out_trade_no (the providers allow letters and digits, at most 32). */
export function newOutTradeNo(): string {
  return newId().replace(/-/g, '');
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function resultOf(point: PaymentRecord): MobilePayResult | undefined {
  const { outTradeNo } = point;
  switch (point.state) {
    case 'success':
    case 'settled':
      return {
        status: 'paid',
        outTradeNo,
        provider: point.provider,
        transactionId: point.transactionId ?? '',
      };
    case 'declined':
      return { status: 'declined', outTradeNo, reason: point.reason ?? 'declined' };
    case 'reversed':
      return { status: 'reversed', outTradeNo };
    case 'started':
    case 'unknown':
      return undefined;
  }
}

async function updatePoint(
  ledger: LedgerDb,
  outTradeNo: string,
  clock: Clock,
  changes: { state: PaymentPointState; transactionId?: string; reason?: string },
): Promise<PaymentRecord> {
  await ledger.payments.update(outTradeNo, { ...changes, updatedAt: clock.now().toISOString() });
  const point = await ledger.payments.get(outTradeNo);
  if (!point) throw new Error(`payment recovery point ${outTradeNo} vanished`);
  return point;
}

/** Records how an open payment was settled; a query that says "declined" means no money was taken. */
async function settleOpenPoint(
  ledger: LedgerDb,
  provider: MobilePaymentProvider,
  point: PaymentRecord,
  options: MobilePayOptions,
  clock: Clock,
): Promise<PaymentRecord> {
  const resolved: ResolvedPayment = await resolveUnknownPayment(
    provider,
    point.outTradeNo,
    resolveOptions(options),
  );
  switch (resolved.result) {
    case 'settled':
      return updatePoint(ledger, point.outTradeNo, clock, {
        state: 'settled',
        transactionId: resolved.transactionId,
      });
    case 'reversed':
      return updatePoint(ledger, point.outTradeNo, clock, { state: 'reversed' });
    case 'failed':
      // 'reverseFailed...': neither query nor reversal got through, so the money state is still unknown and
      // the point stays open for the next recovery run. Any other reason is the gateway saying "not paid".
      return updatePoint(ledger, point.outTradeNo, clock, {
        state: resolved.reason.startsWith('reverseFailed') ? 'unknown' : 'declined',
        reason: resolved.reason,
      });
  }
}

/**
 * Pays with WeChat Pay / Alipay. Writes the recovery point ('started') before calling the gateway, records
 * the answer, and settles an unknown or pending answer by querying and, failing that, reversing. Calling it
 * again with the same outTradeNo never pays twice: a finished attempt returns its result, an open one is
 * settled.
 */
export async function payWithMobile(
  ledger: LedgerDb,
  provider: MobilePaymentProvider,
  req: MobilePayRequest,
  options: MobilePayOptions = {},
): Promise<MobilePayResult> {
  const clock = options.clock ?? { now: () => new Date() };
  if (!Number.isSafeInteger(req.amountFen) || req.amountFen <= 0)
    return { status: 'invalid', reason: 'amount' };
  const providerName = req.provider ?? paymentProviderOf(req.authCode);
  if (providerName === null) return { status: 'invalid', reason: 'authCode' };
  const outTradeNo = req.outTradeNo ?? newOutTradeNo();

  const existing = await ledger.payments.get(outTradeNo);
  if (existing) {
    const done = resultOf(existing);
    if (done) return done;
    return resultOrOpen(await settleOpenPoint(ledger, provider, existing, options, clock));
  }

  const now = clock.now().toISOString();
  const added = await ledger.payments
    .add({
      outTradeNo,
      saleId: req.saleId,
      amountFen: req.amountFen,
      provider: providerName,
      authCodeMasked: maskAuthCode(req.authCode),
      state: 'started',
      createdAt: now,
      updatedAt: now,
    })
    .then(
      () => true,
      (e: unknown) => {
        if (e instanceof Error && e.name === 'ConstraintError') return false;
        throw e;
      },
    );
  // The same attempt started twice at once (double submit): only the first one may call the gateway.
  if (!added) return { status: 'failed', outTradeNo, reason: 'attemptInProgress' };

  let outcome: PayOutcome;
  try {
    outcome = await provider.pay({
      outTradeNo,
      authCode: req.authCode,
      amountFen: req.amountFen,
      provider: providerName,
      description: req.description ?? 'POS sale',
    });
  } catch (e) {
    outcome = { status: 'unknown', error: errorText(e) };
  }

  let point: PaymentRecord;
  switch (outcome.status) {
    case 'success':
      point = await updatePoint(ledger, outTradeNo, clock, {
        state: 'success',
        transactionId: outcome.transactionId,
      });
      break;
    case 'declined':
      point = await updatePoint(ledger, outTradeNo, clock, { state: 'declined', reason: outcome.reason });
      break;
    default: {
      const reason = outcome.status === 'unknown' ? outcome.error : 'pending';
      const open = await updatePoint(ledger, outTradeNo, clock, { state: 'unknown', reason });
      point = await settleOpenPoint(ledger, provider, open, options, clock);
    }
  }
  return resultOrOpen(point);
}

/** An open point after settling: the gateway could not be reached; a manager checks it if it stays so. */
function resultOrOpen(point: PaymentRecord): MobilePayResult {
  return (
    resultOf(point) ?? {
      status: 'failed',
      outTradeNo: point.outTradeNo,
      reason: point.reason ?? 'unresolved',
    }
  );
}

export interface RecoveredPayment {
  outTradeNo: string;
  saleId: string;
  amountFen: number;
  result: MobilePayResult;
  /**
   * Whether the sale this payment was for is in the ledger. Paid without a committed sale means the till
   * died between payment and commit: the UI must offer to finish the sale or refund the customer.
   */
  saleCommitted: boolean;
}

/**
 * At start-up: every recovery point still 'started' or 'unknown' (the till died mid-payment) is settled
 * with the gateway. One that cannot be settled now (network down) stays open for the next run.
 */
export async function recoverPendingPayments(
  ledger: LedgerDb,
  provider: MobilePaymentProvider,
  options: MobilePayOptions = {},
): Promise<RecoveredPayment[]> {
  const clock = options.clock ?? { now: () => new Date() };
  const open = await ledger.payments.where('state').anyOf('started', 'unknown').toArray();
  const recovered: RecoveredPayment[] = [];
  for (const point of open) {
    const settled = await settleOpenPoint(ledger, provider, point, options, clock);
    recovered.push({
      outTradeNo: point.outTradeNo,
      saleId: point.saleId,
      amountFen: point.amountFen,
      result: resultOrOpen(settled),
      saleCommitted: (await ledger.sales.get(point.saleId)) !== undefined,
    });
  }
  return recovered;
}

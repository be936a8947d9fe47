// Expected cash in the drawer, and the variance of a count against it.
//
//   expected = float + cash received - change given + pay-ins - pay-outs - safe drops - cash refunds
//
// Cash received is what customers handed over (tenderedFen), change is what went back: their difference is the
// cash tender's amount applied to the sale (rounding to the jiao included). Other POS systems shipped this sum
// wrong by adding tendered cash and forgetting the change, or by adding a sale twice; the property tests check
// it against the tender rules in ../tender.ts.
import type { Fen, Sale, Tender } from '../model';
import type { CashMove, RefundTender } from './model';

export interface ExpectedCash {
  floatFen: Fen;
  /** Notes and coins handed over by customers paying cash. */
  cashReceivedFen: Fen;
  changeGivenFen: Fen;
  payInsFen: Fen;
  payOutsFen: Fen;
  dropsFen: Fen;
  cashRefundsFen: Fen;
  expectedFen: Fen;
}

function fen(v: number | undefined, what: string): Fen {
  const n = v ?? 0;
  if (!Number.isSafeInteger(n)) throw new RangeError(`${what} is not integer fen: ${v}`);
  return n;
}

/** What one cash tender moved through the drawer: in (handed over) and out (change). */
export function cashTenderFlow(t: Tender): { inFen: Fen; outFen: Fen } {
  const change = fen(t.changeFen, 'changeFen');
  const amount = fen(t.amountFen, 'amountFen');
  // A tender recorded without tenderedFen was exact cash: handed over = applied + change.
  const tendered = t.tenderedFen === undefined ? amount + change : fen(t.tenderedFen, 'tenderedFen');
  return { inFen: tendered, outFen: change };
}

export function expectedCash(args: {
  floatFen: Fen;
  sales: readonly Pick<Sale, 'status' | 'tenders'>[];
  moves: readonly Pick<CashMove, 'kind' | 'amountFen'>[];
  refunds: readonly { tenders: readonly Pick<RefundTender, 'kind' | 'amountFen'>[] }[];
}): ExpectedCash {
  const out: ExpectedCash = {
    floatFen: fen(args.floatFen, 'floatFen'),
    cashReceivedFen: 0,
    changeGivenFen: 0,
    payInsFen: 0,
    payOutsFen: 0,
    dropsFen: 0,
    cashRefundsFen: 0,
    expectedFen: 0,
  };
  for (const sale of args.sales) {
    // A voided sale gave its cash back at the counter: it never stayed in the drawer.
    if (sale.status !== 'completed') continue;
    for (const t of sale.tenders) {
      if (t.kind !== 'cash') continue;
      const flow = cashTenderFlow(t);
      out.cashReceivedFen += flow.inFen;
      out.changeGivenFen += flow.outFen;
    }
  }
  for (const m of args.moves) {
    const amount = fen(m.amountFen, 'move amountFen');
    if (amount < 0) throw new RangeError(`a cash move is never negative: ${amount}`);
    if (m.kind === 'payIn') out.payInsFen += amount;
    else if (m.kind === 'payOut') out.payOutsFen += amount;
    else out.dropsFen += amount;
  }
  for (const r of args.refunds)
    for (const t of r.tenders)
      if (t.kind === 'cash') out.cashRefundsFen += fen(t.amountFen, 'refund amountFen');
  out.expectedFen =
    out.floatFen +
    out.cashReceivedFen -
    out.changeGivenFen +
    out.payInsFen -
    out.payOutsFen -
    out.dropsFen -
    out.cashRefundsFen;
  return out;
}

/** A variance beyond this (either way) needs a manager's approval and a note: ￥10.00. */
export const DEFAULT_VARIANCE_THRESHOLD_FEN = 1000;

export interface Variance {
  /** counted - expected: positive is cash over, negative is cash short. */
  varianceFen: Fen;
  state: 'balanced' | 'over' | 'short';
  needsApproval: boolean;
}

export function cashVariance(
  countedFen: Fen,
  expectedFen: Fen,
  thresholdFen: Fen = DEFAULT_VARIANCE_THRESHOLD_FEN,
): Variance {
  const varianceFen = fen(countedFen, 'countedFen') - fen(expectedFen, 'expectedFen');
  if (!Number.isSafeInteger(thresholdFen) || thresholdFen < 0)
    throw new RangeError(`threshold must be integer fen >= 0: ${thresholdFen}`);
  return {
    varianceFen,
    state: varianceFen === 0 ? 'balanced' : varianceFen > 0 ? 'over' : 'short',
    needsApproval: Math.abs(varianceFen) > thresholdFen,
  };
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Tender } from './model';
import {
  addTender,
  makeCardTender,
  makeCashTender,
  makeMobileTender,
  makeVoucherTender,
  QUICK_CASH_AMOUNTS,
  tenderSummary,
} from './tender';

const WECHAT = '134567890123456789';
const ALIPAY = '281234567890123456';

describe('makeCashTender', () => {
  it('gives change from cash', () => {
    const r = makeCashTender({ id: 't1', dueRemainingFen: 1234, tenderedFen: 5000, roundToJiao: false });
    expect(r).toEqual({
      ok: true,
      tender: { id: 't1', kind: 'cash', amountFen: 1234, tenderedFen: 5000, changeFen: 3766 },
      roundingFen: 0,
      changeFen: 3766,
    });
  });

  it('rounds to the jiao when asked: down and up', () => {
    const down = makeCashTender({ id: 't1', dueRemainingFen: 1234, tenderedFen: 2000, roundToJiao: true });
    expect(down).toMatchObject({
      ok: true,
      roundingFen: -4,
      changeFen: 770,
      tender: { amountFen: 1230, roundingFen: -4 },
    });
    const up = makeCashTender({ id: 't2', dueRemainingFen: 1235, tenderedFen: 1240, roundToJiao: true });
    expect(up).toMatchObject({
      ok: true,
      roundingFen: 5,
      changeFen: 0,
      tender: { amountFen: 1240, tenderedFen: 1240 },
    });
    const exact = makeCashTender({ id: 't3', dueRemainingFen: 1230, tenderedFen: 1230, roundToJiao: true });
    expect(exact).toMatchObject({ ok: true, roundingFen: 0, changeFen: 0 });
  });

  it('says short when the cash does not cover what is owed', () => {
    expect(makeCashTender({ id: 't', dueRemainingFen: 1234, tenderedFen: 1233, roundToJiao: false })).toEqual(
      { ok: false, reason: 'short' },
    );
    // 12.34 rounds down to 12.30: 12.30 is enough
    expect(makeCashTender({ id: 't', dueRemainingFen: 1234, tenderedFen: 1230, roundToJiao: true }).ok).toBe(
      true,
    );
    // 12.35 rounds up to 12.40: 12.35 is short
    expect(makeCashTender({ id: 't', dueRemainingFen: 1235, tenderedFen: 1235, roundToJiao: true })).toEqual({
      ok: false,
      reason: 'short',
    });
  });

  it('takes a part payment when allowed', () => {
    const r = makeCashTender({
      id: 't',
      dueRemainingFen: 10000,
      tenderedFen: 5000,
      roundToJiao: true,
      allowPartial: true,
    });
    expect(r).toEqual({
      ok: true,
      tender: { id: 't', kind: 'cash', amountFen: 5000, tenderedFen: 5000, changeFen: 0 },
      roundingFen: 0,
      changeFen: 0,
    });
  });

  it('refuses invalid input', () => {
    for (const bad of [
      { dueRemainingFen: 0, tenderedFen: 100 },
      { dueRemainingFen: 100, tenderedFen: 0 },
      { dueRemainingFen: 100, tenderedFen: -100 },
      { dueRemainingFen: 100.5, tenderedFen: 200 },
      { dueRemainingFen: 100, tenderedFen: Number.NaN },
    ]) {
      expect(makeCashTender({ id: 't', roundToJiao: false, ...bad })).toEqual({
        ok: false,
        reason: 'invalid',
      });
    }
    expect(makeCashTender({ id: '', dueRemainingFen: 100, tenderedFen: 100, roundToJiao: false })).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });

  it('property: tendered = amount + change, and amount = what is owed after rounding', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.boolean(),
        (due, extra, round) => {
          const owed = round ? Math.floor((due + 5) / 10) * 10 : due; // half up to the jiao, computed independently
          const r = makeCashTender({
            id: 't',
            dueRemainingFen: due,
            tenderedFen: Math.max(1, owed + extra),
            roundToJiao: round,
          });
          if (!r.ok) {
            expect(owed + extra).toBe(0); // only when there was nothing to hand over
            return;
          }
          expect(r.tender.tenderedFen).toBe(r.tender.amountFen + r.changeFen);
          expect(r.tender.amountFen).toBe(due + r.roundingFen);
          expect(r.changeFen).toBeGreaterThanOrEqual(0);
          expect(tenderSummary(due, [r.tender])).toMatchObject({
            complete: true,
            remainingFen: 0,
            changeFen: r.changeFen,
          });
        },
      ),
    );
  });
});

describe('non-cash tenders', () => {
  it('card: external reference, not more than what is owed', () => {
    expect(makeCardTender({ id: 'c', dueRemainingFen: 5000, reference: ' RRN123 ' })).toEqual({
      ok: true,
      tender: { id: 'c', kind: 'card', amountFen: 5000, reference: 'RRN123' },
    });
    expect(makeCardTender({ id: 'c', dueRemainingFen: 5000, amountFen: 2000, reference: 'R' })).toMatchObject(
      { ok: true, tender: { amountFen: 2000 } },
    );
    expect(makeCardTender({ id: 'c', dueRemainingFen: 5000, amountFen: 5001, reference: 'R' })).toEqual({
      ok: false,
      reason: 'exceedsRemaining',
    });
    expect(makeCardTender({ id: 'c', dueRemainingFen: 5000, reference: '  ' })).toEqual({
      ok: false,
      reason: 'noReference',
    });
    expect(makeCardTender({ id: 'c', dueRemainingFen: 5000, amountFen: 0, reference: 'R' })).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });

  it('mobile: the auth code must belong to the provider', () => {
    expect(
      makeMobileTender({
        id: 'm',
        dueRemainingFen: 5000,
        provider: 'wechat',
        authCode: WECHAT,
        transactionId: '4200001',
      }),
    ).toEqual({
      ok: true,
      tender: { id: 'm', kind: 'wechat', amountFen: 5000, reference: '4200001', authCode: WECHAT },
    });
    expect(
      makeMobileTender({
        id: 'm',
        dueRemainingFen: 5000,
        provider: 'alipay',
        authCode: ALIPAY,
        transactionId: '2026',
      }),
    ).toMatchObject({
      ok: true,
      tender: { kind: 'alipay' },
    });
    expect(
      makeMobileTender({
        id: 'm',
        dueRemainingFen: 5000,
        provider: 'alipay',
        authCode: WECHAT,
        transactionId: 'x',
      }),
    ).toEqual({ ok: false, reason: 'badAuthCode' });
    expect(
      makeMobileTender({
        id: 'm',
        dueRemainingFen: 5000,
        provider: 'wechat',
        authCode: WECHAT,
        transactionId: '',
      }),
    ).toEqual({ ok: false, reason: 'noReference' });
  });

  it('points and coupons', () => {
    expect(
      makeVoucherTender({ id: 'v', kind: 'points', dueRemainingFen: 5000, amountFen: 300, reference: 'L-1' }),
    ).toMatchObject({
      ok: true,
      tender: { kind: 'points', amountFen: 300, reference: 'L-1' },
    });
    expect(
      makeVoucherTender({ id: 'v', kind: 'coupon', dueRemainingFen: 200, amountFen: 300, reference: 'C' }),
    ).toEqual({ ok: false, reason: 'exceedsRemaining' });
  });
});

describe('split tender and addTender', () => {
  it('card then cash with rounding completes the sale', () => {
    const due = 12345;
    let tenders: Tender[] = [];
    const card = makeCardTender({ id: 'a', dueRemainingFen: due, amountFen: 10000, reference: 'R1' });
    if (!card.ok) throw new Error('setup');
    const r1 = addTender(due, tenders, card.tender);
    if (!r1.ok) throw new Error('setup');
    tenders = r1.tenders;
    expect(r1.summary).toMatchObject({ paidFen: 10000, remainingFen: 2345, complete: false });
    const cash = makeCashTender({
      id: 'b',
      dueRemainingFen: r1.summary.remainingFen,
      tenderedFen: 5000,
      roundToJiao: true,
    });
    if (!cash.ok) throw new Error('setup');
    const r2 = addTender(due, tenders, cash.tender);
    expect(r2).toMatchObject({
      ok: true,
      summary: {
        payableFen: 12350,
        paidFen: 12350,
        roundingFen: 5,
        changeFen: 2650,
        remainingFen: 0,
        complete: true,
      },
    });
  });

  it('refuses a double-submitted tender, tenders after completion, and overpaying non-cash', () => {
    const card = makeCardTender({ id: 'a', dueRemainingFen: 1000, amountFen: 400, reference: 'R' });
    if (!card.ok) throw new Error('setup');
    const r = addTender(1000, [], card.tender);
    if (!r.ok) throw new Error('setup');
    expect(addTender(1000, r.tenders, card.tender)).toEqual({ ok: false, reason: 'duplicate' });
    expect(addTender(1000, r.tenders, { id: 'b', kind: 'card', amountFen: 601, reference: 'R' })).toEqual({
      ok: false,
      reason: 'exceedsRemaining',
    });
    const done = addTender(1000, r.tenders, { id: 'b', kind: 'card', amountFen: 600, reference: 'R' });
    if (!done.ok) throw new Error('setup');
    expect(
      addTender(1000, done.tenders, { id: 'c', kind: 'cash', amountFen: 10, tenderedFen: 10, changeFen: 0 }),
    ).toEqual({ ok: false, reason: 'alreadyComplete' });
  });

  it('a zero due sale is complete without tenders', () => {
    expect(tenderSummary(0, [])).toEqual({
      payableFen: 0,
      paidFen: 0,
      remainingFen: 0,
      changeFen: 0,
      roundingFen: 0,
      complete: true,
    });
  });

  it('property: summary invariants over random split payments', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.array(
          fc.record({
            cash: fc.boolean(),
            part: fc.integer({ min: 1, max: 1_000_000 }),
            round: fc.boolean(),
          }),
          { maxLength: 8 },
        ),
        (due, steps) => {
          let tenders: Tender[] = [];
          steps.forEach((s, i) => {
            const remaining = tenderSummary(due, tenders).remainingFen;
            if (remaining === 0) return;
            const t = s.cash
              ? makeCashTender({
                  id: `t${i}`,
                  dueRemainingFen: remaining,
                  tenderedFen: s.part,
                  roundToJiao: s.round,
                  allowPartial: true,
                })
              : makeCardTender({
                  id: `t${i}`,
                  dueRemainingFen: remaining,
                  amountFen: Math.min(s.part, remaining),
                  reference: 'R',
                });
            if (!t.ok) return;
            const r = addTender(due, tenders, t.tender);
            expect(r.ok).toBe(true);
            if (r.ok) tenders = r.tenders;
          });
          const sum = tenderSummary(due, tenders);
          expect(sum.payableFen).toBe(due + sum.roundingFen);
          expect(sum.remainingFen).toBe(Math.max(0, sum.payableFen - sum.paidFen));
          expect(sum.complete).toBe(sum.remainingFen === 0);
          // never overpaid: only cash change goes back
          expect(sum.paidFen).toBeLessThanOrEqual(sum.payableFen);
          const nonCashChange = tenders
            .filter((t) => t.kind !== 'cash')
            .some((t) => t.changeFen !== undefined);
          expect(nonCashChange).toBe(false);
          for (const t of tenders)
            if (t.kind === 'cash') expect(t.tenderedFen).toBe(t.amountFen + (t.changeFen ?? 0));
        },
      ),
    );
  });
});

describe('QUICK_CASH_AMOUNTS', () => {
  it.each([
    [1280, [1280, 2000, 5000, 10000]],
    [2000, [2000, 5000, 10000]],
    [12345, [12345, 13000, 15000, 20000]],
    [10000, [10000]],
    [5001, [5001, 6000, 10000]],
    [0, []],
    [-5, []],
  ])('%i -> %j', (due, expected) => {
    expect(QUICK_CASH_AMOUNTS(due)).toEqual(expected);
  });

  it('is ascending, unique, starts with the exact amount and covers it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000_000 }), (due) => {
        const xs = QUICK_CASH_AMOUNTS(due);
        expect(xs[0]).toBe(due);
        for (let i = 1; i < xs.length; i++) expect(xs[i]!).toBeGreaterThan(xs[i - 1]!);
        for (const x of xs) expect(x).toBeGreaterThanOrEqual(due);
      }),
    );
  });
});

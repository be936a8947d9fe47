import { describe, expect, it } from 'vitest';
import type { MemberRules } from '../../../domain/membership/rules';
import { priceCart } from '../../../domain/membership/pricing';
import type { CouponTerms } from '../../../domain/membership/coupons';
import type { CartLine, Tender } from '../../../domain/model';
import type { RootState } from '../../app/store';
import { saleMembership } from './saleMembership';
import { canSpend, type AttachedMember } from './memberSlice';

const RULES: MemberRules = {
  tiers: [{ code: 'gold', name: '金卡', rank: 2, discountBp: 9500, earnMultiplierBp: 20000 }],
  categoryDiscounts: [],
  earn: { pointsPerYuan: 1, categoryMultipliers: [], excludedCategories: [] },
  redeem: {
    pointsPerYuan: 100,
    minPoints: 100,
    maxRateBp: 5000,
    maxPointsPerSale: 50_000,
    offlineCapPoints: 2000,
  },
  coupons: { maxPerSale: 1 },
  tokenTtlS: 60,
  memberCacheTtlS: 3600,
};
const COUPON: CouponTerms = {
  id: 'C1',
  code: 'CP1',
  title: '满200减20',
  memberId: 'M1',
  kind: 'amount',
  valueFen: 2000,
  minSpendFen: 20000,
  validFrom: '2026-01-01',
  validTo: '2026-12-31',
  state: 'issued',
  categoryIds: [],
  offlineAllowed: true,
  stackable: false,
};
const line: CartLine = {
  lineId: '0190a000-0000-7000-8000-000000000001',
  productId: 'p1',
  barcode: '6901234567892',
  name: '豆浆机',
  nameEn: 'Soy milk maker',
  categoryId: 'c1',
  unit: 'piece',
  qty: 1,
  unitPriceFen: 31000,
  amountFen: 31000,
  discountFen: 0,
  discounts: [],
};

function state(opts: {
  tenders: Tender[];
  source: 'crm' | 'cache';
  provisional: boolean;
  proof?: string;
}): RootState {
  const priced = priceCart({ lines: [line] }, { memberId: 'M1', tier: 'gold', rules: RULES }, [COUPON]).cart;
  const attached: AttachedMember = {
    id: 'M1',
    cardMasked: 'M******0134',
    nameMasked: '周**',
    phoneMasked: '138****0003',
    tier: 'gold',
    tierName: '金卡',
    balance: 8000,
    provisional: opts.provisional,
    source: opts.source,
    expiringSoon: [],
    coupons: [COUPON],
    profile: null,
    rules: RULES,
    attachedAt: '2026-06-01T02:00:00.000Z',
    ...(opts.proof ? { proof: opts.proof } : {}),
  };
  return {
    cart: { cart: priced, coupons: [COUPON] },
    tender: { tenders: opts.tenders },
    member: { attached },
  } as unknown as RootState;
}

let ids = 0;
const newId = () => `0190a000-0000-7000-8000-${String(++ids).padStart(12, '0')}`;

describe('what a member sale commits and prints', () => {
  it('earns on what was paid apart from points, redeems the points tendered, and names the coupon', () => {
    // 310.00 at 95折 = 294.50, coupon -20.00 = 274.50 due; 50.00 paid with points (5,000 points).
    const tenders: Tender[] = [
      { id: newId(), kind: 'points', amountFen: 5000, reference: '0190a000-0000-7000-8000-00000000aaaa' },
      { id: newId(), kind: 'cash', amountFen: 22450, tenderedFen: 22450, changeFen: 0 },
    ];
    const m = saleMembership(
      state({ tenders, source: 'crm', provisional: false, proof: 'MT1.scanned.code' }),
      newId,
    );
    // The scanned member code travels with the sale: the CRM's proof that the member was here to spend.
    expect(m.intents.memberProof).toEqual({
      token: 'MT1.scanned.code',
      scannedAt: '2026-06-01T02:00:00.000Z',
    });
    // Earning on 224.50 yuan x 1 point x 2.0 (gold) = 449 points.
    expect(m.intents.points).toMatchObject({
      memberId: 'M1',
      earn: 449,
      redeem: 5000,
      redeemEntryId: '0190a000-0000-7000-8000-00000000aaaa',
    });
    expect(m.intents.points?.provisional).toBeUndefined();
    expect(m.intents.coupons).toEqual([{ couponId: 'C1', code: 'CP1', discountFen: 2000 }]);
    expect(m.receipt).toMatchObject({
      label: '周** 138****0003',
      pointsEarned: 449,
      pointsUsed: 5000,
      pointsBalance: 8000 + 449 - 5000,
      coupons: [{ code: 'CP1', title: '满200减20', amountFen: 2000 }],
    });
    expect(m.receipt?.provisional).toBeUndefined();
  });

  it('sends no member proof when the member was attached by card or phone', () => {
    const m = saleMembership(state({ tenders: [], source: 'crm', provisional: false }), newId);
    expect(m.intents.memberProof).toBeUndefined();
    expect(canSpend(null)).toBe(false);
    expect(canSpend({ proof: 'MT1.x' })).toBe(true);
  });

  it('marks the balance provisional when the member came from the cache', () => {
    const m = saleMembership(state({ tenders: [], source: 'cache', provisional: false }), newId);
    expect(m.intents.points?.provisional).toBe(true);
    expect(m.receipt?.provisional).toBe(true);
  });
});

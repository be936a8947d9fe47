// The handheld's pure parts: member prices by tier (the cart's rounding), the online mall URL with the attribution
// code, and when the app shell's service worker may be registered (never in Electron).
import { describe, expect, it } from 'vitest';
import type { MemberRules } from '../../../domain/membership/rules';
import { AttributionCodeSchema } from '../../../shared/crm';
import { shouldRegisterAppShell } from './pwa/registerAppShell';
import { DEFAULT_MALL_URL_TEMPLATE, mallUrl, tierPrices } from './pdaThunks';

const rules = {
  tiers: [
    { code: 'gold', name: '金卡', rank: 2, discountBp: 9500, earnMultiplierBp: 15000 },
    { code: 'normal', name: '普通', rank: 0, discountBp: 10000, earnMultiplierBp: 10000 },
    { code: 'silver', name: '银卡', rank: 1, discountBp: 9800, earnMultiplierBp: 12000 },
  ],
  categoryDiscounts: [
    { tier: 'gold', categoryId: 'beauty', discountBp: 9000 },
    { tier: 'silver', categoryId: 'wine', discountBp: 10000 },
  ],
  earn: { pointsPerYuan: 1, categoryMultipliers: [], excludedCategories: [] },
  redeem: {
    pointsPerYuan: 100,
    minPoints: 100,
    maxRateBp: 5000,
    maxPointsPerSale: 50000,
    offlineCapPoints: 2000,
  },
  coupons: { maxPerSale: 1 },
  tokenTtlS: 60,
  memberCacheTtlS: 86400,
} satisfies MemberRules;

describe('member prices by tier', () => {
  it('lists every tier from the entry tier up, with its rate for the category, rounded as the cart rounds', () => {
    expect(tierPrices(rules, { priceFen: 1999, categoryId: 'food' })).toEqual([
      { code: 'normal', name: '普通', rateBp: 10000, priceFen: 1999 },
      // 1999 x 2% = 39.98 -> 40 off (half up)
      { code: 'silver', name: '银卡', rateBp: 9800, priceFen: 1959 },
      // 1999 x 5% = 99.95 -> 100 off
      { code: 'gold', name: '金卡', rateBp: 9500, priceFen: 1899 },
    ]);
  });

  it("uses a category's own rate for a tier, including list price where the rules say so", () => {
    const beauty = tierPrices(rules, { priceFen: 5450, categoryId: 'beauty' });
    expect(beauty.find((t) => t.code === 'gold')).toMatchObject({ rateBp: 9000, priceFen: 4905 });
    const wine = tierPrices(rules, { priceFen: 12800, categoryId: 'wine' });
    expect(wine.find((t) => t.code === 'silver')).toMatchObject({ rateBp: 10000, priceFen: 12800 });
  });
});

describe('the online mall URL', () => {
  it("puts the product and the code into the default demo page on the CRM's address", () => {
    expect(mallUrl(DEFAULT_MALL_URL_TEMPLATE, 'http://127.0.0.1:8080', 'P00012', 'AT1.ABCDEFGHJK12')).toBe(
      'http://127.0.0.1:8080/demo/mall/p/P00012?a=AT1.ABCDEFGHJK12',
    );
  });

  it('fills a full mall URL as configured, escaping what it puts in', () => {
    expect(
      mallUrl(
        'https://mall.example/p/{productId}?a={attribution}&src=store',
        'http://crm',
        'P 1/2',
        'AS1.S001.T03.E1004',
      ),
    ).toBe('https://mall.example/p/P%201%2F2?a=AS1.S001.T03.E1004&src=store');
  });

  it('accepts only the two attribution code forms', () => {
    expect(AttributionCodeSchema.safeParse('AT1.ABCDEFGHJK12').success).toBe(true);
    expect(AttributionCodeSchema.safeParse('AS1.S001.T03.E1004').success).toBe(true);
    for (const bad of ['AT1.abc', 'AS1.S001.E1004', 'AT1.ABCDEFGHJK12x', 'AS1.S001.T03.E1004.x', '<script>'])
      expect(AttributionCodeSchema.safeParse(bad).success, bad).toBe(false);
  });
});

describe('the app shell service worker registration', () => {
  const web = {
    platformKind: 'web' as const,
    protocol: 'http:',
    search: '',
    hasServiceWorker: true,
    dev: false,
  };

  it('registers on the web platform over http(s)', () => {
    expect(shouldRegisterAppShell(web)).toBe(true);
    expect(shouldRegisterAppShell({ ...web, protocol: 'https:', search: '?db=x' })).toBe(true);
  });

  it('never in Electron, in the dev server, without service workers, off http(s), or when switched off', () => {
    expect(shouldRegisterAppShell({ ...web, platformKind: 'electron' })).toBe(false);
    expect(shouldRegisterAppShell({ ...web, protocol: 'app:' })).toBe(false);
    expect(shouldRegisterAppShell({ ...web, dev: true })).toBe(false);
    expect(shouldRegisterAppShell({ ...web, hasServiceWorker: false })).toBe(false);
    expect(shouldRegisterAppShell({ ...web, search: '?sw=off' })).toBe(false);
    expect(shouldRegisterAppShell({ ...web, search: '?bench=1' })).toBe(false);
  });
});

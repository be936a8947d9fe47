import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { MEMBER_TOKEN_PREFIX } from '../../domain/codes';
import { base64UrlEncode, newSigningKey, signToken, type TokenClaims } from '../../domain/signedToken';
import type { MemberConfig, MemberTillProfile } from '../../shared/crm';
import { Dexie } from 'dexie';
import { memberCardHash } from '../../domain/membership/memberCard';
import { openCache, openLedger } from '../db';
import { newId } from '../ids';
import { commitSale } from '../sales';
import { fixedClock, freshCache, freshLedger, saleDraft } from '../testSupport';
import { saveMemberConfig } from './config';
import type { MemberCrm } from './crmMembers';
import { identifyMember } from './identify';
import { cachedMemberById, cacheMember, provisionalBalance, purgeExpiredMembers } from './memberCache';
import { acceptMemberToken } from './tokens';

const crmKey = newSigningKey();
const otherKey = newSigningKey();
const keys = { k1: crmKey.publicKey };
const NOW = new Date('2026-11-25T02:00:00.000Z');
const nowS = Math.floor(NOW.getTime() / 1000);

const claims = (over: Partial<TokenClaims> = {}): TokenClaims => ({
  sub: 'M00001',
  iat: nowS - 5,
  exp: nowS + 55,
  jti: newId(),
  kid: 'k1',
  ...over,
});
const token = (c: TokenClaims = claims(), key = crmKey.secretKey) => signToken(MEMBER_TOKEN_PREFIX, c, key);

describe('member QR tokens at the till', () => {
  it('accepts a fresh token once and refuses its replay, even after the ledger is reopened', async () => {
    const ledger = await freshLedger();
    const t = token();
    expect(await acceptMemberToken(ledger, t, keys, NOW)).toMatchObject({ ok: true, memberId: 'M00001' });
    expect(await acceptMemberToken(ledger, t, keys, NOW)).toEqual({ ok: false, reason: 'replayed' });
    const name = ledger.name;
    ledger.close();
    const reopened = openLedger(name);
    expect(await acceptMemberToken(reopened, t, keys, new Date(NOW.getTime() + 20_000))).toEqual({
      ok: false,
      reason: 'replayed',
    });
    reopened.close();
  });

  it('refuses forged, wrong-key, unknown-key, expired and pickup tokens', async () => {
    const ledger = await freshLedger();
    const good = token();
    // Forged: the claims changed after signing (another member id, same signature).
    const [body, sig] = [good.slice(0, good.lastIndexOf('.')), good.slice(good.lastIndexOf('.') + 1)];
    const forgedClaims = base64UrlEncode(new TextEncoder().encode(JSON.stringify(claims({ sub: 'M00999' }))));
    const forged = `${MEMBER_TOKEN_PREFIX}${forgedClaims}.${sig}`;
    expect(body.startsWith(MEMBER_TOKEN_PREFIX)).toBe(true);
    expect(await acceptMemberToken(ledger, forged, keys, NOW)).toEqual({ ok: false, reason: 'badSignature' });
    // Signed with a key that is not the CRM's, but claiming the CRM's key id.
    expect(await acceptMemberToken(ledger, token(claims(), otherKey.secretKey), keys, NOW)).toEqual({
      ok: false,
      reason: 'badSignature',
    });
    expect(await acceptMemberToken(ledger, token(claims({ kid: 'k9' })), keys, NOW)).toEqual({
      ok: false,
      reason: 'unknownKey',
    });
    const old = claims({ iat: nowS - 300, exp: nowS - 240 });
    expect(await acceptMemberToken(ledger, token(old), keys, NOW)).toEqual({ ok: false, reason: 'expired' });
    const pickup = signToken('PK1.', claims(), crmKey.secretKey);
    expect(await acceptMemberToken(ledger, pickup, keys, NOW)).toEqual({ ok: false, reason: 'wrongKind' });
    expect(await acceptMemberToken(ledger, 'MT1.garbage', keys, NOW)).toEqual({
      ok: false,
      reason: 'malformed',
    });
    // None of the refusals used up anything: the good token still passes once.
    expect((await acceptMemberToken(ledger, good, keys, NOW)).ok).toBe(true);
  });
});

const RULES: MemberConfig['rules'] = {
  tiers: [{ code: 'gold', name: '金卡', rank: 2, discountBp: 9500, earnMultiplierBp: 15000 }],
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
const CONFIG: MemberConfig = {
  keys: [
    { kid: 'k1', publicKey: base64UrlEncode(crmKey.publicKey), active: true, createdAt: NOW.toISOString() },
  ],
  rules: RULES,
  serverTime: NOW.toISOString(),
};

function profile(balance: number): MemberTillProfile {
  return {
    member: {
      id: 'M00001',
      cardNo: 'M1000000134',
      nameMasked: '张**',
      phoneMasked: '138****0001',
      tier: 'gold',
      pointsBalance: balance,
      expiringLots: [],
      preferences: ['乳制品'],
      joinedOn: '2024-01-01',
      active: true,
    },
    tier: { code: 'gold', name: '金卡', spendFen: 0 },
    expiringSoon: [{ expiresOn: '2026-12-01', points: 120 }],
    coupons: [],
    tags: [],
    alsoBought: [],
    fetchedAt: NOW.toISOString(),
  };
}

describe('the member cache and the provisional balance', () => {
  it('adds this till’s unacknowledged points deltas to the cached balance', async () => {
    const ledger = await freshLedger();
    const cache = freshCache();
    const row = await cacheMember(cache, ledger, profile(5000));
    expect(await provisionalBalance(ledger, 'M00001', row.balance, row.ackedSeqAtFetch)).toEqual({
      balance: 5000,
      pendingDelta: 0,
      provisional: false,
    });
    await commitSale(ledger, saleDraft({ memberId: 'M00001' }), fixedClock(NOW.toISOString()), {
      points: { memberId: 'M00001', earn: 30, earnEntryId: newId(), redeem: 1000, redeemEntryId: newId() },
    });
    await commitSale(ledger, saleDraft(), fixedClock(NOW.toISOString()), {
      points: { memberId: 'M00777', earn: 99, redeem: 0 },
    });
    expect(await provisionalBalance(ledger, 'M00001', row.balance, row.ackedSeqAtFetch)).toEqual({
      balance: 4030,
      pendingDelta: -970,
      provisional: true,
    });
  });

  it('serves a cached member within its time-to-live only, and purges it after', async () => {
    const ledger = await freshLedger();
    const cache = freshCache();
    await cacheMember(cache, ledger, profile(100));
    expect(await cachedMemberById(cache, 'M00001', new Date(NOW.getTime() + 3000_000), 3600)).toBeDefined();
    expect(await cachedMemberById(cache, 'M00001', new Date(NOW.getTime() + 3700_000), 3600)).toBeUndefined();
    expect(await purgeExpiredMembers(cache, new Date(NOW.getTime() + 3700_000), 3600)).toBe(1);
    expect(await cache.members.count()).toBe(0);
  });

  it('identifies a token offline from the cache (provisional), and online from the CRM', async () => {
    const ledger = await freshLedger();
    const cache = freshCache();
    await saveMemberConfig(cache, CONFIG, NOW);
    const calls: string[] = [];
    const crm: MemberCrm = {
      config: async () => ({ ok: true, value: CONFIG }),
      profile: async (id) => (calls.push(id), { ok: true, value: profile(5000) }),
      profileByCard: async () => ({
        ok: false,
        failure: { kind: 'deterministic', status: 404, code: 'member-not-found', detail: '' },
      }),
      lookupPhone: async () => ({ ok: true, value: [] }),
      purchases: async () => ({ ok: true, value: { items: [], page: 1, pageSize: 5, total: 0 } }),
      revealPhone: async () => ({ ok: true, value: '13800000001' }),
    };
    const deps = { ledger, cache, crm, online: false, now: () => NOW };
    // Offline and never seen here: nothing to show, and the token is used up (a replay stays refused).
    expect(await identifyMember(deps, { kind: 'token', token: token() })).toEqual({
      ok: false,
      reason: 'notCached',
    });
    const online = await identifyMember({ ...deps, online: true }, { kind: 'token', token: token() });
    expect(online.ok && online.value.source).toBe('crm');
    expect(calls).toEqual(['M00001']);
    const offline = await identifyMember(deps, { kind: 'token', token: token() });
    expect(offline).toMatchObject({
      ok: true,
      value: { source: 'cache', balance: { balance: 5000, provisional: true } },
    });
    expect(await identifyMember({ ...deps, online: true }, { kind: 'card', cardNo: 'M1000000142' })).toEqual({
      ok: false,
      reason: 'notFound',
    });
    const expired = claims({ iat: nowS - 400, exp: nowS - 300 });
    expect(await identifyMember(deps, { kind: 'token', token: token(expired) })).toEqual({
      ok: false,
      reason: 'expired',
    });
  });
});

describe('a stolen till gives away no card numbers (issue 16)', () => {
  const crmWith = (calls: string[]): MemberCrm => ({
    config: async () => ({ ok: true, value: CONFIG }),
    profile: async (id) => (calls.push(`id:${id}`), { ok: true, value: profile(5000) }),
    profileByCard: async (card) =>
      card === 'M1000000134'
        ? (calls.push(`card:${card}`), { ok: true, value: profile(5000) })
        : (calls.push(`card:${card}`),
          {
            ok: false,
            failure: { kind: 'deterministic', status: 404, code: 'member-not-found', detail: '' },
          }),
    lookupPhone: async () => ({ ok: true, value: [] }),
    purchases: async () => ({ ok: true, value: { items: [], page: 1, pageSize: 5, total: 0 } }),
    revealPhone: async () => ({ ok: true, value: '13800000001' }),
  });

  it('caches the card hash and last 4 digits only; a scan matches by hash offline', async () => {
    const ledger = await freshLedger();
    const cache = freshCache();
    await saveMemberConfig(cache, CONFIG, NOW);
    const calls: string[] = [];
    const deps = { ledger, cache, crm: crmWith(calls), online: true, now: () => NOW };
    const online = await identifyMember(deps, { kind: 'card', cardNo: 'M1000000134' });
    expect(online.ok && online.value.source).toBe('crm');
    const rows = await cache.members.toArray();
    expect(rows).toHaveLength(1);
    expect(rows[0]).not.toHaveProperty('cardNo');
    expect(rows[0]).toMatchObject({ cardHash: memberCardHash('M1000000134'), cardLast4: '0134' });
    expect(JSON.stringify(rows)).not.toContain('M1000000134');

    const offline = await identifyMember({ ...deps, online: false }, { kind: 'card', cardNo: 'M1000000134' });
    expect(offline).toMatchObject({ ok: true, value: { source: 'cache', member: { id: 'M00001' } } });
    expect(await identifyMember({ ...deps, online: false }, { kind: 'card', cardNo: 'M1000000142' })).toEqual(
      {
        ok: false,
        reason: 'notCached',
      },
    );
  });

  it('a scan of a member not in the cache goes online', async () => {
    const ledger = await freshLedger();
    const cache = freshCache();
    await saveMemberConfig(cache, CONFIG, NOW);
    const calls: string[] = [];
    const deps = { ledger, cache, crm: crmWith(calls), online: true, now: () => NOW };
    expect(await cache.members.count()).toBe(0);
    const r = await identifyMember(deps, { kind: 'card', cardNo: 'M1000000134' });
    expect(r).toMatchObject({ ok: true, value: { source: 'crm', member: { id: 'M00001' } } });
    expect(calls).toEqual(['card:M1000000134']);
  });

  it('an older cache (v4, full card numbers) is rewritten to hashes on upgrade', async () => {
    const name = `cache-upgrade-${newId()}`;
    const old = new Dexie(name);
    old.version(3).stores({ members: 'id, &cardNo, fetchedAt' });
    old.version(4).stores({ pickupSeen: 'id' });
    await old.open();
    await old.table('members').put({
      id: 'M00001',
      cardNo: 'M1000000134',
      nameMasked: '张**',
      phoneMasked: '138****0001',
      tier: 'gold',
      tierName: '金卡',
      balance: 10,
      expiringSoon: [],
      coupons: [],
      fetchedAt: NOW.toISOString(),
      ackedSeqAtFetch: 0,
    });
    old.close();
    const cache = openCache(name);
    const rows = await cache.members.toArray();
    expect(rows).toHaveLength(1);
    expect(rows[0]).not.toHaveProperty('cardNo');
    expect(rows[0]).toMatchObject({
      id: 'M00001',
      cardHash: memberCardHash('M1000000134'),
      cardLast4: '0134',
    });
    expect(await cache.members.where('cardHash').equals(memberCardHash('M1000000134')).count()).toBe(1);
    cache.close();
  });
});

// Member lookup benchmarks (issue 4), registered in bench/run.ts:
// - member_lookup_cache: identifying a member offline the way the till does (verify the QR token with the cached
//   key, record it in the replay guard, read the cached member, add this till's pending points deltas), over a
//   cache of 5,000 members and a ledger with 500 unsent member sales. Node with fake-indexeddb (the same Dexie
//   code; Chromium's IndexedDB is not driven here). Goal p95 <= 20 ms.
// - member_lookup_crm: the till's CRM call for a card number (GET /members/by-card, schema-checked) against the
//   reference CRM in its own process on loopback, PGlite, demo seed. Goal p95 <= 100 ms.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { MEMBER_TOKEN_PREFIX } from '../src/domain/codes';
import { memberCardHash } from '../src/domain/membership/memberCard';
import { base64UrlEncode, newSigningKey, signToken } from '../src/domain/signedToken';
import type { MemberConfig } from '../src/shared/crm';
import { openCache, openLedger } from '../src/offline/db';
import { newId } from '../src/offline/ids';
import { identifyMember, memberCrm, saveMemberConfig } from '../src/offline/members';
import { commitSale } from '../src/offline/sales';
import { createCrmClient } from '../src/offline/sync/crmClient';
import { getOrCreateTerminalIdentity } from '../src/offline/terminal';
import { round, summarize, checkGoals, type BenchEntry, type BenchResult } from './stats';

const CRM_MAIN = fileURLToPath(new URL('../crm/main.ts', import.meta.url));

function entry(times: number[], goal: Record<string, number>, extra: Record<string, unknown>): BenchResult {
  const s = summarize(times);
  const r: BenchResult = { unit: 'ms', median: round(s.median), p95: round(s.p95), n: s.n, ...extra };
  return { ...r, goal, goalMet: checkGoals(r, goal) };
}

export async function benchMemberLookupCache(
  opts: { members?: number; pending?: number; n?: number } = {},
): Promise<BenchResult> {
  const members = opts.members ?? 5000;
  const pending = opts.pending ?? 500;
  const n = opts.n ?? 300;
  const dbOpts = { indexedDB: new IDBFactory(), IDBKeyRange };
  const ledger = openLedger('bench-member-ledger', dbOpts);
  const cache = openCache('bench-member-cache', dbOpts);
  await getOrCreateTerminalIdentity(ledger, { storeId: 'S001', storeName: '天河店', terminalId: 'T03' });
  const key = newSigningKey();
  const now = new Date();
  const config: MemberConfig = {
    keys: [
      { kid: 'k1', publicKey: base64UrlEncode(key.publicKey), active: true, createdAt: now.toISOString() },
    ],
    rules: {
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
      memberCacheTtlS: 7 * 86_400,
    },
    serverTime: now.toISOString(),
  };
  await saveMemberConfig(cache, config, now);
  const id = (i: number) => `M${String(i).padStart(5, '0')}`;
  const rows = Array.from({ length: members }, (_, i) => ({
    id: id(i),
    cardHash: memberCardHash(`M${String(100000000 + i).padStart(9, '0')}0`),
    cardLast4: `${String(100000000 + i).slice(-3)}0`,
    nameMasked: '张**',
    phoneMasked: '138****0000',
    tier: 'gold',
    tierName: '金卡',
    balance: 5000,
    expiringSoon: [{ expiresOn: '2026-12-01', points: 100 }],
    coupons: [],
    fetchedAt: now.toISOString(),
    ackedSeqAtFetch: 0,
  }));
  for (let i = 0; i < rows.length; i += 1000) await cache.members.bulkPut(rows.slice(i, i + 1000));
  const line = {
    lineId: newId(),
    productId: 'p1',
    barcode: '6901234567892',
    name: '伊利纯牛奶',
    nameEn: 'Milk',
    categoryId: 'c1',
    unit: 'piece' as const,
    qty: 1,
    unitPriceFen: 6990,
    amountFen: 6990,
    discountFen: 0,
    discounts: [],
  };
  for (let i = 0; i < pending; i++)
    await commitSale(
      ledger,
      {
        id: newId(),
        storeId: 'S001',
        terminalId: 'T03',
        cashierId: 'E1002',
        lines: [line],
        tenders: [{ id: newId(), kind: 'cash', amountFen: 6990, tenderedFen: 6990, changeFen: 0 }],
        totals: { itemCount: 1, grossFen: 6990, discountFen: 0, dueFen: 6990 },
        roundingFen: 0,
        changeFen: 0,
        memberId: id(i % 50),
        status: 'completed',
      },
      undefined,
      { points: { memberId: id(i % 50), earn: 69, earnEntryId: newId(), redeem: 0 }, coupons: [] },
    );
  const deps = { ledger, cache, crm: null, online: false, now: () => new Date() };
  const times: number[] = [];
  for (let i = 0; i < n + 30; i++) {
    const iat = Math.floor(Date.now() / 1000);
    const token = signToken(
      MEMBER_TOKEN_PREFIX,
      { sub: id((i * 7919) % 100), iat, exp: iat + 60, jti: newId(), kid: 'k1' },
      key.secretKey,
    );
    const t0 = performance.now();
    const r = await identifyMember(deps, { kind: 'token', token });
    const ms = performance.now() - t0;
    if (!r.ok) throw new Error(`member_lookup_cache: ${r.reason}`);
    if (i >= 30) times.push(ms);
  }
  ledger.close();
  cache.close();
  return entry(times, { p95Max: 20 }, { members, pendingSales: pending, engine: 'fake-indexeddb (Node)' });
}

/** The reference CRM in its own process on loopback; resolves with its URL and a stop function. */
async function startCrmProcess(dataDir: string): Promise<{ url: string; code: string; stop(): void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CRM_MAIN], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DEMO_ENROLL_CODE: 'BENCH-MEMBER-01',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('CRM did not start within 120 s')), 120_000);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      const m = /\{"level":"info","msg":"crm ready","url":"([^"]+)"/.exec(out);
      if (m) {
        clearTimeout(timer);
        out = '';
        resolve({ url: m[1]!, code: 'BENCH-MEMBER-01', stop: () => child.kill('SIGTERM') });
      }
      if (out.length > 1_000_000) out = out.slice(-10_000);
    });
    child.on('exit', (code) => reject(new Error(`CRM exited ${code}`)));
  });
}

export async function benchMemberLookupCrm(opts: { n?: number } = {}): Promise<BenchResult> {
  const n = opts.n ?? 200;
  const dataDir = await mkdtemp(join(tmpdir(), 'bench-member-crm-'));
  const crm = await startCrmProcess(dataDir);
  try {
    const client = createCrmClient({ baseUrl: crm.url, timeoutMs: 30_000 });
    const enrolled = await client.enroll({ storeId: 'S001', terminalId: 'T03', code: crm.code });
    if (!enrolled.ok) throw new Error(`enroll: ${enrolled.failure.detail}`);
    client.useCredential(enrolled.value.credential);
    const members = memberCrm(client, 30_000);
    // Card numbers of the seeded members, read through the API itself (no database access from here).
    const cards: string[] = [];
    for (let i = 1; i <= 40; i++) {
      const p = await members.profile(`M${String(i).padStart(5, '0')}`);
      if (p.ok) cards.push(p.value.member.cardNo);
    }
    if (cards.length === 0) throw new Error('no seeded members');
    const times: number[] = [];
    for (let i = 0; i < n + 20; i++) {
      const t0 = performance.now();
      const r = await members.profileByCard(cards[i % cards.length]!);
      const ms = performance.now() - t0;
      if (!r.ok) throw new Error(`member_lookup_crm: ${r.failure.code} ${r.failure.detail}`);
      if (i >= 20) times.push(ms);
    }
    return entry(
      times,
      { p95Max: 100 },
      { backend: 'pglite', transport: 'loopback HTTP, CRM in its own process' },
    );
  } finally {
    crm.stop();
    await new Promise((r) => setTimeout(r, 500));
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Both member benchmarks that `wanted` selects; a failure becomes { error } and the run goes on. */
export async function runMemberBenches(opts: {
  log: (line: string) => void;
  wanted: (name: string) => boolean;
}): Promise<Record<string, BenchEntry>> {
  const out: Record<string, BenchEntry> = {};
  const run = async (name: string, fn: () => Promise<BenchResult>) => {
    if (!opts.wanted(name)) return;
    opts.log(`[bench] ${name} ...`);
    try {
      out[name] = await fn();
    } catch (e) {
      out[name] = { error: e instanceof Error ? e.message : String(e) };
    }
  };
  await run('member_lookup_cache', () => benchMemberLookupCache());
  await run('member_lookup_crm', () => benchMemberLookupCrm());
  return out;
}

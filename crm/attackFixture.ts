// The attack suite's world (issue 15): two stores of the chain and three enrolled terminals, on one CRM.
// S001 (the demo store) has tills T01 and T02; S011 has till T01. Each attack test pushes or calls the API
// as one of them would (or as a stranger with no credential) and then checks in SQL what the CRM holds.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { canonicalJson, sha256Hex } from '../src/domain/hash';
import type { Sale } from '../src/domain/model';
import {
  PushResponseSchema,
  type Mutation,
  type MutationTypeName,
  type PushResponse,
} from '../src/shared/crm';
import { badgeMac, type CheckedApprovalAction } from '../src/domain/staff/approvalProof';
import { TEST_ARGON2 } from '../src/domain/staff/pinHash';
import type { ApprovalProof } from '../src/shared/crm';
import { badgeKeyHex, newNonce } from './approvals';
import type { Db } from './db';
import { issueEnrollmentCode } from './enrollment';
import { newId } from './ids';
import { ensureSeeded, hashPin } from './seed';
import { createCrmServer } from './server';
import type { Backend } from './testSupport';

export type TillName = 'A1' | 'A2' | 'B1';
export const TILLS: Record<TillName, { storeId: string; terminalId: string }> = {
  A1: { storeId: 'S001', terminalId: 'T01' },
  A2: { storeId: 'S001', terminalId: 'T02' },
  B1: { storeId: 'S011', terminalId: 'T01' },
};

/** S011's manager (the demo seeds S001's only): approves at S011's till with this badge. */
export const S011_MANAGER = { id: 'E2011', pin: '482613', badge: 'SB1.E2011.YUEXIU5K3M9Q2W' };
/** The manager whose badge approves at each store's tills in these tests. */
const STORE_MANAGER_BADGE: Record<string, { id: string; badge: string }> = {
  S001: { id: 'E1001', badge: 'SB1.E1001.DEMO7Q2M9X4K8P' },
  S011: S011_MANAGER,
};

export interface Till {
  storeId: string;
  terminalId: string;
  token: string;
  epoch: number;
  seq: number;
}

export interface AttackWorld {
  db: Db;
  app: FastifyInstance;
  tills: Record<TillName, Till>;
  /** The next outbox mutation of a till, hashed as the till hashes it. */
  mutation: (till: TillName, type: MutationTypeName, entityId: string, payload: unknown) => Mutation;
  /** POST /push as the till; the raw response (the caller checks the status). */
  pushRaw: (
    till: TillName,
    mutations: Mutation[],
    envelope?: Record<string, unknown>,
  ) => Promise<LightMyRequestResponse>;
  /** POST /push as the till, expecting 200. */
  push: (till: TillName, mutations: Mutation[]) => Promise<PushResponse>;
  /** Any API call; `till` null sends no credential. */
  call: (
    till: TillName | null,
    method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH',
    url: string,
    body?: unknown,
  ) => Promise<LightMyRequestResponse>;
  sql: <T extends Record<string, unknown>>(text: string, params?: unknown[]) => Promise<T[]>;
  close: () => Promise<void>;
}

export async function openAttackWorld(backend: Backend): Promise<AttackWorld> {
  const db = await backend.open();
  await ensureSeeded(db, { products: 20, members: 8, pickupsPerState: 2, pinIterations: 1000 });
  await db.query(
    `INSERT INTO stores (id, name, name_en) VALUES ('S011', '越秀店', 'Yuexiu Store') ON CONFLICT DO NOTHING`,
  );
  await db.query(
    `INSERT INTO staff (id, store_id, name, role, pin_hash, badge_hash, badge_key, active)
     VALUES ($1, 'S011', '越秀店长', 'manager', $2, $3, $4, true) ON CONFLICT DO NOTHING`,
    [
      S011_MANAGER.id,
      await hashPin(S011_MANAGER.pin, 'manager', TEST_ARGON2),
      '0'.repeat(64),
      badgeKeyHex(S011_MANAGER.badge),
    ],
  );
  const app = await createCrmServer({ db });
  const tills = {} as Record<TillName, Till>;
  for (const [name, who] of Object.entries(TILLS) as [TillName, (typeof TILLS)[TillName]][]) {
    const code = await issueEnrollmentCode(db, who);
    const res = await app.inject({ method: 'POST', url: '/api/v1/enroll', payload: { ...who, code } });
    if (res.statusCode !== 200) throw new Error(`enroll ${name}: ${res.statusCode} ${res.body}`);
    const body = res.json<{ credential: string; epoch: number }>();
    tills[name] = { ...who, token: body.credential, epoch: body.epoch, seq: 0 };
  }

  const mutation: AttackWorld['mutation'] = (till, type, entityId, payload) => {
    const t = tills[till];
    t.seq += 1;
    return {
      seq: t.seq,
      mutationId: `${t.storeId}.${t.terminalId}.${t.epoch}.${t.seq}`,
      type,
      entityId,
      payload,
      payloadHash: sha256Hex(canonicalJson(payload)),
      createdAt: new Date().toISOString(),
    };
  };
  const call: AttackWorld['call'] = (till, method, url, body) =>
    app.inject({
      method,
      url,
      headers: {
        ...(till ? { authorization: `Bearer ${tills[till].token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { payload: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
  const pushRaw: AttackWorld['pushRaw'] = (till, mutations, envelope = {}) => {
    const t = tills[till];
    return call(till, 'POST', '/api/v1/push', {
      terminalId: t.terminalId,
      epoch: t.epoch,
      mutations,
      ...envelope,
    });
  };
  const push: AttackWorld['push'] = async (till, mutations) => {
    const res = await pushRaw(till, mutations);
    if (res.statusCode !== 200) throw new Error(`push ${till}: ${res.statusCode} ${res.body}`);
    return PushResponseSchema.parse(res.json());
  };
  const sql: AttackWorld['sql'] = async (text, params = []) => (await db.query(text, params)).rows as never;
  return {
    db,
    app,
    tills,
    mutation,
    pushRaw,
    push,
    call,
    sql,
    close: async () => {
      await app.close();
      await db.close();
    },
  };
}

/** A plain, consistent cash sale of one product line, made at `till` now (override anything). */
export function cashSale(
  world: AttackWorld,
  till: TillName,
  over: Partial<Sale> = {},
  amountFen = 2500,
): Sale {
  const t = world.tills[till];
  const now = new Date();
  const day = now.toISOString().slice(0, 10).replaceAll('-', '');

  return {
    id: newId(),
    receiptNo: `${t.storeId}-${t.terminalId}-${day}-${String(t.seq + 1).padStart(6, '0')}`,
    storeId: t.storeId,
    terminalId: t.terminalId,
    cashierId: 'E1002',
    businessDate: businessDateOf(now),
    createdAt: now.toISOString(),
    lines: [
      {
        lineId: newId(),
        productId: 'P1',
        barcode: '6900000000001',
        name: '测试商品',
        nameEn: 'Test item',
        categoryId: 'C1',
        unit: 'piece',
        qty: 1,
        unitPriceFen: amountFen,
        amountFen,
        discountFen: 0,
        discounts: [],
      },
    ],
    tenders: [{ id: newId(), kind: 'cash', amountFen, tenderedFen: amountFen, changeFen: 0 }],
    totals: { itemCount: 1, grossFen: amountFen, discountFen: 0, dueFen: amountFen },
    roundingFen: 0,
    changeFen: 0,
    status: 'completed',
    ...over,
  };
}

/** The store's business date (China Standard Time, no daylight saving). */
export function businessDateOf(d: Date): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** A manager's offline badge approval at the till's own store (decision 0040), as the till signs it. */
export function storeBadgeApproval(
  world: AttackWorld,
  till: TillName,
  action: CheckedApprovalAction,
  subjectId: string,
  amountFen: number,
): ApprovalProof {
  const t = world.tills[till];
  const m = STORE_MANAGER_BADGE[t.storeId]!;
  const claim = {
    action,
    approverId: m.id,
    storeId: t.storeId,
    terminalId: t.terminalId,
    subjectId,
    amountFen,
    at: new Date().toISOString(),
    nonce: newNonce(),
  };
  return { kind: 'badge', ...claim, mac: badgeMac(m.badge, claim) };
}

/** A Z report of a shift with nothing in it, closed now (override any field). */
export function emptyZ(shiftId: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  const now = new Date();
  return {
    shiftId,
    cashierId: 'E1002',
    closedBy: 'E1002',
    businessDate: businessDateOf(now),
    openedAt: now.toISOString(),
    closedAt: now.toISOString(),
    saleCount: 0,
    salesTotalFen: 0,
    openingFloatFen: 0,
    cashExpectedFen: 0,
    cashCountedFen: 0,
    ...over,
  };
}

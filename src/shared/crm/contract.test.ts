import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { MutationResultSchema, PullItemSchema, PushRequestSchema, SaleCompletedPayloadSchema } from './index';

const id = '01937f5e-8a2b-7c3d-9e4f-0123456789ab';
const sale = {
  id,
  receiptNo: 'S001-T03-20261125-0001',
  storeId: 'S001',
  terminalId: 'T03',
  cashierId: 'E1002',
  businessDate: '2026-11-25',
  createdAt: '2026-11-25T08:30:00.000Z',
  lines: [],
  tenders: [],
  totals: { itemCount: 0, grossFen: 0, discountFen: 0, dueFen: 0 },
  roundingFen: 0,
  changeFen: 0,
  status: 'completed',
};

describe('sync contract schemas', () => {
  it('accepts a sale payload and refuses fractional fen or a non-v7 id', () => {
    expect(SaleCompletedPayloadSchema.safeParse({ sale }).success).toBe(true);
    expect(SaleCompletedPayloadSchema.safeParse({ sale: { ...sale, changeFen: 0.5 } }).success).toBe(false);
    expect(
      SaleCompletedPayloadSchema.safeParse({ sale: { ...sale, id: '123e4567-e89b-42d3-a456-426614174000' } })
        .success,
    ).toBe(false);
  });

  it('refuses an empty push and an unknown mutation type', () => {
    expect(PushRequestSchema.safeParse({ terminalId: 'T03', epoch: 1, mutations: [] }).success).toBe(false);
    const m = {
      seq: 1,
      mutationId: 'T03.1.1',
      type: 'sale.refunded',
      entityId: id,
      payload: {},
      payloadHash: 'a'.repeat(64),
      createdAt: sale.createdAt,
    };
    expect(PushRequestSchema.safeParse({ terminalId: 'T03', epoch: 1, mutations: [m] }).success).toBe(false);
  });

  it('knows tombstones and statuses', () => {
    expect(PullItemSchema.safeParse({ kind: 'product', id: 'p', version: 3, op: 'delete' }).success).toBe(
      true,
    );
    expect(PullItemSchema.safeParse({ kind: 'nonsense', id: 'p', version: 3, op: 'delete' }).success).toBe(
      false,
    );
    expect(MutationResultSchema.safeParse({ seq: 1, mutationId: 'T03.1.1', status: 'lost' }).success).toBe(
      false,
    );
  });

  it('converts every request and response schema to JSON Schema for OpenAPI', () => {
    for (const s of [PushRequestSchema, MutationResultSchema, PullItemSchema, SaleCompletedPayloadSchema])
      expect(() => z.toJSONSchema(s, { unrepresentable: 'any' })).not.toThrow();
  });
});

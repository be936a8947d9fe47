// What the shift and refund screens ask the CRM directly (online only): a sale of another till for a refund, and
// the manager's day view. Answers are parsed with the contract's schemas by the CRM client.
import {
  DayViewResponseSchema,
  SaleLookupResponseSchema,
  type DayView,
  type SaleLookup,
} from '../../shared/crm/api';
import type { CrmClient, CrmResult } from '../sync/crmClient';
import type { SaleForRefund } from '../refund/refunds';

const noRequest = <T>(): CrmResult<T> => ({
  ok: false,
  failure: {
    kind: 'deterministic',
    code: 'not-supported',
    detail: 'this CRM client cannot make feature calls',
  },
});

export async function fetchDayView(client: CrmClient, date?: string): Promise<CrmResult<DayView>> {
  if (!client.request) return noRequest();
  const q = date ? `?date=${encodeURIComponent(date)}` : '';
  return client.request('GET', `/shifts/day${q}`, DayViewResponseSchema);
}

export async function fetchSaleForRefund(
  client: CrmClient,
  receiptNo: string,
): Promise<CrmResult<SaleForRefund>> {
  if (!client.request) return noRequest();
  const r = await client.request(
    'GET',
    `/sales/lookup?receiptNo=${encodeURIComponent(receiptNo)}`,
    SaleLookupResponseSchema,
  );
  if (!r.ok) return r;
  return { ok: true, value: saleForRefundOf(r.value) };
}

export function saleForRefundOf(found: SaleLookup): SaleForRefund {
  return {
    sale: found.sale,
    extras: {
      ...(found.points ? { points: found.points } : {}),
      ...(found.coupons.length ? { coupons: found.coupons } : {}),
    },
    remotePrior: found.refunds.map((r) => ({
      refundId: r.refundId,
      lines: r.lines,
      tenders: r.tenders,
      totalFen: r.totalFen,
      pointsReversed: r.pointsReversed,
      pointsRestored: r.pointsRestored,
      couponsRestored: r.couponsRestored,
    })),
    source: 'crm',
  };
}

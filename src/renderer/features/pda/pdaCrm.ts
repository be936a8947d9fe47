// The handheld's CRM calls (crm/routes/pda.ts), through the sync client so they share its credential and failure
// classes; every answer is parsed with the contract's schema. Floor staff do not wait long: 3 s, then "offline".
import type { z } from 'zod';
import {
  AttributionCodeResponseSchema,
  ProductStockResponseSchema,
  type AttributionCodeIssued,
  type ProductStock,
} from '../../../shared/crm';
import type { CrmClient, CrmResult } from '../../../offline/sync';

export interface PdaCrm {
  stock(productId: string): Promise<CrmResult<ProductStock>>;
  attributionCode(staffId: string): Promise<CrmResult<AttributionCodeIssued>>;
}

export function pdaCrm(client: CrmClient, timeoutMs = 3000): PdaCrm {
  const call = async <T>(path: string, schema: z.ZodType<T>, body?: unknown): Promise<CrmResult<T>> => {
    if (!client.request)
      return {
        ok: false,
        failure: { kind: 'deterministic', code: 'no-client', detail: 'no request method' },
      };
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<CrmResult<T>>((resolve) => {
      timer = setTimeout(
        () =>
          resolve({ ok: false, failure: { kind: 'transient', code: 'timeout', detail: `${timeoutMs} ms` } }),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([
        client.request(body === undefined ? 'GET' : 'POST', path, schema, body),
        late,
      ]);
    } finally {
      clearTimeout(timer);
    }
  };
  return {
    stock: (productId) => call(`/pda/stock/${encodeURIComponent(productId)}`, ProductStockResponseSchema),
    attributionCode: (staffId) => call('/pda/attribution-codes', AttributionCodeResponseSchema, { staffId }),
  };
}

// The CRM's pickup calls (crm/routes/pickup.ts) through the sync client, so they share its credential,
// timeouts and failure classes; every answer is parsed with the contract's schema.
import type { z } from 'zod';
import { PickupVerifyResponseSchema, type PickupVerifyRequestSchema } from '../../shared/crm';
import type { CrmClient, CrmResult } from '../sync/crmClient';

export type PickupVerifyAnswer = z.infer<typeof PickupVerifyResponseSchema>;

export interface PickupCrm {
  verify(req: z.infer<typeof PickupVerifyRequestSchema>): Promise<CrmResult<PickupVerifyAnswer>>;
}

/** Staff at the counter do not wait long: past `timeoutMs` the till verifies against its cache instead. */
export function pickupCrm(client: CrmClient, timeoutMs = 3000): PickupCrm {
  return {
    verify: async (req) => {
      if (!client.request)
        return {
          ok: false,
          failure: { kind: 'deterministic', code: 'no-client', detail: 'no generic CRM calls' },
        };
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<CrmResult<PickupVerifyAnswer>>((resolve) => {
        timer = setTimeout(
          () =>
            resolve({
              ok: false,
              failure: { kind: 'transient', code: 'timeout', detail: `no answer within ${timeoutMs} ms` },
            }),
          timeoutMs,
        );
      });
      try {
        return await Promise.race([
          client.request('POST', '/pickups/verify', PickupVerifyResponseSchema, req),
          late,
        ]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

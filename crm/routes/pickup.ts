// CRM API routes for buy-online-pick-up-in-store (see crm/routeDef.ts and crm/pickupOrders.ts) and the sweep that
// expires uncollected orders. The customer's own pickup code and QR: crm/routes/memberAuth.ts (signed-in members).
import { z } from 'zod';
import {
  PickupCreatedSchema,
  PickupCreateRequestSchema,
  PickupOrderSchema,
  PickupPerformanceSchema,
  PickupTokenResponseSchema,
  PickupVerifyRequestSchema,
  PickupVerifyResponseSchema,
} from '../../src/shared/crm';
import {
  createPickupOrder,
  expireOverduePickups,
  loadPickup,
  movePickup,
  pickupPerformance,
  pickupToken,
  verifyPickup,
} from '../pickupOrders';
import type { PageRegistrar, RouteDef } from '../routeDef';

const IdParams = z.object({ id: z.string().min(1).max(64) });
const notFound = (id: string) => ({
  problem: { status: 404, code: 'pickup-not-found', detail: `no pickup order ${id}` },
});

export const pickupRoutes: RouteDef[] = [
  {
    method: 'POST',
    path: '/pickups/verify',
    summary:
      "A pickup code or QR token checked against this store's live order (another store's order: as unknown; the till applies the refusal rules).",
    auth: true,
    body: PickupVerifyRequestSchema,
    response: PickupVerifyResponseSchema,
    problems: [429],
    rateLimit: 'pickupVerify',
    handler: async ({ db, terminal, body, services }) => {
      const req = body as z.infer<typeof PickupVerifyRequestSchema>;
      // Typed codes can be guessed: a terminal with too many wrong ones waits, and the refusal names no order.
      const who = `${terminal!.storeId}/${terminal!.terminalId}`;
      if (req.code !== undefined) {
        const lockedS = services.pickupLockout.lockedFor(who);
        if (lockedS > 0)
          return {
            problem: {
              status: 429,
              code: 'pickup-locked',
              detail: 'too many wrong pickup codes from this terminal; retry after the given delay',
              retryAfterS: lockedS,
            },
          };
      }
      const out = await verifyPickup(db, terminal!.storeId, req);
      if (req.code !== undefined) {
        if (out.order?.storeId === terminal!.storeId) services.pickupLockout.succeeded(who);
        else services.pickupLockout.failed(who);
      }
      return { status: 200, body: out };
    },
  },
  {
    method: 'POST',
    path: '/pickup-orders',
    summary:
      "Place a paid online order for store pickup (the online mall's call, with its service credential). Returns the code and QR token.",
    auth: 'service:mall',
    body: PickupCreateRequestSchema,
    response: PickupCreatedSchema,
    problems: [404, 422],
    handler: async ({ db, body }) => {
      const out = await createPickupOrder(db, body as z.infer<typeof PickupCreateRequestSchema>);
      return out.ok ? { status: 200, body: { order: out.order, token: out.token } } : { problem: out };
    },
  },
  {
    method: 'GET',
    path: '/pickup-orders/:id/token',
    summary: "A fresh signed QR token for an order of this store (what the customer's app shows).",
    auth: true,
    params: IdParams,
    response: PickupTokenResponseSchema,
    problems: [404],
    handler: async ({ db, terminal, params }) => {
      const { id } = params as z.infer<typeof IdParams>;
      const order = await loadPickup(db, 'id', id, terminal!.storeId);
      if (!order) return notFound(id);
      return {
        status: 200,
        body: { orderId: order.id, code: order.code, token: await pickupToken(db, order) },
      };
    },
  },
  {
    method: 'POST',
    path: '/pickup-orders/:id/preparing',
    summary: 'The store started picking the goods (paid -> preparing).',
    auth: true,
    params: IdParams,
    response: PickupOrderSchema,
    problems: [404, 409],
    handler: async ({ db, terminal, params }) => {
      const out = await movePickup(
        db,
        terminal!.storeId,
        (params as z.infer<typeof IdParams>).id,
        'preparing',
      );
      return out.ok ? { status: 200, body: out.order } : { problem: out };
    },
  },
  {
    method: 'POST',
    path: '/pickup-orders/:id/cancel',
    summary: 'The customer cancelled online (any state before handover).',
    auth: true,
    params: IdParams,
    response: PickupOrderSchema,
    problems: [404, 409],
    handler: async ({ db, terminal, params }) => {
      const out = await movePickup(
        db,
        terminal!.storeId,
        (params as z.infer<typeof IdParams>).id,
        'cancelled',
      );
      return out.ok ? { status: 200, body: out.order } : { problem: out };
    },
  },
  {
    method: 'POST',
    path: '/pickup-orders/expire',
    summary:
      "Expire this store's ready orders past their pickup deadline now (the CRM also sweeps every store on a timer).",
    auth: true,
    response: z.object({ expired: z.array(z.string()) }),
    handler: async ({ db, terminal }) => ({
      status: 200,
      body: { expired: await expireOverduePickups(db, new Date(), terminal!.storeId) },
    }),
  },
  {
    method: 'GET',
    path: '/pickups/performance',
    summary: 'Online orders this store fulfilled in [from, to), per staff member: each order counted once.',
    auth: true,
    query: z.object({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }) }),
    response: PickupPerformanceSchema,
    handler: async ({ db, terminal, query }) => {
      const q = query as { from: string; to: string };
      return { status: 200, body: await pickupPerformance(db, terminal!.storeId, q.from, q.to) };
    },
  },
];

/** Expires overdue orders every PICKUP_SWEEP_MS (10 min by default) while the server runs. */
const expirySweep: PageRegistrar = (app, db) => {
  const every = Number(process.env.PICKUP_SWEEP_MS ?? 600_000);
  if (!Number.isFinite(every) || every <= 0) return;
  let timer: ReturnType<typeof setInterval> | undefined;
  app.addHook('onReady', async () => {
    timer = setInterval(() => {
      expireOverduePickups(db).catch((e: unknown) => app.log.error({ err: e }, 'pickup expiry sweep failed'));
    }, every);
    timer.unref?.();
  });
  app.addHook('onClose', async () => clearInterval(timer));
};

export const pickupPages: PageRegistrar[] = [expirySweep];

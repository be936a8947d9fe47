// CRM API routes for buy-online-pick-up-in-store (see crm/routeDef.ts and crm/pickupOrders.ts), the demo page
// showing an order's pickup QR, and the sweep that expires uncollected orders.
import QRCode from 'qrcode';
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
    handler: async ({ db, terminal, body }) => {
      return {
        status: 200,
        body: await verifyPickup(db, terminal!.storeId, body as z.infer<typeof PickupVerifyRequestSchema>),
      };
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

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** /demo/pickup/<id>: the customer's pickup QR and code, as the app would show them (demo only). */
const demoPage: PageRegistrar = (app, db) => {
  app.get('/demo/pickup/:id', async (request, reply) => {
    const id = String((request.params as { id?: string }).id ?? '').slice(0, 64);
    const order = await loadPickup(db, 'id', id);
    if (!order) return reply.code(404).type('text/plain; charset=utf-8').send(`no pickup order ${id}`);
    const token = await pickupToken(db, order);
    const svg = await QRCode.toString(token, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    const lines = order.lines.map((l) => `<li>${escapeHtml(l.name)} × ${l.qty}</li>`).join('');
    return reply.type('text/html; charset=utf-8')
      .send(`<!doctype html><html lang="zh-CN"><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>提货码 ${order.code}</title>
<body style="font-family:sans-serif;max-width:420px;margin:24px auto;text-align:center">
<h1>到店自提 Store pickup</h1><p>${escapeHtml(order.customerNameMasked)} · ${order.state}</p>
<div style="width:260px;margin:auto">${svg}</div>
<p style="font-size:32px;letter-spacing:4px" data-testid="pickup-code">${order.code}</p>
<ul style="text-align:left">${lines}</ul>
<p>扫码枪输入 / scanner input:</p><textarea readonly rows="4" style="width:100%" data-testid="pickup-token">${escapeHtml(token)}</textarea>
</body></html>`);
  });
};

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

export const pickupPages: PageRegistrar[] = [demoPage, expirySweep];

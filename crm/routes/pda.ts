// CRM API routes for floor staff on handhelds (issue 8): stock here and nearby, the attribution code a member of
// staff puts in a product's mall QR, the online mall's orders that carry it, and the store's credit. Plus the demo
// mall page (/demo/mall/p/:productId?a=<code>) whose backend (demo mode only) places such an order through
// POST /mall/orders with the mall's service credential.
import type { FastifyInstance } from 'fastify';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import {
  API_PREFIX,
  AttributionCodeRequestSchema,
  AttributionCodeResponseSchema,
  AttributionListQuerySchema,
  AttributionListResponseSchema,
  MallOrderRequestSchema,
  MallOrderResponseSchema,
  ProductStockResponseSchema,
} from '../../src/shared/crm';
import { attributionsFor, issueAttributionCode, placeMallOrder } from '../attribution';
import { crmCsp } from '../httpHardening';
import type { PageRegistrar, RouteDef } from '../routeDef';
import { stockFor } from '../stock';

const ProductParams = z.object({ productId: z.string().min(1).max(64) });
const productNotFound = (id: string) => ({
  problem: { status: 404, code: 'product-not-found', detail: `no product ${id}` },
});

export const pdaRoutes: RouteDef[] = [
  {
    method: 'GET',
    path: '/pda/stock/:productId',
    summary: "A product's stock in the terminal's store and in the stores nearby, nearest first.",
    auth: true,
    params: ProductParams,
    response: ProductStockResponseSchema,
    problems: [404],
    admission: 'read',
    handler: async ({ db, terminal, params }) => {
      const { productId } = params as z.infer<typeof ProductParams>;
      const stock = await stockFor(db, terminal!.storeId, productId);
      return stock ? { status: 200, body: stock } : productNotFound(productId);
    },
  },
  {
    method: 'POST',
    path: '/pda/attribution-codes',
    summary:
      "The code a member of staff puts in a product's online mall QR, so the order credits the store and them (the same code again within a day).",
    auth: true,
    body: AttributionCodeRequestSchema,
    response: AttributionCodeResponseSchema,
    problems: [403],
    handler: async ({ db, terminal, body }) => {
      const { staffId } = body as z.infer<typeof AttributionCodeRequestSchema>;
      const issued = await issueAttributionCode(db, terminal!, staffId);
      return issued
        ? { status: 200, body: issued }
        : {
            problem: {
              status: 403,
              code: 'staff-not-in-store',
              detail: `${staffId} is not active staff of ${terminal!.storeId}`,
            },
          };
    },
  },
  {
    method: 'POST',
    path: '/mall/orders',
    summary:
      "The online mall's order with the attribution code from the product page's URL; placed once per order id. The mall's call, with its service credential.",
    auth: 'service:mall',
    body: MallOrderRequestSchema,
    response: MallOrderResponseSchema,
    problems: [404],
    admission: 'write',
    handler: async ({ db, body }) => {
      const req = body as z.infer<typeof MallOrderRequestSchema>;
      const placed = await placeMallOrder(db, req);
      return placed ? { status: 200, body: placed } : productNotFound(req.productId);
    },
  },
  {
    method: 'GET',
    path: '/attributions',
    summary:
      "The store's credit for online orders its staff sent, per member of staff, with the latest orders.",
    auth: true,
    query: AttributionListQuerySchema,
    response: AttributionListResponseSchema,
    problems: [403],
    handler: async ({ db, terminal, query }) => {
      const q = query as z.infer<typeof AttributionListQuerySchema>;
      if (q.storeId !== terminal!.storeId)
        return {
          problem: {
            status: 403,
            code: 'other-store',
            detail: `a terminal of ${terminal!.storeId} asked for ${q.storeId}`,
          },
        };
      return { status: 200, body: await attributionsFor(db, q.storeId, q.limit) };
    },
  },
];

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const yuan = (fen: number) => `￥${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

/**
 * /demo/mall/p/<productId>?a=<code>: the online mall's product page as a customer's phone opens it from the QR.
 * "立即下单" posts the order with the code to POST /api/v1/mall/orders and shows whom the CRM credited.
 */
const demoMallPage: PageRegistrar = (app, db, services) => {
  if (!services.demo) return;
  app.get('/demo/mall/p/:productId', async (request, reply) => {
    const parsed = ProductParams.safeParse(request.params);
    const id = parsed.success ? parsed.data.productId : '';
    const q = request.query as Record<string, unknown>;
    const attribution = typeof q.a === 'string' ? q.a.slice(0, 128) : '';
    const r = await db.query<{ name: string; name_en: string; price_fen: string | number; barcode: string }>(
      `SELECT name, name_en, price_fen, barcode FROM products WHERE id = $1 AND active`,
      [id],
    );
    const p = r.rows[0];
    if (!p)
      return reply
        .code(404)
        .type('text/html; charset=utf-8')
        .send(`<!doctype html><meta charset="utf-8"><p>未找到商品 ${escapeHtml(id)} / no such product</p>`);
    const config = JSON.stringify({ api: DEMO_MALL_ORDERS, productId: id, attribution }).replace(
      /</g,
      '\\u003c',
    );
    // Its one inline script runs by this answer's nonce; nothing else may (crm/httpHardening.ts).
    const nonce = randomBytes(16).toString('base64');
    const html = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(p.name)} · 线上商城 Online mall</title>
<style>
body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;margin:0;background:#f6f3ee;color:#222;display:flex;justify-content:center}
main{max-width:440px;width:100%;background:#fff;margin:12px;padding:20px;border-radius:16px;box-shadow:0 2px 12px #0002}
.brand{color:#c8102e;font-weight:700;font-size:14px}h1{font-size:22px;margin:6px 0}.en{color:#666;font-size:14px;margin:0}
.price{font-size:30px;color:#c8102e;font-weight:700;margin:14px 0}label{display:flex;align-items:center;gap:12px;font-size:17px}
input{font-size:18px;width:72px;padding:8px;border:1px solid #bbb;border-radius:8px}
button{margin-top:18px;width:100%;min-height:52px;font-size:19px;font-weight:700;color:#fff;background:#c8102e;border:0;border-radius:12px}
button:disabled{background:#999}.note{color:#555;font-size:14px}#result{margin-top:16px;font-size:16px}
.ok{color:#1b7f3b;font-weight:700}.err{color:#b3261e;font-weight:700}
</style></head><body><main data-testid="demo-mall">
<div class="brand">线上商城 · Online mall (demo)</div>
<p class="note" data-testid="demo-banner">演示模式 · DEMO — 仅供测试 / for testing only</p>
<h1 data-testid="mall-product">${escapeHtml(p.name)}</h1><p class="en">${escapeHtml(p.name_en)} · ${escapeHtml(p.barcode)}</p>
<div class="price" data-testid="mall-price">${yuan(Number(p.price_fen))}</div>
<label>数量 Qty <input id="qty" type="number" min="1" max="99" value="1" data-testid="mall-qty"></label>
<button id="order" data-testid="mall-order">立即下单 Place order</button>
<p class="note">${attribution ? '门店导购推荐 · Recommended by store staff' : '无门店推荐码 · No store code'}</p>
<div id="result" data-testid="mall-result" role="status"></div>
</main>
<script type="application/json" id="mall-config">${config}</script>
<script nonce="${nonce}">
(function () {
  var cfg = JSON.parse(document.getElementById('mall-config').textContent);
  var button = document.getElementById('order');
  var out = document.getElementById('result');
  function orderId() {
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    return 'mall-' + Array.prototype.map.call(b, function (x) { return ('0' + x.toString(16)).slice(-2); }).join('');
  }
  var id = orderId();
  button.addEventListener('click', function () {
    button.disabled = true;
    var qty = Math.max(1, Math.min(99, parseInt(document.getElementById('qty').value, 10) || 1));
    var body = { orderId: id, productId: cfg.productId, qty: qty };
    if (cfg.attribution) body.attribution = cfg.attribution;
    fetch(cfg.api, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
      .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, j: j }; }); })
      .then(function (x) {
        if (!x.ok) { out.className = 'err'; out.textContent = '下单失败 Order failed: ' + (x.j.detail || x.j.code); button.disabled = false; return; }
        out.className = 'ok';
        out.dataset.orderId = x.j.orderId;
        out.dataset.staff = x.j.attribution ? x.j.attribution.staffId : '';
        out.textContent = '下单成功 Ordered ' + x.j.orderId.slice(0, 13) + ' · ' +
          (x.j.attribution ? '业绩归属 credited to ' + x.j.attribution.storeId + ' / ' + x.j.attribution.staffId
                           : '未归属门店 no store credit' + (x.j.attributionRefused ? ' (' + x.j.attributionRefused + ')' : ''));
      })
      .catch(function (e) { out.className = 'err'; out.textContent = '网络错误 Network error: ' + e; button.disabled = false; });
  });
})();
</script></body></html>`;
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('content-security-policy', crmCsp(nonce))
      .send(html);
  });
};

export const pdaPages: PageRegistrar[] = [demoMallPage];

/** Where the demo mall page posts its order: the demo mall's own backend, which holds the service credential. */
const DEMO_MALL_ORDERS = '/demo/mall/orders';

/**
 * Demo mode only (crm/main.ts openCrm): the online mall's backend, standing in for the mall's server. A browser
 * never holds the mall's service credential; this route adds it and places the order through the real API route,
 * so the demo goes through the same check as the mall does.
 */
export function registerDemoMallBackend(app: FastifyInstance, mallToken: string): void {
  app.post(DEMO_MALL_ORDERS, async (request, reply) => {
    const res = await app.inject({
      method: 'POST',
      url: `${API_PREFIX}/mall/orders`,
      headers: { authorization: `Bearer ${mallToken}`, 'content-type': 'application/json' },
      payload: JSON.stringify(request.body ?? null),
    });
    return reply
      .code(res.statusCode)
      .type(String(res.headers['content-type'] ?? 'application/json'))
      .send(res.body);
  });
}

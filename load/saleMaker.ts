// What every simulated till shares: a sale made with the till's own cart and tender rules, and a fetch that
// times each request the way the till sees it (the body is part of the latency).
import http from 'node:http';
import { addProduct, cartTotals, emptyCart } from '../src/domain/cart';
import type { Product, Tender } from '../src/domain/model';
import { makeCardTender, makeCashTender } from '../src/domain/tender';
import { newId } from '../src/offline/ids';
import type { SaleDraft } from '../src/offline/sales';
import type { FetchLike } from '../src/offline/sync/crmClient';
import type { ChainTerminal } from './provision';

/** What the herd measures about every HTTP request a till makes. */
export interface RequestSample {
  kind: 'push' | 'pull' | 'other';
  ms: number;
  status: number; // 0: network error
  at: number;
}

const kindOf = (url: string): RequestSample['kind'] =>
  url.includes('/api/v1/push') ? 'push' : url.includes('/api/v1/pull') ? 'pull' : 'other';

// Keep-alive sockets shared by the tills of a worker, as a store's tills share the CRM's load balancer.
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

/**
 * fetch over node:http: undici's fetch costs the generator about twice the CPU per request, and the
 * generator shares the cores with the CRM it measures. The body is read before the clock stops: it is part
 * of the latency the till sees. An abort (the client's timeout) destroys the request.
 */
export function timedFetch(record: (s: RequestSample) => void): FetchLike {
  return (input, init) =>
    new Promise<Response>((resolve, reject) => {
      const t0 = performance.now();
      let settled = false;
      const failed = (e: unknown) => {
        // A request can fail on both the request and the response side: one sample, one rejection.
        if (settled) return;
        settled = true;
        record({ kind: kindOf(input), ms: performance.now() - t0, status: 0, at: Date.now() });
        reject(e instanceof Error ? e : new Error(String(e)));
      };
      const req = http.request(
        input,
        {
          method: init.method ?? 'GET',
          headers: init.headers as Record<string, string>,
          agent,
          ...(init.signal ? { signal: init.signal } : {}),
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', failed);
          res.on('end', () => {
            if (settled) return;
            settled = true;
            const status = res.statusCode ?? 0;
            record({ kind: kindOf(input), ms: performance.now() - t0, status, at: Date.now() });
            const headers: [string, string][] = [];
            for (let i = 0; i < res.rawHeaders.length; i += 2)
              headers.push([res.rawHeaders[i]!, res.rawHeaders[i + 1]!]);
            resolve(
              new Response(status === 204 ? null : Buffer.concat(chunks), {
                status,
                statusText: res.statusMessage ?? '',
                headers,
              }),
            );
          });
        },
      );
      req.on('error', failed);
      req.end(typeof init.body === 'string' ? init.body : undefined);
    });
}

/**
 * One sale as the till makes it: 1-4 scanned lines, four in ten paid cash (rounded to the jiao, change from
 * a 100-yuan note), the rest by card. `n` numbers the card reference.
 */
export function makeSaleDraft(
  t: ChainTerminal,
  products: Product[],
  rnd: () => number,
  n: number,
): { draft: SaleDraft; dueFen: number } {
  let cart = emptyCart();
  const lines = 1 + Math.floor(rnd() * 4);
  for (let l = 0; l < lines; l++) {
    const p = products[Math.floor(rnd() * products.length)]!;
    cart = addProduct(cart, p, { lineId: newId(), scannedCode: p.barcode }).cart;
  }
  const totals = cartTotals(cart);
  let tender: Tender;
  let roundingFen = 0;
  let changeFen = 0;
  if (rnd() < 0.4) {
    const cash = makeCashTender({
      id: newId(),
      dueRemainingFen: totals.dueFen,
      tenderedFen: Math.ceil((totals.dueFen + 10) / 10_000) * 10_000,
      roundToJiao: true,
    });
    if (!cash.ok) throw new Error(`cash tender refused: ${cash.reason}`);
    ({ tender, roundingFen, changeFen } = cash);
  } else {
    const card = makeCardTender({ id: newId(), dueRemainingFen: totals.dueFen, reference: `C${n}` });
    if (!card.ok) throw new Error(`card tender refused: ${card.reason}`);
    tender = card.tender;
  }
  return {
    draft: {
      id: newId(),
      storeId: t.storeId,
      terminalId: t.terminalId,
      cashierId: 'E1002',
      lines: cart.lines,
      tenders: [tender],
      totals,
      roundingFen,
      changeFen,
      status: 'completed',
    },
    dueFen: totals.dueFen,
  };
}

/** What the worker asks of a simulated till, whatever keeps its ledger. */
export interface SimTill {
  readonly made: number;
  readonly dueFen: number;
  /** Enrolls and makes `sales` sales offline (not timed). */
  prepare(sales: number): Promise<void>;
  /** Syncs until nothing is pending or the deadline passes; returns how many records are left. */
  drain(): Promise<number>;
  /** Sells every `intervalMs` for `seconds`, syncing as it goes, then drains; returns what is left. */
  trade(intervalMs: number, seconds: number): Promise<number>;
  close(): Promise<void>;
}

// A proxy on 127.0.0.1 between a terminal and the CRM that misbehaves on purpose, one decision per request:
// drop (close without answering), delay, reset (TCP RST), answer 500, answer 429 with Retry-After, deliver
// twice, or let the request through and LOSE THE RESPONSE after the CRM committed (the dangerous one).
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault =
  | { kind: 'pass' }
  | { kind: 'drop' }
  | { kind: 'delay'; ms: number }
  | { kind: 'reset' }
  | { kind: 'status500' }
  | { kind: 'status429'; retryAfterSeconds: number }
  | { kind: 'twice' }
  | { kind: 'loseResponse' };

export type FaultKind = Fault['kind'];

export interface ProxiedRequest {
  method: string;
  path: string;
}

export interface FaultProxy {
  url: string;
  /** Decides the fault of each request; replaceable (e.g. all 'pass' for the drain). */
  decide: (req: ProxiedRequest) => Fault;
  /** How often each fault was applied. */
  counts: Record<FaultKind, number>;
  close(): Promise<void>;
}

interface Upstream {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function forward(target: URL, req: http.IncomingMessage, body: Buffer): Promise<Upstream> {
  return new Promise((resolve, reject) => {
    const headers = { ...req.headers };
    delete headers.host;
    delete headers.connection;
    const out = http.request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...headers, 'content-length': String(body.length) },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on('error', reject);
      },
    );
    out.on('error', reject);
    out.end(body);
  });
}

function answer(res: http.ServerResponse, up: Upstream): void {
  const headers: http.OutgoingHttpHeaders = {};
  for (const [k, v] of Object.entries(up.headers))
    if (v !== undefined && !['connection', 'transfer-encoding', 'content-length', 'keep-alive'].includes(k))
      headers[k] = v;
  headers['content-length'] = String(up.body.length);
  res.writeHead(up.status, headers);
  res.end(up.body);
}

function problem(res: http.ServerResponse, status: number, extra: http.OutgoingHttpHeaders = {}): void {
  const body = JSON.stringify({
    type: 'https://crm.example/problems/injected',
    title: status === 429 ? 'Too Many Requests' : 'Internal Server Error',
    status,
    code: status === 429 ? 'rate-limited' : 'internal',
    detail: 'injected by the fault proxy',
  });
  res.writeHead(status, { 'content-type': 'application/problem+json', ...extra });
  res.end(body);
}

export async function startFaultProxy(
  targetUrl: string,
  decide: (req: ProxiedRequest) => Fault = () => ({ kind: 'pass' }),
): Promise<FaultProxy> {
  const target = new URL(targetUrl);
  const counts: Record<FaultKind, number> = {
    pass: 0,
    drop: 0,
    delay: 0,
    reset: 0,
    status500: 0,
    status429: 0,
    twice: 0,
    loseResponse: 0,
  };
  const proxy: FaultProxy = { url: '', decide, counts, close: async () => undefined };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const fault = proxy.decide({ method: req.method ?? 'GET', path: req.url ?? '/' });
      counts[fault.kind]++;
      void (async () => {
        try {
          switch (fault.kind) {
            case 'drop':
              req.socket.destroy();
              return;
            case 'reset':
              req.socket.resetAndDestroy();
              return;
            case 'status500':
              return problem(res, 500);
            case 'status429':
              return problem(res, 429, { 'retry-after': String(fault.retryAfterSeconds) });
            case 'delay':
              await sleep(fault.ms);
              return answer(res, await forward(target, req, body));
            case 'twice': {
              // Two deliveries racing each other; the terminal sees the second answer.
              const [, second] = await Promise.all([forward(target, req, body), forward(target, req, body)]);
              return answer(res, second);
            }
            case 'loseResponse':
              // The CRM has answered, so it committed; the terminal never hears of it.
              await forward(target, req, body);
              req.socket.destroy();
              return;
            case 'pass':
              return answer(res, await forward(target, req, body));
          }
        } catch {
          req.socket.destroy();
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  proxy.url = `http://127.0.0.1:${port}`;
  proxy.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return proxy;
}

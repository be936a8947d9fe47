import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';
import { classifyStatus, createCrmClient, parseRetryAfter, type FetchLike } from './crmClient';

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

function clientAnswering(answer: () => Response | Promise<Response>) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch: FetchLike = async (url, init) => {
    calls.push({ url, init });
    return answer();
  };
  return {
    calls,
    client: createCrmClient({
      baseUrl: 'http://127.0.0.1:9',
      fetch,
      now: () => Date.parse('2026-11-25T08:00:00Z'),
    }),
  };
}

describe('crmClient', () => {
  it('sends the credential and parses a good answer', async () => {
    const { client, calls } = clientAnswering(() => json(200, { results: [], lastAppliedSeq: 3 }));
    client.useCredential('secret-credential-0123456789abcdef');
    const r = await client.push({ terminalId: 'T01', epoch: 1, mutations: [] as never });
    expect(r).toEqual({ ok: true, value: { results: [], lastAppliedSeq: 3 } });
    expect(calls[0]!.url).toBe('http://127.0.0.1:9/api/v1/push');
    expect((calls[0]!.init.headers as Record<string, string>).Authorization).toBe(
      'Bearer secret-credential-0123456789abcdef',
    );
  });

  it('uses /api/v1 on the same origin when the base URL is empty', async () => {
    const calls: string[] = [];
    const client = createCrmClient({
      baseUrl: '',
      fetch: async (url) => {
        calls.push(url);
        return json(200, { ok: true, time: '2026-11-25T08:00:00.000Z' });
      },
    });
    expect((await client.probe()).ok).toBe(true);
    expect(calls).toEqual(['/api/v1/health']);
  });

  it('does not apply an answer that breaks the schema: badAnswer with the path', async () => {
    const { client } = clientAnswering(() =>
      json(200, { results: [{ seq: 1, status: 'lost' }], lastAppliedSeq: -1 }),
    );
    const r = await client.push({ terminalId: 'T01', epoch: 1, mutations: [] as never });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.failure).toMatchObject({ kind: 'badAnswer', code: 'bad-schema', status: 200 });
    expect(r.failure.detail).toMatch(/breaks the contract/);
    const notJson = clientAnswering(() => new Response('<html>proxy</html>', { status: 200 }));
    const r2 = await notJson.client.probe();
    expect(!r2.ok && r2.failure.code).toBe('bad-json');
  });

  it('classifies failures: network and 5xx/429 transient, 4xx deterministic with the problem code', async () => {
    const down = clientAnswering(() => Promise.reject(new TypeError('fetch failed')));
    const r1 = await down.client.probe();
    expect(!r1.ok && r1.failure).toMatchObject({ kind: 'transient', code: 'network' });

    const busy = clientAnswering(() =>
      json(
        503,
        { type: 'x', title: 'Unavailable', status: 503, code: 'maintenance' },
        { 'Retry-After': '7' },
      ),
    );
    const r2 = await busy.client.probe();
    expect(!r2.ok && r2.failure).toMatchObject({
      kind: 'transient',
      status: 503,
      code: 'maintenance',
      retryAfterMs: 7000,
    });

    const refused = clientAnswering(() =>
      json(409, {
        type: 'x',
        title: 'Conflict',
        status: 409,
        code: 'unknown-epoch',
        detail: 'epoch 9 was never issued',
      }),
    );
    const r3 = await refused.client.push({ terminalId: 'T01', epoch: 9, mutations: [] as never });
    expect(!r3.ok && r3.failure).toMatchObject({ kind: 'deterministic', status: 409, code: 'unknown-epoch' });

    for (const s of [400, 401, 403, 404, 409, 422]) expect(classifyStatus(s)).toBe('deterministic');
    for (const s of [408, 429, 500, 502, 503, 504]) expect(classifyStatus(s)).toBe('transient');
  });

  it('times out a hung request with AbortController', async () => {
    const client = createCrmClient({
      baseUrl: 'http://127.0.0.1:9',
      timeoutMs: 5,
      fetch: (_url, init) =>
        new Promise((_resolve, reject) =>
          init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
        ),
    });
    const r = await client.probe();
    expect(!r.ok && r.failure).toMatchObject({ kind: 'transient', code: 'timeout' });
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2026-11-25T08:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Wed, 25 Nov 2026 08:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 25 Nov 2026 07:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe('backoffDelay', () => {
  it('is full jitter under an exponential ceiling capped at 60 s, and never below Retry-After', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, () => 0.999999))).toEqual([999, 1999, 3999, 7999]);
    expect(backoffDelay(30, () => 0.999999)).toBe(59_999);
    expect(backoffDelay(5, () => 0)).toBe(0);
    expect(backoffDelay(1, () => 0.5, undefined, 5000)).toBe(5000);
  });
});

// The terminal's side of the sync contract (docs/decisions/0011-crm-sync-contract.md): a small fetch client.
// Every answer is parsed with the contract's zod schemas before anyone may act on it, and every failure is
// classed: transient ones are retried with backoff, deterministic ones go to a manager (a demo store once
// stayed "sending" forever because every error counted as transient).
import type { z } from 'zod';
import {
  API_PREFIX,
  EnrollResponseSchema,
  HealthResponseSchema,
  IssueListResponseSchema,
  IssueSchema,
  ProblemSchema,
  PullResponseSchema,
  PushResponseSchema,
  type EnrollRequestSchema,
  type Issue,
  type Problem,
  type PullResponse,
  type PushRequest,
  type PushResponse,
  type ResolveIssueRequestSchema,
  type Stream,
} from '../../shared/crm';

/**
 * transient: network error, timeout, 408/425/429, 5xx — retry with backoff (and Retry-After).
 * deterministic: the CRM refused the request itself (400/401/403/404/409/422...) — retrying the same
 *   request cannot help; shown to a manager.
 * badAnswer: the CRM answered 2xx with something the contract does not allow — nothing is applied; retried
 *   with backoff (a broken deploy gets fixed), and shown and logged meanwhile.
 */
export type CrmFailureKind = 'transient' | 'deterministic' | 'badAnswer';

export interface CrmFailure {
  kind: CrmFailureKind;
  /** HTTP status when there was an answer. */
  status?: number;
  /** The problem's code, or network / timeout / http-<status> / bad-json / bad-schema. */
  code: string;
  detail: string;
  /** From Retry-After (seconds or an HTTP date), in ms from now. */
  retryAfterMs?: number;
  problem?: Problem;
}

export type CrmResult<T> = { ok: true; value: T } | { ok: false; failure: CrmFailure };

export type EnrollRequest = z.infer<typeof EnrollRequestSchema>;
export type EnrollResponse = z.infer<typeof EnrollResponseSchema>;
export type ResolveIssueRequest = z.infer<typeof ResolveIssueRequestSchema>;
export type Health = z.infer<typeof HealthResponseSchema>;

export interface PullQuery {
  stream: Stream;
  cursor?: string;
  limit?: number;
  epoch?: number;
}

export interface CrmClient {
  enroll(req: EnrollRequest): Promise<CrmResult<EnrollResponse>>;
  push(req: PushRequest): Promise<CrmResult<PushResponse>>;
  pull(q: PullQuery): Promise<CrmResult<PullResponse>>;
  /** GET /health: tells online from offline (navigator.onLine only knows about the network cable). */
  probe(): Promise<CrmResult<Health>>;
  listIssues(state?: 'open' | 'resolved' | 'all'): Promise<CrmResult<Issue[]>>;
  resolveIssue(id: string, req: ResolveIssueRequest): Promise<CrmResult<Issue>>;
  /** The credential from enrollment; the runner sets it before each cycle. */
  useCredential(credential: string | undefined): void;
  /**
   * Any other call of the contract (feature clients such as src/offline/members build on it), answered and
   * classed like the ones above. Optional so small test fakes of the sync calls need not carry it.
   */
  request?<T>(
    method: 'GET' | 'POST',
    path: string,
    schema: z.ZodType<T>,
    body?: unknown,
  ): Promise<CrmResult<T>>;
}

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface CrmLogEntry {
  level: 'info' | 'warn' | 'error';
  msg: string;
  data?: Record<string, unknown>;
}

export interface CrmClientOptions {
  /** '' = same origin (the web flavour served next to the CRM); otherwise e.g. http://127.0.0.1:8787. */
  baseUrl: string;
  /** The bearer credential from enrollment, read at each call (it changes when the terminal enrolls). */
  credential?: () => string | undefined;
  /** Injectable so tests can route through a fault proxy; the platform's fetch by default. */
  fetch?: FetchLike;
  /** Per request; a hung connection must not hold the runner forever. */
  timeoutMs?: number;
  log?: (entry: CrmLogEntry) => void;
  /** For Retry-After given as an HTTP date. */
  now?: () => number;
}

const TRANSIENT_STATUS = new Set([408, 425, 429]);

/** Retry-After as delta-seconds or an HTTP date, in ms from `nowMs`; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

/** Transient or deterministic, from the HTTP status alone. */
export function classifyStatus(status: number): CrmFailureKind {
  return status >= 500 || TRANSIENT_STATUS.has(status) ? 'transient' : 'deterministic';
}

export function createCrmClient(opts: CrmClientOptions): CrmClient {
  const base = opts.baseUrl.replace(/\/+$/, '') + API_PREFIX;
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const now = opts.now ?? (() => Date.now());
  const doFetch: FetchLike = opts.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const log = opts.log ?? (() => undefined);
  let current: string | undefined;

  async function call<T>(
    method: 'GET' | 'POST',
    path: string,
    schema: z.ZodType<T>,
    body?: unknown,
    auth = true,
  ): Promise<CrmResult<T>> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const credential = auth ? (current ?? opts.credential?.()) : undefined;
    if (credential) headers.Authorization = `Bearer ${credential}`;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    const fail = (failure: CrmFailure): CrmResult<T> => {
      log({
        level: failure.kind === 'transient' ? 'warn' : 'error',
        msg: 'crm call failed',
        data: { method, path, ...failure, problem: undefined },
      });
      return { ok: false, failure };
    };
    let response: Response;
    let text: string;
    try {
      response = await doFetch(base + path, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: controller.signal,
      });
      // The body is read under the same timeout: a stalled body is as bad as a stalled connect.
      text = await response.text();
    } catch (e) {
      const timedOut = controller.signal.aborted;
      return fail({
        kind: 'transient',
        code: timedOut ? 'timeout' : 'network',
        detail: timedOut ? `no answer within ${timeoutMs} ms` : errorText(e),
      });
    } finally {
      clearTimeout(timer);
    }

    if (!response.ok) {
      const failure: CrmFailure = {
        kind: classifyStatus(response.status),
        status: response.status,
        code: `http-${response.status}`,
        detail: response.statusText || `HTTP ${response.status}`,
      };
      const retryAfterMs = parseRetryAfter(response.headers.get('Retry-After'), now());
      if (retryAfterMs !== undefined) failure.retryAfterMs = retryAfterMs;
      const problem = ProblemSchema.safeParse(safeJson(text));
      if (problem.success) {
        failure.problem = problem.data;
        failure.code = problem.data.code;
        failure.detail = problem.data.detail ?? problem.data.title;
      }
      return fail(failure);
    }
    const json = safeJson(text);
    if (json === undefined)
      return fail({ kind: 'badAnswer', status: response.status, code: 'bad-json', detail: 'not JSON' });
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      return fail({
        kind: 'badAnswer',
        status: response.status,
        code: 'bad-schema',
        detail: `answer of ${method} ${path} breaks the contract at ${first?.path.join('.') || '(root)'}: ${first?.message ?? 'invalid'}`,
      });
    }
    return { ok: true, value: parsed.data };
  }

  return {
    enroll: (req) => call('POST', '/enroll', EnrollResponseSchema, req, false),
    push: (req) => call('POST', '/push', PushResponseSchema, req),
    pull: (q) => {
      const params = new URLSearchParams({ stream: q.stream });
      if (q.cursor) params.set('cursor', q.cursor);
      if (q.limit !== undefined) params.set('limit', String(q.limit));
      if (q.epoch !== undefined) params.set('epoch', String(q.epoch));
      return call('GET', `/pull?${params.toString()}`, PullResponseSchema);
    },
    probe: () => call('GET', '/health', HealthResponseSchema, undefined, false),
    listIssues: async (state = 'open') => {
      const r = await call('GET', `/issues?state=${state}`, IssueListResponseSchema);
      return r.ok ? { ok: true, value: r.value.issues } : r;
    },
    resolveIssue: (id, req) => call('POST', `/issues/${encodeURIComponent(id)}/resolve`, IssueSchema, req),
    useCredential: (credential) => {
      current = credential;
    },
    request: (method, path, schema, body) => call(method, path, schema, body),
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function errorText(e: unknown): string {
  if (e instanceof Error) {
    const cause = (e as { cause?: unknown }).cause;
    return cause instanceof Error ? `${e.message}: ${cause.message}` : e.message;
  }
  return String(e);
}

// The reference CRM's HTTP API under /api/v1. Every route is declared once in ROUTES: the same zod schemas
// validate requests and generate the OpenAPI 3.1 document. Errors are application/problem+json.
import cors from '@fastify/cors';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  API_PREFIX,
  EnrollRequestSchema,
  EnrollResponseSchema,
  HealthResponseSchema,
  IssueListQuerySchema,
  IssueListResponseSchema,
  IssueSchema,
  MemberProfileSchema,
  NewEpochResponseSchema,
  PROBLEM_CONTENT_TYPE,
  ProblemSchema,
  PullQuerySchema,
  PullResponseSchema,
  PushRequestSchema,
  PushResponseSchema,
  ResolveIssueRequestSchema,
  type Problem,
} from '../src/shared/crm';
import { createGate, DEFAULT_ADMISSION, type AdmissionOptions, type Gate } from './admission';
import { decodeCursor, readChanges } from './changeLog';
import type { Db } from './db';
import { authorize } from './auth';
import { enroll, newEpoch } from './enrollment';
import { addSecurityHeaders, frameworkErrors, trackRouteMethods } from './httpHardening';
import { bearerKey, createLimiter, PickupLockout, type RateLimits } from './limits';
import { authenticateMember, DemoSmsSender, type MemberSession, type SmsSender } from './memberAuth';
import { listIssues, resolveIssue } from './issues';
import { loadMember } from './projections';
import { push } from './push';
import { findBadText } from './text';
import type { ProblemInit, RouteDef, RouteServices } from './routeDef';
import { FEATURE_PAGES, FEATURE_ROUTES } from './routes';

// The push route's body subtrees whose text is repaired, not refused (see the preValidation hook below).
declare module 'fastify' {
  interface FastifyContextConfig {
    repairsText?: RegExp;
  }
}

export interface CrmServerOptions {
  db: Db;
  /** Browser origins allowed to call the API (CORS); none by default. Same-origin callers need none. */
  corsOrigins?: string[];
  /** Fastify's logger; off by default (tests). */
  logger?: boolean;
  /** Largest request body in bytes (a push of 500 sales fits in the default 8 MiB). */
  bodyLimit?: number;
  /** Budgets for pushes and pulls (crm/admission.ts); sized to the database's connection pool. */
  admission?: AdmissionOptions;
  /**
   * Demo mode (npm run start:web): the /demo pages, the demo enrollment and the demo SMS gateway. Off in the
   * production entry (tsx crm/main.ts), which then has no /demo route and mints nothing for anyone.
   */
  demo?: boolean;
  /** The SMS gateway for member sign-in; in demo mode a DemoSmsSender by default, else none (sign-in answers 503). */
  sms?: SmsSender;
  /** Rate limits per class (crm/limits.ts); `false` turns them off (load tests). */
  rateLimits?: Partial<RateLimits> | false;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

export function problem(p: ProblemInit, instance?: string): Problem {
  const out: Problem = {
    type: `https://crm.example/problems/${p.code}`,
    title: p.title ?? TITLES[p.status] ?? 'Error',
    status: p.status,
    code: p.code,
  };
  if (p.detail) out.detail = p.detail;
  if (instance) out.instance = instance;
  if (p.errors) out.errors = p.errors;
  return out;
}

function sendProblem(reply: FastifyReply, p: ProblemInit, instance?: string): FastifyReply {
  if (p.retryAfterS !== undefined) reply.header('Retry-After', String(Math.max(1, Math.ceil(p.retryAfterS))));
  return reply.code(p.status).type(PROBLEM_CONTENT_TYPE).send(problem(p, instance));
}

function zodErrors(error: z.ZodError, prefix: string): { path: string; message: string }[] {
  return error.issues
    .slice(0, 20)
    .map((i) => ({ path: [prefix, ...i.path.map(String)].join('.'), message: i.message }));
}

const CORE_ROUTES: RouteDef[] = [
  {
    method: 'GET',
    path: '/health',
    summary: 'Liveness probe; terminals use it to tell online from offline.',
    auth: false,
    response: HealthResponseSchema,
    handler: async ({ services }) => ({
      status: 200,
      body: { ok: true, time: new Date().toISOString(), ...(services.demo ? { demo: true } : {}) },
    }),
  },
  {
    method: 'POST',
    path: '/enroll',
    summary: 'Enroll a terminal with a one-time code: returns its epoch and bearer credential.',
    auth: false,
    body: EnrollRequestSchema,
    response: EnrollResponseSchema,
    problems: [403, 409, 429],
    rateLimit: 'enroll',
    rateKey: (b) => {
      const t = b as { storeId?: unknown; terminalId?: unknown } | undefined;
      return t && typeof t.storeId === 'string' && typeof t.terminalId === 'string'
        ? `terminal:${t.storeId}/${t.terminalId}`.slice(0, 64)
        : undefined;
    },
    handler: async ({ db, body }) => {
      const out = await enroll(db, body as z.infer<typeof EnrollRequestSchema>);
      return out.ok ? { status: 200, body: out.value } : { problem: out };
    },
  },
  {
    method: 'POST',
    path: '/epochs',
    summary: 'Start a new epoch (the terminal begins with a new local database).',
    auth: true,
    response: NewEpochResponseSchema,
    handler: async ({ db, terminal }) => {
      const next = await newEpoch(db, terminal!);
      return { status: 200, body: { terminalId: terminal!.terminalId, ...next } };
    },
  },
  {
    method: 'POST',
    path: '/push',
    summary: 'Deliver outbox mutations in seq order; each is applied at most once.',
    auth: true,
    body: PushRequestSchema,
    response: PushResponseSchema,
    problems: [403, 409, 429],
    admission: 'write',
    repairsText: /^mutations\.\d+\.payload$/,
    handler: async ({ db, terminal, body }) => {
      const out = await push(db, terminal!, body as z.infer<typeof PushRequestSchema>);
      // The CRM's clock with every answer, so a till can tell that its own is wrong (issue 15).
      return out.ok
        ? { status: 200, body: { ...out.response, serverTime: new Date().toISOString() } }
        : { problem: out };
    },
  },
  {
    method: 'GET',
    path: '/pull',
    summary: 'One page of a stream in commit order after the cursor.',
    auth: true,
    query: PullQuerySchema,
    response: PullResponseSchema,
    problems: [429],
    admission: 'read',
    handler: async ({ db, terminal, query }) => {
      const q = query as z.infer<typeof PullQuerySchema>;
      let cursor;
      if (q.cursor) {
        cursor = decodeCursor(q.cursor, q.stream);
        if (!cursor)
          return {
            problem: { status: 400, code: 'invalid-cursor', detail: `not a cursor of stream ${q.stream}` },
          };
      }
      const t = terminal!;
      const epoch = q.epoch ?? Math.max(1, t.currentEpoch);
      const { lastAppliedSeq, ...page } = await readChanges(db, {
        stream: q.stream,
        storeId: t.storeId,
        cursor,
        limit: q.limit,
        applied: { terminalId: t.terminalId, epoch },
      });
      const seq =
        lastAppliedSeq ??
        (
          await db.query<{ last_applied_seq: number }>(
            `SELECT last_applied_seq FROM terminal_epochs WHERE store_id = $1 AND terminal_id = $2 AND epoch = $3`,
            [t.storeId, t.terminalId, epoch],
          )
        ).rows[0]?.last_applied_seq;
      return { status: 200, body: { stream: q.stream, ...page, epoch, lastAppliedSeq: seq ?? 0 } };
    },
  },
  {
    method: 'GET',
    path: '/issues',
    summary: "The store's issues (conflicts from offline work) for a manager.",
    auth: true,
    query: IssueListQuerySchema,
    response: IssueListResponseSchema,
    handler: async ({ db, terminal, query }) => {
      const q = query as z.infer<typeof IssueListQuerySchema>;
      return { status: 200, body: { issues: await listIssues(db, terminal!.storeId, q.state, q.limit) } };
    },
  },
  {
    method: 'POST',
    path: '/issues/:id/resolve',
    summary: 'Settle an issue with one of its actions (a manager of the store).',
    auth: true,
    params: z.object({ id: z.string().min(1).max(64) }),
    body: ResolveIssueRequestSchema,
    response: IssueSchema,
    problems: [403, 404, 409, 422],
    handler: async ({ db, terminal, params, body }) => {
      const out = await resolveIssue(
        db,
        terminal!,
        (params as { id: string }).id,
        body as z.infer<typeof ResolveIssueRequestSchema>,
      );
      return out.ok ? { status: 200, body: out.issue } : { problem: out };
    },
  },
  {
    method: 'GET',
    path: '/members/:id',
    summary: 'A member profile with recent in-store and online purchases (for the PDA).',
    auth: true,
    params: z.object({ id: z.string().min(1).max(64) }),
    response: MemberProfileSchema,
    problems: [404],
    handler: async ({ db, params }) => {
      const id = (params as { id: string }).id;
      const member = await loadMember(db, id);
      if (!member) return { problem: { status: 404, code: 'member-not-found', detail: `no member ${id}` } };
      const p = await db.query<{
        id: string;
        channel: 'store' | 'online';
        at: string;
        store_id: string | null;
        total_fen: number;
        items: never;
      }>(
        `SELECT id, channel, at, store_id, total_fen, items FROM member_purchases WHERE member_id = $1 ORDER BY at DESC LIMIT 20`,
        [id],
      );
      const recentPurchases = p.rows.map((r) => ({
        id: r.id,
        channel: r.channel,
        at: r.at,
        ...(r.store_id ? { storeId: r.store_id } : {}),
        totalFen: r.total_fen,
        items: r.items,
      }));
      return { status: 200, body: { member, recentPurchases } };
    },
  },
];

export const ROUTES: RouteDef[] = [...CORE_ROUTES, ...FEATURE_ROUTES];

export async function createCrmServer(opts: CrmServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: opts.bodyLimit ?? 8 * 1024 * 1024,
    frameworkErrors,
  });
  // Issue 16: headers on every answer, 405 for a known path, rate limits, demo mode (crm/httpHardening.ts, limits.ts).
  addSecurityHeaders(app);
  const allowedMethods = trackRouteMethods(app);
  const limiter = await createLimiter(app, opts.rateLimits);
  const demo = opts.demo ?? false;
  const services: RouteServices = {
    demo,
    sms: opts.sms ?? (demo ? new DemoSmsSender() : null),
    pickupLockout: new PickupLockout(),
    limit: limiter,
  };
  const allowed = new Set(opts.corsOrigins ?? []);
  await app.register(cors, {
    origin: (origin, cb) => cb(null, origin !== undefined && allowed.has(origin)),
    methods: ['GET', 'POST'],
    allowedHeaders: ['Authorization', 'Content-Type'],
    maxAge: 600,
  });

  app.setErrorHandler((error: { statusCode?: number; code?: string; message: string }, request, reply) => {
    const status =
      error.statusCode && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
    if (status >= 500) request.log.error(error);
    // Never a stack trace; Fastify's own 4xx (bad JSON, too large, wrong media type) keep their message.
    return sendProblem(
      reply,
      {
        status,
        code: status >= 500 ? 'internal' : (error.code ?? 'bad-request').toLowerCase(),
        detail: status >= 500 ? 'internal error' : error.message,
      },
      request.url,
    );
  });
  app.setNotFoundHandler((request, reply) => {
    const allow = allowedMethods(request.method, request.url);
    if (allow) {
      reply.header('Allow', allow.join(', '));
      return sendProblem(
        reply,
        { status: 405, code: 'method-not-allowed', detail: `${request.method} is not allowed here` },
        request.url,
      );
    }
    return sendProblem(
      reply,
      { status: 404, code: 'not-found', detail: `${request.method} ${request.url.split('?')[0]}` },
      request.url,
    );
  });

  // Text the database cannot hold is refused before any handler (pages included) sees it; a route may name
  // body subtrees it repairs itself (a push's payloads: one record must not stop a till's queue).
  app.addHook('preValidation', async (request, reply) => {
    const repairs = (request.routeOptions.config as { repairsText?: RegExp } | undefined)?.repairsText;
    const errors = [
      ...findBadText(request.params, 'params'),
      ...findBadText(request.query, 'query'),
      ...findBadText(request.body, 'body', repairs ? (p) => repairs.test(p.slice(5)) : undefined),
    ].map((path) => ({ path, message: 'holds a NUL or a lone UTF-16 surrogate' }));
    if (errors.length > 0)
      return sendProblem(
        reply,
        {
          status: 400,
          code: 'malformed-text',
          detail: 'text must be well-formed Unicode without NUL',
          errors,
        },
        request.url,
      );
  });

  for (const register of FEATURE_PAGES) await register(app, opts.db, services);

  const openapi = buildOpenApi({ demo });
  app.get(`${API_PREFIX}/openapi.json`, async (_req, reply) => reply.type('application/json').send(openapi));

  const admission = opts.admission ?? DEFAULT_ADMISSION;
  const gates: Record<'write' | 'read', Gate> = {
    write: createGate(admission.write),
    read: createGate(admission.read),
  };
  for (const route of ROUTES) {
    if (route.demoOnly && !demo) continue;
    const gate = route.admission ? gates[route.admission] : undefined;
    app.route({
      method: route.method,
      url: API_PREFIX + route.path,
      ...(route.repairsText ? { config: { repairsText: route.repairsText } } : {}),
      // Before the body is read: a shed request costs the CRM almost nothing.
      ...(gate
        ? {
            onRequest: async (request: FastifyRequest, reply: FastifyReply) => {
              if (!(await gate.enter())) {
                reply.header('Retry-After', String(gate.options.retryAfterS));
                return sendProblem(
                  reply,
                  { status: 429, code: 'busy', detail: 'the CRM is busy; retry after the given delay' },
                  request.url,
                );
              }
              // 'close' fires once whether the answer was sent or the till hung up.
              reply.raw.once('close', () => gate.leave());
            },
          }
        : {}),
      handler: async (request: FastifyRequest, reply: FastifyReply) => {
        if (route.rateLimit) {
          const v = await limiter(
            route.rateLimit,
            request,
            bearerKey(request) ?? route.rateKey?.(request.body),
          );
          if (!v.ok)
            return sendProblem(
              reply,
              {
                status: 429,
                code: 'rate-limited',
                detail: 'too many requests; retry after the given delay',
                retryAfterS: v.retryAfterS,
              },
              request.url,
            );
        }
        let member: MemberSession | null = null;
        if (route.auth === 'member') {
          const m = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
          member = m ? await authenticateMember(opts.db, m[1]!) : null;
          if (!member) {
            reply.header('WWW-Authenticate', 'Bearer realm="member"');
            return sendProblem(
              reply,
              { status: 401, code: 'unauthenticated', detail: 'a live member session is required' },
              request.url,
            );
          }
        }
        const caller =
          route.auth === 'member'
            ? { terminal: null, service: null }
            : await authorize(opts.db, route.auth, request.headers.authorization);
        if ('problem' in caller) {
          if (caller.problem.status === 401) reply.header('WWW-Authenticate', 'Bearer');
          return sendProblem(reply, caller.problem, request.url);
        }
        const { terminal } = caller;
        const parts: { params: unknown; query: unknown; body: unknown } = {
          params: undefined,
          query: undefined,
          body: undefined,
        };
        const errors: { path: string; message: string }[] = [];
        for (const [key, schema] of [
          ['params', route.params],
          ['query', route.query],
          ['body', route.body],
        ] as const) {
          if (!schema) continue;
          const r = schema.safeParse(request[key] ?? (key === 'body' ? undefined : {}));
          if (r.success) parts[key] = r.data;
          else errors.push(...zodErrors(r.error, key));
        }
        if (errors.length > 0)
          return sendProblem(
            reply,
            {
              status: 400,
              code: 'malformed-request',
              detail: 'the request does not match the schema',
              errors,
            },
            request.url,
          );
        const out = await route.handler({ db: opts.db, terminal, member, services, ...parts });
        if ('problem' in out) {
          if (out.headers) void reply.headers(out.headers);
          return sendProblem(reply, out.problem, request.url);
        }
        return reply.code(out.status).send(out.body);
      },
    });
  }
  return app;
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const s = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  delete s.$schema;
  return s;
}

/** OpenAPI 3.1 from ROUTES: its schemas are JSON Schema 2020-12, which zod 4 emits directly. */
export function buildOpenApi(opts: { demo?: boolean } = {}): Record<string, unknown> {
  const problemRef = { $ref: '#/components/schemas/Problem' };
  const problemResponse = (description: string) => ({
    description,
    content: { [PROBLEM_CONTENT_TYPE]: { schema: problemRef } },
  });
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of ROUTES) {
    if (r.demoOnly && !opts.demo) continue;
    const path = API_PREFIX + r.path.replace(/:(\w+)/g, '{$1}');
    const parameters: unknown[] = [];
    for (const [where, schema] of [
      ['path', r.params],
      ['query', r.query],
    ] as const) {
      if (!schema) continue;
      const obj = jsonSchema(schema, 'input') as {
        properties?: Record<string, unknown>;
        required?: string[];
      };
      for (const [name, s] of Object.entries(obj.properties ?? {}))
        parameters.push({
          name,
          in: where,
          required: where === 'path' || (obj.required ?? []).includes(name),
          schema: s,
        });
    }
    const responses: Record<string, unknown> = {
      200: {
        description: 'OK',
        content: { 'application/json': { schema: jsonSchema(r.response, 'output') } },
      },
      400: problemResponse('Malformed request; nothing was changed'),
      500: problemResponse('Internal error; retry with backoff'),
    };
    const service = typeof r.auth === 'string' && r.auth.startsWith('service:');
    if (r.auth === 'member') responses[401] = problemResponse('Missing, expired or revoked member session');
    else if (r.auth)
      responses[401] = problemResponse(`Missing or wrong ${service ? 'service' : 'terminal'} credential`);
    if (service) responses[403] = problemResponse('A terminal credential: only the service may call this');
    for (const s of r.problems ?? []) responses[s] = problemResponse(TITLES[s] ?? 'Error');
    paths[path] = {
      ...(paths[path] ?? {}),
      [r.method.toLowerCase()]: {
        operationId: r.method.toLowerCase() + r.path.replace(/[/:](\w)/g, (_m, c: string) => c.toUpperCase()),
        summary: r.summary,
        ...(r.auth === 'member'
          ? { security: [{ memberSession: [] }] }
          : r.auth
            ? { security: [{ [service ? 'serviceCredential' : 'terminalCredential']: [] }] }
            : {}),
        ...(parameters.length > 0 ? { parameters } : {}),
        ...(r.body
          ? {
              requestBody: {
                required: true,
                content: { 'application/json': { schema: jsonSchema(r.body, 'input') } },
              },
            }
          : {}),
        responses,
      },
    };
  }
  paths[`${API_PREFIX}/openapi.json`] = {
    get: {
      operationId: 'getOpenapi',
      summary: 'This document.',
      responses: { 200: { description: 'OpenAPI 3.1 document' } },
    },
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Store terminal reference CRM',
      version: '1.0.0',
      description: 'Sync contract: docs/decisions/0011-crm-sync-contract.md',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    paths,
    components: {
      schemas: { Problem: jsonSchema(ProblemSchema, 'output') },
      securitySchemes: {
        terminalCredential: { type: 'http', scheme: 'bearer', description: 'The credential from /enroll' },
        serviceCredential: {
          type: 'http',
          scheme: 'bearer',
          description: "A service's credential (the online mall: MALL_SERVICE_TOKEN), configured at the CRM",
        },
        memberSession: {
          type: 'http',
          scheme: 'bearer',
          description: 'A member session from /member/sign-in (phone + SMS code)',
        },
      },
    },
  };
}

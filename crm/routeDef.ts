// The shape of one CRM API route. Feature modules (crm/routes/*.ts) export arrays of these; server.ts
// validates, authenticates and documents them all the same way.
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import type { Db } from './db';
import type { Limiter, PickupLockout, RateLimitName } from './limits';
import type { MemberSession, SmsSender } from './memberAuth';
import type { TerminalIdentity } from './push';
import type { ServiceName } from './serviceCredentials';

export type Terminal = TerminalIdentity & { currentEpoch: number };

/**
 * Who may call a route: false, anyone; true, an enrolled terminal (till, handheld), acting for its own store and
 * terminal only; `service:<name>`, that service's credential (crm/serviceCredentials.ts), never a terminal's.
 */
export type RouteAuth = boolean | `service:${ServiceName}`;

export interface RouteDef {
  method: 'GET' | 'POST';
  /** Relative to /api/v1, Fastify style (`:id`). */
  path: string;
  summary: string;
  /** true: a terminal credential; 'member': a member session (the member app, issue 16); false: none. */
  auth: RouteAuth | 'member';
  /** Registered only when the CRM runs in demo mode (npm run start:web); the production entry has none. */
  demoOnly?: boolean;
  /**
   * Rate limit class (crm/limits.ts), counted per client address and per credential: the bearer token, else
   * what `rateKey` picks from the body (the phone asking for an SMS code, the terminal an enrollment names).
   */
  rateLimit?: RateLimitName;
  rateKey?: (body: unknown) => string | undefined;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  response: z.ZodType;
  /** Other answers besides 200 and the common problems. */
  problems?: number[];
  /** Admission class (crm/admission.ts): such requests are bounded and shed with 429 under load. */
  admission?: 'write' | 'read';
  /**
   * Body paths (dotted, indexes as \d+) whose text is repaired by the handler instead of refused: a push's
   * mutation payloads (crm/text.ts). Everywhere else a NUL or a lone surrogate is a 400.
   */
  repairsText?: RegExp;
  handler: (ctx: {
    db: Db;
    terminal: Terminal | null;
    member: MemberSession | null;
    services: RouteServices;
    params: unknown;
    query: unknown;
    body: unknown;
  }) => Promise<HandlerResult>;
}

export type HandlerResult =
  { status: number; body: unknown } | { problem: ProblemInit; headers?: Record<string, string> };
export interface ProblemInit {
  status: number;
  code: string;
  title?: string;
  detail?: string;
  errors?: { path: string; message: string }[];
  /** Sent as Retry-After (a 429). */
  retryAfterS?: number;
}

/** What routes share besides the database: demo mode, the SMS gateway, the pickup lockout. */
export interface RouteServices {
  demo: boolean;
  sms: SmsSender | null;
  pickupLockout: PickupLockout;
  /** The rate limits, for pages that guard themselves (the demo sign-in pages). */
  limit: Limiter;
}

/**
 * Non-API pages (demo pages such as /demo/member) and server hooks, registered next to the API on the same
 * server. A demo page registers itself only when `services.demo` is on.
 */
export type PageRegistrar = (app: FastifyInstance, db: Db, services: RouteServices) => void | Promise<void>;

// The shape of one CRM API route. Feature modules (crm/routes/*.ts) export arrays of these; server.ts
// validates, authenticates and documents them all the same way.
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import type { Db } from './db';
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
  auth: RouteAuth;
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
}

/** Non-API pages (demo pages such as /demo/member/:id); registered next to the API on the same server. */
export type PageRegistrar = (app: FastifyInstance, db: Db) => void | Promise<void>;

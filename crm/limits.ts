// Rate limits (issue 16): each guarded route counts per client address and per credential (the terminal's or
// member's bearer, the phone asking for an SMS code, the terminal an enrollment names) with @fastify/rate-limit's
// counters; past either limit the answer is 429 problem+json with Retry-After. Pickup verification also locks a
// terminal out for a while after repeated wrong codes (PickupLockout), and that refusal names no order.
import { createHash } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';

export type RateLimitName =
  'enroll' | 'pickupVerify' | 'memberSignIn' | 'memberCode' | 'phoneLookup' | 'staffCheck' | 'demo';

export interface RateRule {
  max: number;
  windowMs: number;
}
export interface RateLimitClass {
  perAddress: RateRule;
  perCredential: RateRule;
}
export type RateLimits = Record<RateLimitName, RateLimitClass>;

const MIN = 60_000;
/**
 * Sized for a store: many tills share one address (the store's NAT), so per-address limits are wider than
 * per-credential ones. A till verifies a handful of pickups a minute; an SMS code is asked for once or twice.
 */
export const DEFAULT_RATE_LIMITS: RateLimits = {
  enroll: { perAddress: { max: 30, windowMs: 10 * MIN }, perCredential: { max: 5, windowMs: 10 * MIN } },
  pickupVerify: { perAddress: { max: 300, windowMs: MIN }, perCredential: { max: 60, windowMs: MIN } },
  memberSignIn: {
    perAddress: { max: 30, windowMs: 10 * MIN },
    perCredential: { max: 10, windowMs: 10 * MIN },
  },
  memberCode: { perAddress: { max: 300, windowMs: MIN }, perCredential: { max: 20, windowMs: MIN } },
  phoneLookup: { perAddress: { max: 300, windowMs: MIN }, perCredential: { max: 30, windowMs: MIN } },
  staffCheck: { perAddress: { max: 100, windowMs: MIN }, perCredential: { max: 10, windowMs: MIN } },
  demo: { perAddress: { max: 60, windowMs: MIN }, perCredential: { max: 60, windowMs: MIN } },
};

export interface LimitVerdict {
  ok: boolean;
  retryAfterS: number;
}

export type Limiter = (
  name: RateLimitName,
  request: FastifyRequest,
  credential: string | undefined,
) => Promise<LimitVerdict>;

const digest = (s: string) => createHash('sha256').update(s).digest('base64url').slice(0, 22);

/** The bearer token of a request, hashed (the limiter's key never holds a secret). */
export function bearerKey(request: FastifyRequest): string | undefined {
  const m = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  return m ? `bearer:${digest(m[1]!)}` : undefined;
}

/**
 * Registers @fastify/rate-limit (no global limit) and returns the check the API's routes call. `false` turns
 * limits off (load tests that enroll a thousand tills from one address).
 */
export async function createLimiter(
  app: FastifyInstance,
  opts: Partial<RateLimits> | false | undefined,
): Promise<Limiter> {
  if (opts === false) return async () => ({ ok: true, retryAfterS: 0 });
  const limits: RateLimits = { ...DEFAULT_RATE_LIMITS, ...(opts ?? {}) };
  await app.register(rateLimit, { global: false, cache: 50_000 });
  type Check = (
    req: FastifyRequest,
  ) => Promise<{ isAllowed: boolean; isExceeded?: boolean; ttlInSeconds?: number }>;
  const checks = new Map<string, Check>();
  const check = (name: RateLimitName, which: 'perAddress' | 'perCredential', key: string): Check => {
    const id = `${name}.${which}`;
    let c = checks.get(id);
    if (!c) {
      const rule = limits[name][which];
      c = app.createRateLimit({
        max: rule.max,
        timeWindow: rule.windowMs,
        keyGenerator: (req: FastifyRequest) =>
          `${id}:${(req as FastifyRequest & { rateKey?: string }).rateKey ?? req.ip}`,
      }) as unknown as Check;
      checks.set(id, c);
    }
    return async (req) => {
      (req as FastifyRequest & { rateKey?: string }).rateKey = key;
      return c(req);
    };
  };
  return async (name, request, credential) => {
    let retryAfterS = 0;
    const keys: ['perAddress' | 'perCredential', string][] = [['perAddress', `ip:${request.ip}`]];
    if (credential) keys.push(['perCredential', credential]);
    for (const [which, key] of keys) {
      const r = await check(name, which, key)(request);
      if (!r.isAllowed && r.isExceeded) retryAfterS = Math.max(retryAfterS, r.ttlInSeconds ?? 1);
    }
    return { ok: retryAfterS === 0, retryAfterS };
  };
}

/**
 * A terminal that typed `maxFailures` wrong pickup codes within `windowMs` is locked out for `lockMs`. In memory
 * (one CRM process); the counts reset when a code matches.
 */
export class PickupLockout {
  private readonly failures = new Map<string, { count: number; first: number; lockedUntil: number }>();
  constructor(
    readonly opts: { maxFailures: number; windowMs: number; lockMs: number } = {
      maxFailures: 10,
      windowMs: 15 * MIN,
      lockMs: 15 * MIN,
    },
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until the terminal may try again, or 0. */
  lockedFor(terminal: string): number {
    const f = this.failures.get(terminal);
    const left = f ? f.lockedUntil - this.now() : 0;
    return left > 0 ? Math.ceil(left / 1000) : 0;
  }

  failed(terminal: string): void {
    const t = this.now();
    let f = this.failures.get(terminal);
    if (!f || t - f.first > this.opts.windowMs) f = { count: 0, first: t, lockedUntil: 0 };
    f.count += 1;
    if (f.count >= this.opts.maxFailures) {
      f.lockedUntil = t + this.opts.lockMs;
      f.count = 0;
      f.first = t;
    }
    this.failures.set(terminal, f);
    if (this.failures.size > 10_000) this.failures.delete(this.failures.keys().next().value!);
  }

  succeeded(terminal: string): void {
    const f = this.failures.get(terminal);
    if (f && f.lockedUntil <= this.now()) this.failures.delete(terminal);
  }
}

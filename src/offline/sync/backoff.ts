// Retry pacing. Full jitter (a random delay between 0 and the exponential ceiling) keeps a store's tills from
// retrying in lockstep after the CRM comes back; Retry-After from the CRM is a floor, never shortened.

export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1000, capMs: 60_000 };

/**
 * Delay before retry number `failures` (1 = first retry): uniform in [0, min(cap, base * 2^(failures-1))],
 * at least `retryAfterMs` when the CRM asked for it. `random` returns [0, 1) (injectable for tests).
 */
export function backoffDelay(
  failures: number,
  random: () => number,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
  retryAfterMs?: number,
): number {
  const exp = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, Math.min(failures - 1, 30)));
  const jittered = Math.floor(random() * exp);
  return Math.max(jittered, retryAfterMs ?? 0);
}

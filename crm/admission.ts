// Admission control: a bounded number of requests of a class run at once, a bounded number wait, and the
// rest are told to come back (429 + Retry-After) before their body is even read. Under a herd of tills the
// CRM then answers slower but never falls over, and pulls keep their own budget so pushes cannot starve them.

export interface GateOptions {
  /** Requests of this class running at once (each holds at most one database connection). */
  maxConcurrent: number;
  /** Requests allowed to wait for a slot; beyond that the answer is 429 at once. */
  maxQueue: number;
  /** A waiting request gives up after this long and gets 429. */
  queueTimeoutMs: number;
  /** Seconds in Retry-After; tills treat it as a floor under their jittered backoff. */
  retryAfterS: number;
}

export interface GateStats {
  active: number;
  queued: number;
  admitted: number;
  rejected: number;
}

export interface Gate {
  /** Resolves true with a slot held (call leave()), or false when the request must be turned away. */
  enter(): Promise<boolean>;
  leave(): void;
  stats(): GateStats;
  readonly options: GateOptions;
}

export function createGate(options: GateOptions): Gate {
  let active = 0;
  let admitted = 0;
  let rejected = 0;
  const waiting: { grant: (ok: boolean) => void; timer: ReturnType<typeof setTimeout> }[] = [];
  return {
    options,
    enter() {
      if (active < options.maxConcurrent) {
        active++;
        admitted++;
        return Promise.resolve(true);
      }
      if (waiting.length >= options.maxQueue) {
        rejected++;
        return Promise.resolve(false);
      }
      return new Promise<boolean>((resolve) => {
        const entry = {
          grant: resolve,
          timer: setTimeout(() => {
            const i = waiting.indexOf(entry);
            if (i >= 0) waiting.splice(i, 1);
            rejected++;
            resolve(false);
          }, options.queueTimeoutMs),
        };
        waiting.push(entry);
      });
    },
    leave() {
      const next = waiting.shift();
      if (next) {
        // The slot passes straight to the oldest waiter: `active` does not change.
        clearTimeout(next.timer);
        admitted++;
        next.grant(true);
      } else active = Math.max(0, active - 1);
    },
    stats: () => ({ active, queued: waiting.length, admitted, rejected }),
  };
}

export type AdmissionClass = 'write' | 'read';

export interface AdmissionOptions {
  write: GateOptions;
  read: GateOptions;
}

/** One embedded store (PGlite is a single connection): small budgets are plenty. */
export const DEFAULT_ADMISSION: AdmissionOptions = {
  write: { maxConcurrent: 8, maxQueue: 64, queueTimeoutMs: 10_000, retryAfterS: 2 },
  read: { maxConcurrent: 8, maxQueue: 128, queueTimeoutMs: 10_000, retryAfterS: 1 },
};

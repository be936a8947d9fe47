// One sync runner per terminal even with several windows open: the Web Locks API hands an exclusive lock
// to one window of the origin at a time and releases it when that window dies.

export const SYNC_RUNNER_LOCK = 'pos-sync-runner';

export type LockOutcome<T> = { acquired: true; value: T } | { acquired: false };

/** The subset of the Web Locks LockManager used here (lets tests hand in their own). */
export interface LockManagerLike {
  request<T>(name: string, options: LockOptions, callback: (lock: Lock | null) => Promise<T>): Promise<T>;
}

export interface ExclusiveLockOptions {
  /** Give up at once when another holder has the lock, instead of queueing. */
  ifAvailable?: boolean;
  /** Defaults to navigator.locks when the platform has it. */
  lockManager?: LockManagerLike;
}

/**
 * Fallback where navigator.locks is absent (Node tests, very old webviews): a queue per lock name inside
 * this JavaScript realm. It cannot exclude another window, which is acceptable only where there is none.
 */
const localHolders = new Map<string, Promise<void>>();

async function withLocalLock<T>(
  name: string,
  fn: () => Promise<T>,
  ifAvailable: boolean,
): Promise<LockOutcome<T>> {
  const previous = localHolders.get(name);
  if (previous && ifAvailable) return { acquired: false };
  let release!: () => void;
  const mine = new Promise<void>((resolve) => (release = resolve));
  const tail = (previous ?? Promise.resolve()).then(() => mine);
  localHolders.set(name, tail);
  await previous;
  try {
    return { acquired: true, value: await fn() };
  } finally {
    release();
    if (localHolders.get(name) === tail) localHolders.delete(name);
  }
}

function platformLockManager(): LockManagerLike | undefined {
  const nav = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator;
  return nav?.locks;
}

/** Runs `fn` while holding the exclusive lock `name`; with ifAvailable, returns { acquired: false } when held. */
export async function withExclusiveLock<T>(
  name: string,
  fn: () => Promise<T>,
  { ifAvailable = false, lockManager = platformLockManager() }: ExclusiveLockOptions = {},
): Promise<LockOutcome<T>> {
  if (!lockManager) return withLocalLock(name, fn, ifAvailable);
  return lockManager.request<LockOutcome<T>>(name, { mode: 'exclusive', ifAvailable }, async (lock) =>
    lock === null ? { acquired: false } : { acquired: true, value: await fn() },
  );
}

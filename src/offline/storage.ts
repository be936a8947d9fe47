// Asking the browser not to evict our IndexedDB under storage pressure: the ledger holds unsent sales.

export interface PersistenceResult {
  supported: boolean;
  persisted: boolean;
}

export interface StorageEstimateResult {
  supported: boolean;
  usageBytes?: number;
  quotaBytes?: number;
}

type StorageLike = Pick<StorageManager, 'persist' | 'persisted' | 'estimate'>;

function platformStorage(): Partial<StorageLike> | undefined {
  return (globalThis as { navigator?: { storage?: Partial<StorageLike> } }).navigator?.storage;
}

/** Already persisted, or granted now; never throws (a refusal only means eviction is possible). */
export async function requestPersistentStorage(
  storage: Partial<StorageLike> | undefined = platformStorage(),
): Promise<PersistenceResult> {
  if (!storage?.persist || !storage.persisted) return { supported: false, persisted: false };
  try {
    if (await storage.persisted()) return { supported: true, persisted: true };
    return { supported: true, persisted: await storage.persist() };
  } catch {
    return { supported: true, persisted: false };
  }
}

export async function storageEstimate(
  storage: Partial<StorageLike> | undefined = platformStorage(),
): Promise<StorageEstimateResult> {
  if (!storage?.estimate) return { supported: false };
  try {
    const { usage, quota } = await storage.estimate();
    return { supported: true, usageBytes: usage, quotaBytes: quota };
  } catch {
    return { supported: true };
  }
}

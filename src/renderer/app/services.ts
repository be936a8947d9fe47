// The few long-lived objects of a running till, made once at start-up. Thunks and listeners reach them through
// the store's `extra` argument, so components never hold a database or the hardware bridge.
import type { Platform } from '../../shared/platform';
import type { TerminalConfig } from '../../shared/config';
import type { MobilePaymentProvider } from '../../domain/payment';
import type { CacheDb, LedgerDb } from '../../offline/db';
import type { TerminalIdentity } from '../../offline/terminal';
import type { CatalogRepo } from '../../offline/catalog';
import type { SimulatedPaymentProvider } from '../../offline/payment/simulator';
import type { CrmClient, SyncRunner } from '../../offline/sync';

export interface Services {
  platform: Platform;
  config: TerminalConfig;
  ledger: LedgerDb;
  cache: CacheDb;
  catalog: CatalogRepo;
  payment: MobilePaymentProvider;
  /** The same object as `payment` while the simulator is the provider, for the demo outcome switch. */
  simulator: SimulatedPaymentProvider | null;
  identity: TerminalIdentity;
  ledgerName: string;
  cacheName: string;
  /** The CRM link; absent on a demo till with no CRM configured. */
  sync?: { runner: SyncRunner; client: CrmClient };
}

/** Filled in by the boot thunk; reading it before boot finished is a programming error. */
export class ServicesHolder {
  private value: Services | null = null;

  set(s: Services): void {
    this.value = s;
  }

  get ready(): boolean {
    return this.value !== null;
  }

  get(): Services {
    if (!this.value) throw new Error('services used before start-up finished');
    return this.value;
  }
}

export interface Extra {
  services: ServicesHolder;
  /** Makes ids (UUIDv7); injected so tests can fix them. */
  newId(): string;
  now(): Date;
}

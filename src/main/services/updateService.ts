// Updates from the store network's generic server through electron-updater, as a policy around its interface:
// a till is offline often and that is normal, so a failed check is logged and retried later, never shown and
// never thrown; a downloaded update installs only while no sale is open and the outbox is empty (the renderer
// reports that), at quit or when staff press "restart now".
import type { BusyReport, UpdateStatus } from '../../shared/platform';
import { err, ok, type Result } from '../../shared/result';

/** The part of electron-updater's AppUpdater this service uses. */
export interface UpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  allowDowngrade: boolean;
  logger: UpdaterLogger | null;
  setFeedURL(options: { provider: 'generic'; url: string }): void;
  checkForUpdates(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'update-available' | 'update-downloaded', listener: (info: { version: string }) => void): unknown;
  on(event: 'update-not-available', listener: () => void): unknown;
  on(event: 'download-progress', listener: (progress: { percent: number }) => void): unknown;
}

export interface UpdaterLogger {
  info(message?: unknown): void;
  warn(message?: unknown): void;
  error(message?: unknown): void;
}

interface Log {
  info(msg: string, data?: Record<string, unknown>): void;
  warn(msg: string, data?: Record<string, unknown>): void;
  error(msg: string, data?: Record<string, unknown>): void;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface UpdateServiceOptions {
  /** null where updates cannot work (a development run, no electron-updater). */
  updater: UpdaterLike | null;
  /** The generic server; absent or '' = updates off. */
  url: string | undefined;
  log: Log;
  timers?: Timers;
  now?: () => Date;
  /** First check after start-up, once the till is selling. */
  firstCheckMs?: number;
  intervalMs?: number;
  /** First retry after a failure; doubles up to intervalMs. */
  retryMs?: number;
}

export const UPDATE_BUSY = 'E_BUSY';
export const UPDATE_NONE = 'E_NO_UPDATE';

export interface UpdateService {
  start(): void;
  stop(): void;
  status(): UpdateStatus;
  reportBusy(report: BusyReport): void;
  /** One check now (also what the timer runs); never rejects. */
  check(): Promise<void>;
  /** "Restart now" from the till: only with a downloaded update and an idle till. */
  installNow(): Result<void>;
  /** At app quit: installs a downloaded update if the till is idle. True when the installer was started. */
  installOnQuit(): boolean;
}

const MINUTE = 60_000;

export function isBusy(report: BusyReport | null): boolean {
  // Until the till has said otherwise, assume a sale could be open.
  return report === null || report.saleOpen || report.pendingOutbox > 0;
}

/** True for a well-formed https:// URL (the only scheme an update feed may use). */
export function isHttpsUrl(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
}

function messageOf(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0]?.slice(0, 500) ?? '';
}

export function createUpdateService(opts: UpdateServiceOptions): UpdateService {
  const timers: Timers = opts.timers ?? {
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  };
  const now = opts.now ?? (() => new Date());
  const firstCheckMs = opts.firstCheckMs ?? 2 * MINUTE;
  const intervalMs = opts.intervalMs ?? 4 * 60 * MINUTE;
  const retryMs = opts.retryMs ?? 10 * MINUTE;
  const updater = opts.updater;
  const url = opts.url ?? '';
  // https only (decision 0046): latest.yml carries the installer's sha512, so whoever can rewrite the feed can
  // hand the till any code. The config schema already refuses another scheme; this holds for any caller.
  const secure = url === '' || isHttpsUrl(url);
  if (!secure) opts.log.error('update server refused: not an https URL; updates are off', { url });
  const enabled = updater !== null && url !== '' && secure;

  let state: UpdateStatus['state'] = enabled ? 'idle' : 'disabled';
  let version: string | undefined;
  let percent: number | undefined;
  let lastCheckAt: string | undefined;
  let lastError: string | undefined;
  let busy: BusyReport | null = null;
  let failures = 0;
  let timer: unknown = null;
  let started = false;
  let installing = false;

  function schedule(ms: number): void {
    if (!started) return;
    if (timer !== null) timers.clearTimeout(timer);
    timer = timers.setTimeout(() => {
      timer = null;
      void check();
    }, ms);
  }

  function failed(e: unknown): void {
    lastError = messageOf(e);
    failures++;
    // Offline is the normal case on a till: a warning in the log, no dialog, and a later retry.
    opts.log.warn('update check failed; retrying later', { error: lastError, failures });
    if (state !== 'ready') {
      state = 'idle';
      percent = undefined;
      schedule(Math.min(intervalMs, retryMs * 2 ** Math.min(failures - 1, 10)));
    }
  }

  async function check(): Promise<void> {
    if (!enabled || !updater || state === 'checking' || state === 'downloading' || state === 'ready') return;
    state = 'checking';
    lastCheckAt = now().toISOString();
    try {
      await updater.checkForUpdates();
    } catch (e) {
      failed(e);
      return;
    }
    if (state === 'checking') state = 'idle';
    if (state === 'idle') {
      failures = 0;
      lastError = undefined;
      schedule(intervalMs);
    }
  }

  function install(reason: 'now' | 'quit'): boolean {
    if (!updater || state !== 'ready' || isBusy(busy) || installing) return false;
    installing = true;
    opts.log.info('installing update', { version, reason });
    try {
      // Silent at quit (nobody is waiting); visible progress when staff asked for it.
      updater.quitAndInstall(reason === 'quit', reason === 'now');
      return true;
    } catch (e) {
      installing = false;
      opts.log.error('update install failed', { error: messageOf(e) });
      return false;
    }
  }

  if (enabled && updater) {
    updater.logger = {
      info: (m) => opts.log.info('updater', { detail: messageOf(m) }),
      warn: (m) => opts.log.warn('updater', { detail: messageOf(m) }),
      // electron-updater reports a failed check as an error; for a till that is routine.
      error: (m) => opts.log.warn('updater', { detail: messageOf(m) }),
    };
    updater.autoDownload = true;
    // We decide when to install (idle till only): never electron-updater's own quit hook.
    updater.autoInstallOnAppQuit = false;
    updater.allowDowngrade = false;
    updater.setFeedURL({ provider: 'generic', url });
    // Without an 'error' listener the EventEmitter would throw and take the main process down. A failed
    // check also rejects checkForUpdates, which counts it once; this catches download failures.
    updater.on('error', (e) => {
      if (state !== 'checking') failed(e);
    });
    updater.on('update-available', (info) => {
      state = 'downloading';
      version = info.version;
      percent = 0;
      opts.log.info('update available', { version: info.version });
    });
    updater.on('update-not-available', () => {
      if (state === 'checking') state = 'idle';
    });
    updater.on('download-progress', (p) => {
      if (state === 'downloading' && Number.isFinite(p.percent))
        percent = Math.max(0, Math.min(100, p.percent));
    });
    updater.on('update-downloaded', (info) => {
      state = 'ready';
      version = info.version;
      percent = 100;
      failures = 0;
      lastError = undefined;
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
      opts.log.info('update downloaded; installs when the till is idle', { version: info.version });
    });
  }

  return {
    start() {
      if (!enabled || started) return;
      started = true;
      schedule(firstCheckMs);
    },
    stop() {
      started = false;
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
    },
    status() {
      return {
        state,
        busy: isBusy(busy),
        ...(version !== undefined ? { version } : {}),
        ...(percent !== undefined ? { percent } : {}),
        ...(lastCheckAt !== undefined ? { lastCheckAt } : {}),
        ...(lastError !== undefined ? { lastError } : {}),
      };
    },
    reportBusy(report) {
      busy = { saleOpen: report.saleOpen, pendingOutbox: report.pendingOutbox };
    },
    check,
    installNow() {
      if (state !== 'ready') return err(UPDATE_NONE, 'no update is ready to install');
      if (isBusy(busy)) return err(UPDATE_BUSY, 'a sale is open or sales are waiting to sync');
      return install('now') ? ok() : err(UPDATE_BUSY, 'the update could not start');
    },
    installOnQuit: () => install('quit'),
  };
}

// The customer-facing display, main-process side: which monitor gets the customer window, and the serial pole
// display (VFD) fed with the till's views. The till never waits on the pole display: a view is queued, the
// newest one wins, and a display that is unplugged is logged once and reopened later.
import { vfdLines, type VfdCharset } from '../../hardware/core/vfd';
import type { VfdPort } from '../../hardware/node/vfd/serialVfd';
import type { CustomerDisplayConfig } from '../../shared/config';
import type { CustomerDisplayView } from '../../shared/customerDisplay';
import { ok, type Result } from '../../shared/result';

export interface DisplayInfo {
  id: number;
  bounds: { x: number; y: number; width: number; height: number };
  internal?: boolean;
}

/**
 * The monitor for the customer window: one that is not the cashier's (primary). An external monitor before
 * a built-in panel, then left to right, so the choice is the same at every start.
 */
export function pickCustomerDisplay(displays: readonly DisplayInfo[], primaryId: number): DisplayInfo | null {
  const others = displays.filter((d) => d.id !== primaryId);
  others.sort((a, b) => Number(a.internal === true) - Number(b.internal === true) || a.bounds.x - b.bounds.x);
  return others[0] ?? null;
}

/** Where the customer window goes, or null: none configured, a pole display instead, or only one monitor. */
export function customerWindowDisplay(
  config: CustomerDisplayConfig | undefined,
  displays: readonly DisplayInfo[],
  primaryId: number,
): DisplayInfo | null {
  const kind = config?.kind ?? 'auto';
  if (kind === 'none' || kind === 'vfd') return null;
  // Never on the cashier's own screen: it would cover the till.
  return pickCustomerDisplay(displays, primaryId);
}

interface Log {
  info(msg: string, data?: Record<string, unknown>): void;
  warn(msg: string, data?: Record<string, unknown>): void;
}

export interface PoleDisplayOptions {
  config: CustomerDisplayConfig | undefined;
  log: Log;
  open: (opts: { path: string; baudRate?: number; charset: VfdCharset }) => Promise<VfdPort>;
  /** Wait before reopening a display that failed. */
  retryMs?: number;
  now?: () => number;
}

export interface PoleDisplay {
  readonly enabled: boolean;
  /** Queues the view for the pole display; answers at once. */
  show(view: CustomerDisplayView): Result<void>;
  /** Resolves when everything queued so far was written or dropped (tests, shutdown). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export function createPoleDisplay(opts: PoleDisplayOptions): PoleDisplay {
  const cfg = opts.config;
  const enabled = cfg?.kind === 'vfd' && typeof cfg.path === 'string';
  const charset: VfdCharset = cfg?.charset ?? 'ascii';
  const retryMs = opts.retryMs ?? 30_000;
  const now = opts.now ?? (() => Date.now());
  let port: VfdPort | null = null;
  let shown: string | null = null;
  let pending: [string, string] | null = null;
  let running: Promise<void> | null = null;
  let failing = false;
  let retryAt = 0;

  async function writeOne(lines: [string, string]): Promise<void> {
    if (!cfg?.path) return;
    if (!port) {
      if (now() < retryAt) return;
      port = await opts.open({
        path: cfg.path,
        ...(cfg.baudRate ? { baudRate: cfg.baudRate } : {}),
        charset,
      });
      if (failing) opts.log.info('pole display back', { path: cfg.path });
      failing = false;
    }
    await port.show(lines);
    shown = lines.join('\n');
  }

  async function drain(): Promise<void> {
    while (pending) {
      const lines = pending;
      pending = null;
      try {
        await writeOne(lines);
      } catch (e) {
        const p = port;
        port = null;
        shown = null;
        retryAt = now() + retryMs;
        await p?.close().catch(() => undefined);
        // Logged once per outage: a display unplugged all day must not fill the log.
        if (!failing)
          opts.log.warn('pole display unavailable', {
            path: cfg?.path,
            error: e instanceof Error ? e.message : String(e),
          });
        failing = true;
      }
    }
  }

  return {
    enabled,
    show(view) {
      if (!enabled) return ok();
      const lines = vfdLines(view, charset);
      if (lines.join('\n') === shown && !pending) return ok();
      pending = lines;
      running ??= drain().finally(() => {
        running = null;
      });
      return ok();
    },
    async idle() {
      while (running) await running;
    },
    async close() {
      while (running) await running;
      await port?.close().catch(() => undefined);
      port = null;
    },
  };
}

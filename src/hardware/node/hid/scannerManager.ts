// Keeps the chosen HID scanners open and turns their reports into scans. A scanner is chosen by vendor and
// product id (the path changes with the USB port). Unplugging arrives as node-hid's 'error' event; the
// manager then looks for the device on every poll and opens it again when it is back, with a growing pause
// after failed opens (permission denied, device still settling) so the log does not flood. Nothing here
// throws into the caller or the event loop: a scanner problem must never stop the till.
import type { HidDeviceId } from '../../../shared/config';
import type { HidScannerInfo, ScanEvent, ScannerStatus } from '../../../shared/platform';
import type { HidBackend, HidDeviceHandle, HidInterfaceInfo } from '../../core/hid/device';
import {
  AutoDecoder,
  decoderFor,
  scannerModeOf,
  type HidScannerMode,
  type HidScanDecoder,
} from '../../core/hid';

export interface ScannerLog {
  info(msg: string, data?: Record<string, unknown>): void;
  warn(msg: string, data?: Record<string, unknown>): void;
  error(msg: string, data?: Record<string, unknown>): void;
}

export interface HidScannerManagerOptions {
  backend: HidBackend;
  onScan(scan: ScanEvent): void;
  log: ScannerLog;
  now?: () => number;
  /** How often the device list is read to find a re-plugged scanner. */
  pollMs?: number;
  /** Pause after the first failed open, doubled per failure up to maxRetryMs. */
  firstRetryMs?: number;
  maxRetryMs?: number;
  /**
   * Whether keyboard-mode interfaces can be read. Not on Windows: the system owns keyboards and node-hid
   * cannot open them, so such scanners are left to the renderer's wedge and not offered in the list.
   */
  readKeyboards?: boolean;
}

export interface HidScannerManager {
  /** The scanners to read (from the config); others are closed. */
  setChosen(ids: readonly HidDeviceId[]): Promise<void>;
  start(): void;
  stop(): void;
  /** One poll now: list the devices, open the chosen ones that are back. */
  tick(): Promise<void>;
  /** The last known state, without listing devices again. */
  status(): ScannerStatus;
  /** Lists the devices now, then answers the status with every scanner-like device plugged in. */
  list(): Promise<ScannerStatus>;
}

interface Target {
  id: HidDeviceId;
  handle: HidDeviceHandle | null;
  iface: HidInterfaceInfo | null;
  decoder: HidScanDecoder | null;
  mode: HidScannerMode;
  failures: number;
  nextAttemptAt: number;
  problem?: string;
}

const key = (id: HidDeviceId) => `${id.vendorId}:${id.productId}`;
export const vidPid = (id: HidDeviceId) =>
  `${id.vendorId.toString(16).padStart(4, '0')}:${id.productId.toString(16).padStart(4, '0')}`;

const MODE_RANK: Record<HidScannerMode, number> = { pos: 0, keyboard: 1, unknown: 2 };

/** The interface of a device to read: HID POS over keyboard over one the driver could not name. */
function bestInterface(
  ifaces: HidInterfaceInfo[],
  readKeyboards: boolean,
): { iface: HidInterfaceInfo; mode: HidScannerMode } | null {
  let best: { iface: HidInterfaceInfo; mode: HidScannerMode } | null = null;
  for (const iface of ifaces) {
    const mode = scannerModeOf(iface.usagePage, iface.usage);
    if (!mode || (mode === 'keyboard' && !readKeyboards)) continue;
    if (!best || MODE_RANK[mode] < MODE_RANK[best.mode]) best = { iface, mode };
  }
  return best;
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function describe(iface: HidInterfaceInfo): Record<string, unknown> {
  return {
    device: vidPid(iface),
    ...(iface.product ? { product: iface.product } : {}),
    ...(iface.path ? { path: iface.path } : {}),
  };
}

export function createHidScannerManager(opts: HidScannerManagerOptions): HidScannerManager {
  const now = opts.now ?? Date.now;
  const pollMs = opts.pollMs ?? 1000;
  const firstRetryMs = opts.firstRetryMs ?? 500;
  const maxRetryMs = opts.maxRetryMs ?? 30_000;
  const readKeyboards = opts.readKeyboards ?? process.platform !== 'win32';
  const { backend, log } = opts;

  const targets = new Map<string, Target>();
  let present: HidInterfaceInfo[] = [];
  let driverProblem: string | null = null;
  let driverRetryAt = 0;
  let driverFailures = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running = false;
  /** Set by stop(): a listing still in flight must not open devices afterwards. */
  let stopped = false;
  let ticking: Promise<void> | null = null;

  function retryDelay(failures: number): number {
    return Math.min(maxRetryMs, firstRetryMs * 2 ** Math.max(0, failures - 1));
  }

  function close(t: Target): void {
    const h = t.handle;
    t.handle = null;
    t.decoder = null;
    if (!h) return;
    try {
      h.removeAllListeners();
      h.close();
    } catch (e) {
      log.warn('hid scanner close failed', { device: vidPid(t.id), error: messageOf(e) });
    }
  }

  function onDisconnect(t: Target, handle: HidDeviceHandle, error: unknown): void {
    if (t.handle !== handle) return; // a late error from a handle already replaced
    const halfScan = t.decoder?.pending ?? false;
    close(t);
    t.failures = 0;
    // Give the system a moment to finish removing (or re-adding) the device before trying it again.
    t.nextAttemptAt = now() + firstRetryMs;
    log.warn('hid scanner disconnected', {
      device: vidPid(t.id),
      error: messageOf(error),
      ...(halfScan ? { droppedHalfScan: true } : {}),
    });
    schedule(firstRetryMs);
  }

  function onReport(t: Target, handle: HidDeviceHandle, data: Uint8Array | number[]): void {
    if (t.handle !== handle || !t.decoder) return;
    try {
      const out = t.decoder.push(data instanceof Uint8Array ? data : Uint8Array.from(data), now());
      if (t.decoder instanceof AutoDecoder && t.decoder.detected) t.mode = t.decoder.detected;
      for (const problem of out.problems) log.warn('hid report refused', { device: vidPid(t.id), problem });
      for (const scan of out.scans) {
        opts.onScan({
          source: 'hid',
          code: scan.code,
          ...(scan.symbology ? { symbology: scan.symbology } : {}),
          at: scan.at,
        });
      }
    } catch (e) {
      log.error('hid scan handling failed', { device: vidPid(t.id), error: messageOf(e) });
    }
  }

  function tryOpen(t: Target, iface: HidInterfaceInfo, mode: HidScannerMode): void {
    let handle: HidDeviceHandle;
    try {
      handle = backend.open(iface);
    } catch (e) {
      t.failures++;
      const wait = retryDelay(t.failures);
      t.nextAttemptAt = now() + wait;
      t.problem = messageOf(e);
      log.warn('hid scanner open failed', {
        ...describe(iface),
        attempt: t.failures,
        retryInMs: wait,
        error: t.problem,
      });
      return;
    }
    t.handle = handle;
    t.iface = iface;
    t.mode = mode;
    t.decoder = decoderFor(mode);
    t.failures = 0;
    delete t.problem;
    handle.on('data', (d) => onReport(t, handle, d));
    handle.on('error', (e) => onDisconnect(t, handle, e));
    log.info('hid scanner connected', { ...describe(iface), mode });
  }

  async function poll(): Promise<void> {
    const at = now();
    if (driverProblem && at < driverRetryAt) return;
    try {
      present = await backend.devices();
      if (stopped) return;
      if (driverProblem) log.info('hid driver available again');
      driverProblem = null;
      driverFailures = 0;
    } catch (e) {
      driverFailures++;
      driverRetryAt = at + retryDelay(driverFailures);
      const problem = messageOf(e);
      if (problem !== driverProblem) log.error('hid devices cannot be listed', { error: problem });
      driverProblem = problem;
      return;
    }
    for (const t of targets.values()) {
      if (t.handle || at < t.nextAttemptAt) continue;
      const match = bestInterface(
        present.filter((d) => d.vendorId === t.id.vendorId && d.productId === t.id.productId),
        readKeyboards,
      );
      if (match) tryOpen(t, match.iface, match.mode);
    }
  }

  function tick(): Promise<void> {
    // One poll at a time: a slow listing must not open the same scanner twice.
    if (!ticking) {
      ticking = poll()
        .catch((e: unknown) => log.error('hid poll failed', { error: messageOf(e) }))
        .finally(() => {
          ticking = null;
        });
    }
    return ticking;
  }

  function schedule(inMs: number): void {
    if (!running) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      void tick().finally(() => schedule(pollMs));
    }, inMs);
    timer.unref?.();
  }

  function deviceRows(): HidScannerInfo[] {
    const rows = new Map<string, HidScannerInfo>();
    for (const t of targets.values()) {
      const plugged = present.some((d) => d.vendorId === t.id.vendorId && d.productId === t.id.productId);
      const state = t.handle ? 'connected' : plugged && t.failures > 0 ? 'retrying' : 'searching';
      const iface = t.iface ?? present.find((d) => key(d) === key(t.id));
      rows.set(key(t.id), {
        vendorId: t.id.vendorId,
        productId: t.id.productId,
        ...(iface?.product ? { product: iface.product } : {}),
        ...(iface?.manufacturer ? { manufacturer: iface.manufacturer } : {}),
        ...(iface?.serialNumber ? { serialNumber: iface.serialNumber } : {}),
        mode: t.mode,
        chosen: true,
        state,
        ...(state === 'retrying' && t.problem ? { detail: t.problem.slice(0, 500) } : {}),
      });
    }
    return [...rows.values()];
  }

  function status(withPresent: boolean): ScannerStatus {
    const devices = deviceRows();
    if (withPresent) {
      const byDevice = new Map<string, HidInterfaceInfo[]>();
      for (const d of present) {
        if (targets.has(key(d))) continue;
        const list = byDevice.get(key(d)) ?? [];
        list.push(d);
        byDevice.set(key(d), list);
      }
      for (const ifaces of byDevice.values()) {
        const best = bestInterface(ifaces, readKeyboards);
        if (!best) continue; // mice, touch screens, vendor channels
        const { iface, mode } = best;
        devices.push({
          vendorId: iface.vendorId,
          productId: iface.productId,
          ...(iface.product ? { product: iface.product } : {}),
          ...(iface.manufacturer ? { manufacturer: iface.manufacturer } : {}),
          ...(iface.serialNumber ? { serialNumber: iface.serialNumber } : {}),
          mode,
          chosen: false,
          state: 'present',
        });
      }
    }
    devices.sort(
      (a, b) =>
        Number(b.chosen) - Number(a.chosen) ||
        MODE_RANK[a.mode] - MODE_RANK[b.mode] ||
        a.vendorId - b.vendorId ||
        a.productId - b.productId,
    );
    if (driverProblem) {
      return { support: 'unavailable', state: 'unavailable', detail: driverProblem.slice(0, 500), devices };
    }
    const chosen = devices.filter((d) => d.chosen);
    const state =
      chosen.length === 0 ? 'none' : chosen.every((d) => d.state === 'connected') ? 'connected' : 'searching';
    return { support: 'hid', state, devices };
  }

  return {
    async setChosen(ids) {
      const wanted = new Map(ids.map((id) => [key(id), id]));
      for (const [k, t] of targets) {
        if (wanted.has(k)) continue;
        close(t);
        targets.delete(k);
        log.info('hid scanner released', { device: vidPid(t.id) });
      }
      for (const [k, id] of wanted) {
        if (!targets.has(k))
          targets.set(k, {
            id: { vendorId: id.vendorId, productId: id.productId },
            handle: null,
            iface: null,
            decoder: null,
            mode: 'unknown',
            failures: 0,
            nextAttemptAt: 0,
          });
      }
      await tick();
    },
    start() {
      if (running) return;
      running = true;
      stopped = false;
      schedule(0);
    },
    stop() {
      running = false;
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      for (const t of targets.values()) close(t);
    },
    tick,
    status: () => status(false),
    async list() {
      // A fresh listing even while the driver is in its retry pause: the technician asked for it.
      driverRetryAt = 0;
      await tick();
      return status(true);
    },
  };
}

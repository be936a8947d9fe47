// HID scanners in the main process: the chosen ones (config `scanner.hid`, by vendor and product id) are kept
// open by the manager and their scans go to the scan hub, which forwards them to the till window. The
// settings screen lists what is plugged in and saves the choice through here.
import type { HidDeviceId } from '../../shared/config';
import type { IpcHandlers } from '../../shared/ipc';
import type { ScannerStatus } from '../../shared/platform';
import { ok, type Result } from '../../shared/result';
import type { HidBackend } from '../../hardware/core/hid/device';
import {
  createHidScannerManager,
  vidPid,
  type HidScannerManager,
} from '../../hardware/node/hid/scannerManager';
import type { ConfigService } from './configService';
import type { LogService } from './logService';
import type { ScanHub } from './scanHub';

export type ScannerChannel = 'scannerStatus' | 'listScanners' | 'chooseScanners';

export interface ScannerServiceOptions {
  backend: HidBackend;
  config: ConfigService;
  hub: ScanHub;
  log: Pick<LogService, 'info' | 'warn' | 'error'>;
  pollMs?: number;
  firstRetryMs?: number;
}

export interface ScannerService {
  readonly manager: HidScannerManager;
  /** Opens the configured scanners and starts watching for unplug and re-plug. */
  start(): Promise<void>;
  stop(): void;
  handlers: Pick<IpcHandlers, ScannerChannel>;
}

function sameIds(a: readonly HidDeviceId[], b: readonly HidDeviceId[]): boolean {
  return (
    a.length === b.length &&
    a.every((x, i) => x.vendorId === b[i]?.vendorId && x.productId === b[i]?.productId)
  );
}

function dedupe(ids: readonly HidDeviceId[]): HidDeviceId[] {
  const seen = new Set<string>();
  return ids.filter((id) => {
    const k = vidPid(id);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function createScannerService(opts: ScannerServiceOptions): ScannerService {
  const { config, hub, log } = opts;
  const manager = createHidScannerManager({
    backend: opts.backend,
    log,
    ...(opts.pollMs ? { pollMs: opts.pollMs } : {}),
    ...(opts.firstRetryMs ? { firstRetryMs: opts.firstRetryMs } : {}),
    onScan: (scan) => {
      const published = hub.publish(scan);
      if (!published.ok) log.warn('hid scan refused', { code: published.code, problem: published.message });
    },
  });
  let applied: HidDeviceId[] = [];

  // The config can also change through the settings screen's full save: follow it on the next call.
  async function follow(): Promise<void> {
    const wanted = dedupe(config.current().scanner.hid);
    if (sameIds(wanted, applied)) return;
    applied = wanted;
    await manager.setChosen(wanted);
  }

  async function answer(run: () => Promise<ScannerStatus> | ScannerStatus): Promise<Result<ScannerStatus>> {
    await follow();
    return ok(await run());
  }

  return {
    manager,
    async start() {
      await follow();
      manager.start();
      const s = manager.status();
      log.info('hid scanners started', { chosen: applied.map(vidPid), state: s.state });
    },
    stop() {
      manager.stop();
    },
    handlers: {
      scannerStatus: () => answer(() => manager.status()),
      listScanners: () => answer(() => manager.list()),
      async chooseScanners(ids) {
        const chosen = dedupe(ids);
        const current = config.current();
        const saved = await config.save({ ...current, scanner: { ...current.scanner, hid: chosen } });
        if (!saved.ok) {
          log.error('hid scanner choice not saved', { code: saved.code, problem: saved.message });
          return saved;
        }
        log.info('hid scanners chosen', { chosen: chosen.map(vidPid) });
        return answer(() => manager.list());
      },
    },
  };
}

// The counter PC flavour: every call goes through the preload's window.pos bridge to the main process.
// The bridge already answers Results; a rejected promise (window closing, no handler) becomes one too.
import type { PosBridge } from '../../shared/ipc';
import { IPC_ERROR } from '../../shared/ipc';
import type { CustomerDisplayView } from '../../shared/customerDisplay';
import type {
  BusyReport,
  ConfigFileStatus,
  ConfigSaveOutcome,
  UpdateStatus,
  LogEntry,
  Platform,
  PrintJob,
  PrintOutcome,
  PrinterStatus,
  ScanEvent,
} from '../../shared/platform';
import { err, type Result } from '../../shared/result';
import type { HidDeviceId } from '../../shared/config';
import type { ScannerStatus } from '../../shared/platform';
import type { TerminalConfig } from '../../shared/config';

async function guarded<T>(call: () => Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await call();
  } catch (e) {
    return err(IPC_ERROR.transport, e instanceof Error ? e.message : String(e));
  }
}

export class ElectronPlatform implements Platform {
  readonly kind = 'electron' as const;

  constructor(private readonly bridge: PosBridge) {}

  getConfig(): Promise<Result<TerminalConfig>> {
    return guarded(() => this.bridge.getConfig());
  }

  onScan(listener: (e: ScanEvent) => void): () => void {
    return this.bridge.onScan(listener);
  }

  printReceipt(job: PrintJob): Promise<Result<PrintOutcome>> {
    return guarded(() => this.bridge.printReceipt(job));
  }

  openDrawer(): Promise<Result<void>> {
    return guarded(() => this.bridge.openDrawer());
  }

  printerStatus(): Promise<Result<PrinterStatus>> {
    return guarded(() => this.bridge.printerStatus());
  }

  saveConfig(input: Record<string, unknown>): Promise<Result<ConfigSaveOutcome>> {
    return guarded(() => this.bridge.saveConfig(input));
  }

  configStatus(): Promise<Result<ConfigFileStatus>> {
    return guarded(() => this.bridge.configStatus());
  }

  reportBusy(busy: BusyReport): Promise<Result<void>> {
    return guarded(() => this.bridge.reportBusy(busy));
  }

  updateStatus(): Promise<Result<UpdateStatus>> {
    return guarded(() => this.bridge.updateStatus());
  }

  installUpdate(): Promise<Result<void>> {
    return guarded(() => this.bridge.installUpdate());
  }

  showCustomerView(view: CustomerDisplayView): Promise<Result<void>> {
    return guarded(() => this.bridge.showCustomerView(view));
  }

  scannerStatus(): Promise<Result<ScannerStatus>> {
    return guarded(() => this.bridge.scannerStatus());
  }

  listScanners(): Promise<Result<ScannerStatus>> {
    return guarded(() => this.bridge.listScanners());
  }

  chooseScanners(ids: HidDeviceId[]): Promise<Result<ScannerStatus>> {
    return guarded(() => this.bridge.chooseScanners(ids));
  }

  log(entry: LogEntry): void {
    // Logging must never throw into the UI.
    void this.bridge.log(entry).catch(() => undefined);
  }
}

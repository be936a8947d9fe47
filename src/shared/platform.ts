// The one interface through which the renderer reaches hardware. ElectronPlatform wraps the preload bridge;
// WebPlatform does the same in a plain browser. The schemas guard the Electron IPC boundary.
import { z } from 'zod';
import type { Result } from './result';
import { ConfigIssueSchema, type TerminalConfig } from './config';
import type { HidDeviceId } from './config';
import { ReceiptDocSchema, type ReceiptDoc } from './receiptDoc';
import type { CustomerDisplayView } from './customerDisplay';

export interface ScanEvent {
  source: 'hid' | 'wedge' | 'camera';
  code: string;
  symbology?: string;
  at: number /* epoch ms */;
}

export interface PrintJob {
  jobId: string /* UUIDv7: printed once; a reprint is a new job marked reprint */;
  kind: 'receipt' | 'reprint' | 'slip';
  doc: ReceiptDoc;
  openDrawer?: boolean;
}

export type PrinterStatus = {
  state: 'ready' | 'offline' | 'paperOut' | 'coverOpen' | 'error' | 'none';
  detail?: string;
  /** The paper roll is nearly used up: still printing, but someone should fetch a roll. */
  paperNearEnd?: boolean;
  /** Jobs waiting in the print queue for the printer to be fixed, oldest first. */
  pending?: PendingPrintJob[];
};

export interface PendingPrintJob {
  jobId: string;
  kind: PrintJob['kind'];
  queuedAt: string /* ISO-8601 */;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface LogEntry {
  level: LogLevel;
  msg: string;
  data?: Record<string, unknown>;
}

export interface PrintOutcome {
  printed: boolean;
  duplicate: boolean;
  /** Kept in the print queue: it prints by itself once the printer is fixed. */
  queued?: boolean;
  /** Why it waits (the printer's state when it was tried). */
  problem?: PrinterStatus['state'];
}

/** A HID scanner as the settings list shows it: one row per physical device (VID:PID). */
export interface HidScannerInfo {
  vendorId: number;
  productId: number;
  product?: string;
  manufacturer?: string;
  serialNumber?: string;
  /** What its reports are: HID POS (usage page 0x8C), boot keyboard, or not known until one arrives. */
  mode: 'pos' | 'keyboard' | 'unknown';
  /** Chosen in the config: the till reads it. */
  chosen: boolean;
  /** connected: open and read; present: plugged in, not chosen; searching: chosen, not plugged in;
   * retrying: chosen and plugged in, but it could not be opened (see detail). */
  state: 'connected' | 'present' | 'searching' | 'retrying';
  detail?: string;
}

export interface ScannerStatus {
  /** hid: this till reads HID scanners; web: a browser, scanners work as keyboards (wedge);
   * unavailable: the HID driver could not load (see detail). */
  support: 'hid' | 'web' | 'unavailable';
  /** For the status bar: none chosen, all chosen connected, some still searched for, or no driver. */
  state: 'none' | 'connected' | 'searching' | 'unavailable';
  detail?: string;
  devices: HidScannerInfo[];
}

export interface Platform {
  readonly kind: 'electron' | 'web';
  getConfig(): Promise<Result<TerminalConfig>>;
  /** The settings screen: validated again in main; bad input comes back as field issues, saves nothing. */
  saveConfig(input: Record<string, unknown>): Promise<Result<ConfigSaveOutcome>>;
  configStatus(): Promise<Result<ConfigFileStatus>>;
  /** The till tells main whether an update may install now (sale open, outbox not empty). */
  reportBusy(busy: BusyReport): Promise<Result<void>>;
  updateStatus(): Promise<Result<UpdateStatus>>;
  /** Restarts into a downloaded update; refused (E_BUSY) while a sale is open or the outbox is not empty. */
  installUpdate(): Promise<Result<void>>;
  /** Feeds the serial pole display, if one is configured (the customer window listens on BroadcastChannel). */
  showCustomerView(view: CustomerDisplayView): Promise<Result<void>>;
  onScan(listener: (e: ScanEvent) => void): () => void; // hardware (HID) scans; wedge/camera are handled in the renderer
  printReceipt(job: PrintJob): Promise<Result<PrintOutcome>>;
  openDrawer(): Promise<Result<void>>;
  printerStatus(): Promise<Result<PrinterStatus>>;
  log(entry: LogEntry): void;
  /** HID scanners: the chosen ones' connection state, without a new device listing (cheap, for the status bar). */
  scannerStatus(): Promise<Result<ScannerStatus>>;
  /** Lists the HID devices plugged in now, with the chosen ones. */
  listScanners(): Promise<Result<ScannerStatus>>;
  /** Saves which HID scanners the till reads (by vendor and product id) and connects them. */
  chooseScanners(ids: HidDeviceId[]): Promise<Result<ScannerStatus>>;
}

export const ScanEventSchema = z.object({
  source: z.enum(['hid', 'wedge', 'camera']),
  // GS1 codes carry GS (0x1D) separators, so control characters other than NUL are allowed.
  code: z
    .string()
    .min(1)
    .max(512)
    .refine((s) => !s.includes('\0'), 'must not contain NUL'),
  symbology: z.string().max(32).optional(),
  at: z.number().int().nonnegative(),
}) satisfies z.ZodType<ScanEvent>;

export const PrintJobSchema = z.object({
  jobId: z.uuid({ version: 'v7' }),
  kind: z.enum(['receipt', 'reprint', 'slip']),
  doc: ReceiptDocSchema,
  openDrawer: z.boolean().optional(),
}) satisfies z.ZodType<PrintJob>;

const PrinterStateSchema = z.enum(['ready', 'offline', 'paperOut', 'coverOpen', 'error', 'none']);

export const PendingPrintJobSchema = z.object({
  jobId: z.string().min(1).max(64),
  kind: z.enum(['receipt', 'reprint', 'slip']),
  queuedAt: z.string().max(40),
}) satisfies z.ZodType<PendingPrintJob>;

export const PrinterStatusSchema = z.object({
  state: PrinterStateSchema,
  detail: z.string().max(500).optional(),
  paperNearEnd: z.boolean().optional(),
  pending: z.array(PendingPrintJobSchema).max(1000).optional(),
}) satisfies z.ZodType<PrinterStatus>;

export const LogEntrySchema = z.object({
  level: z.enum(['debug', 'info', 'warn', 'error']),
  msg: z.string().min(1).max(2000),
  data: z.record(z.string(), z.unknown()).optional(),
}) satisfies z.ZodType<LogEntry>;

export const PrintOutcomeSchema = z.object({
  printed: z.boolean(),
  duplicate: z.boolean(),
  queued: z.boolean().optional(),
  problem: PrinterStateSchema.optional(),
}) satisfies z.ZodType<PrintOutcome>;

export const ConfigSaveOutcomeSchema = z.discriminatedUnion('saved', [
  z.object({ saved: z.literal(true) }),
  z.object({ saved: z.literal(false), issues: z.array(ConfigIssueSchema).max(100) }),
]);
export type ConfigSaveOutcome = z.infer<typeof ConfigSaveOutcomeSchema>;

export const ConfigFileStatusSchema = z.object({
  /** 'file': the file is in use; otherwise the till runs on the last good copy or the defaults. */
  source: z.enum(['file', 'lastGood', 'default', 'server']),
  filePath: z.string().max(1000),
  writable: z.boolean(),
  problem: z.object({ code: z.string().max(64), message: z.string().max(2000) }).optional(),
});
export type ConfigFileStatus = z.infer<typeof ConfigFileStatusSchema>;

export const BusyReportSchema = z.object({
  saleOpen: z.boolean(),
  pendingOutbox: z.number().int().nonnegative(),
});
export type BusyReport = z.infer<typeof BusyReportSchema>;

export const UpdateStatusSchema = z.object({
  state: z.enum(['disabled', 'idle', 'checking', 'downloading', 'ready']),
  /** The version downloaded or being downloaded. */
  version: z.string().max(64).optional(),
  percent: z.number().min(0).max(100).optional(),
  /** Main holds a ready update back while the till is busy. */
  busy: z.boolean(),
  lastCheckAt: z.string().max(40).optional(),
  /** The last failure, kept quietly for the settings screen (offline is normal). */
  lastError: z.string().max(500).optional(),
});
export type UpdateStatus = z.infer<typeof UpdateStatusSchema>;

export const HidScannerInfoSchema = z.object({
  vendorId: z.number().int().min(0).max(0xffff),
  productId: z.number().int().min(0).max(0xffff),
  product: z.string().max(256).optional(),
  manufacturer: z.string().max(256).optional(),
  serialNumber: z.string().max(256).optional(),
  mode: z.enum(['pos', 'keyboard', 'unknown']),
  chosen: z.boolean(),
  state: z.enum(['connected', 'present', 'searching', 'retrying']),
  detail: z.string().max(500).optional(),
}) satisfies z.ZodType<HidScannerInfo>;

export const ScannerStatusSchema = z.object({
  support: z.enum(['hid', 'web', 'unavailable']),
  state: z.enum(['none', 'connected', 'searching', 'unavailable']),
  detail: z.string().max(500).optional(),
  devices: z.array(HidScannerInfoSchema).max(256),
}) satisfies z.ZodType<ScannerStatus>;

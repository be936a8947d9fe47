// The one interface through which the renderer reaches hardware. ElectronPlatform wraps the preload bridge;
// WebPlatform does the same in a plain browser. The schemas guard the Electron IPC boundary.
import { z } from 'zod';
import type { Result } from './result';
import type { TerminalConfig } from './config';
import { ReceiptDocSchema, type ReceiptDoc } from './receiptDoc';

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
};

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface LogEntry {
  level: LogLevel;
  msg: string;
  data?: Record<string, unknown>;
}

export interface PrintOutcome {
  printed: boolean;
  duplicate: boolean;
}

export interface Platform {
  readonly kind: 'electron' | 'web';
  getConfig(): Promise<Result<TerminalConfig>>;
  onScan(listener: (e: ScanEvent) => void): () => void; // hardware (HID) scans; wedge/camera are handled in the renderer
  printReceipt(job: PrintJob): Promise<Result<PrintOutcome>>;
  openDrawer(): Promise<Result<void>>;
  printerStatus(): Promise<Result<PrinterStatus>>;
  log(entry: LogEntry): void;
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

export const PrinterStatusSchema = z.object({
  state: z.enum(['ready', 'offline', 'paperOut', 'coverOpen', 'error', 'none']),
  detail: z.string().max(500).optional(),
}) satisfies z.ZodType<PrinterStatus>;

export const LogEntrySchema = z.object({
  level: z.enum(['debug', 'info', 'warn', 'error']),
  msg: z.string().min(1).max(2000),
  data: z.record(z.string(), z.unknown()).optional(),
}) satisfies z.ZodType<LogEntry>;

export const PrintOutcomeSchema = z.object({
  printed: z.boolean(),
  duplicate: z.boolean(),
}) satisfies z.ZodType<PrintOutcome>;

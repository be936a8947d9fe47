// The IPC contract: one entry per channel, with the zod schema of its argument tuple and of its result value.
// Main parses every argument with `args` before a service sees it; the preload builds one bridge function per
// entry, so a channel exists in exactly one place.
import { z } from 'zod';
import type { Result } from './result';
import { HidDeviceIdSchema, MAX_HID_SCANNERS, TerminalConfigSchema } from './config';
import { CustomerDisplayViewSchema } from './customerDisplay';
import {
  BusyReportSchema,
  ConfigFileStatusSchema,
  ConfigSaveOutcomeSchema,
  LogEntrySchema,
  PrintJobSchema,
  PrintOutcomeSchema,
  PrinterStatusSchema,
  ScanEventSchema,
  ScannerStatusSchema,
  UpdateStatusSchema,
} from './platform';
import type { ScanEvent } from './platform';

export interface IpcChannelSpec {
  readonly channel: `pos:${string}`;
  readonly args: z.ZodType<readonly unknown[]>;
  readonly result: z.ZodType;
}

export const IPC_CHANNELS = {
  getConfig: { channel: 'pos:config:get', args: z.tuple([]), result: TerminalConfigSchema },
  printReceipt: { channel: 'pos:print:receipt', args: z.tuple([PrintJobSchema]), result: PrintOutcomeSchema },
  openDrawer: { channel: 'pos:drawer:open', args: z.tuple([]), result: z.void() },
  printerStatus: { channel: 'pos:printer:status', args: z.tuple([]), result: PrinterStatusSchema },
  log: { channel: 'pos:log', args: z.tuple([LogEntrySchema]), result: z.void() },
  saveConfig: {
    channel: 'pos:config:save',
    args: z.tuple([z.record(z.string(), z.unknown())]),
    result: ConfigSaveOutcomeSchema,
  },
  configStatus: { channel: 'pos:config:status', args: z.tuple([]), result: ConfigFileStatusSchema },
  reportBusy: { channel: 'pos:app:busy', args: z.tuple([BusyReportSchema]), result: z.void() },
  updateStatus: { channel: 'pos:update:status', args: z.tuple([]), result: UpdateStatusSchema },
  installUpdate: { channel: 'pos:update:install', args: z.tuple([]), result: z.void() },
  showCustomerView: {
    channel: 'pos:display:view',
    args: z.tuple([CustomerDisplayViewSchema]),
    result: z.void(),
  },
  scannerStatus: { channel: 'pos:scanner:status', args: z.tuple([]), result: ScannerStatusSchema },
  listScanners: { channel: 'pos:scanner:list', args: z.tuple([]), result: ScannerStatusSchema },
  chooseScanners: {
    channel: 'pos:scanner:choose',
    args: z.tuple([z.array(HidDeviceIdSchema).max(MAX_HID_SCANNERS)]),
    result: ScannerStatusSchema,
  },
} as const satisfies Record<string, IpcChannelSpec>;

/** Events pushed from main to the renderer (webContents.send). */
export const IPC_EVENTS = {
  scan: { channel: 'pos:scan', payload: ScanEventSchema },
} as const;

export const SCAN_CHANNEL = IPC_EVENTS.scan.channel;

/** The key under which the preload exposes the bridge: window.pos. */
export const POS_BRIDGE_KEY = 'pos';

export type IpcChannels = typeof IPC_CHANNELS;
export type IpcChannelKey = keyof IpcChannels;
export type IpcChannelName = IpcChannels[IpcChannelKey]['channel'];
/** What a caller passes (before parsing). */
export type IpcArgs<K extends IpcChannelKey> = z.input<IpcChannels[K]['args']>;
/** What a handler receives (after parsing). */
export type IpcParsedArgs<K extends IpcChannelKey> = z.output<IpcChannels[K]['args']>;
export type IpcValue<K extends IpcChannelKey> = z.output<IpcChannels[K]['result']>;

/** window.pos: one function per channel, plus the scan subscription. */
export type PosBridge = {
  readonly [K in IpcChannelKey]: (...args: IpcArgs<K>) => Promise<Result<IpcValue<K>>>;
} & {
  readonly onScan: (listener: (e: ScanEvent) => void) => () => void;
};

/** Main-process implementation of every channel; bindIpc requires all of them. */
export type IpcHandlers = {
  readonly [K in IpcChannelKey]: (
    ...args: IpcParsedArgs<K>
  ) => Promise<Result<IpcValue<K>>> | Result<IpcValue<K>>;
};

/** Codes the IPC binding itself answers with (services add their own). */
export const IPC_ERROR = {
  sender: 'E_SENDER',
  invalidArgs: 'E_INVALID_ARGS',
  internal: 'E_INTERNAL',
  /** The preload could not reach main at all (no handler, window closing). */
  transport: 'E_IPC',
} as const;
export type IpcErrorCode = (typeof IPC_ERROR)[keyof typeof IPC_ERROR];

export const IPC_CHANNEL_KEYS = Object.keys(IPC_CHANNELS) as IpcChannelKey[];

// An ESC/POS printer on any transport: asks DLE EOT before every job (a receipt sent to a printer with no paper
// is lost on many models), prints only when it is ready, and never waits on the printer without a deadline.
import type { PrinterStatus } from '../../../shared/platform';
import type { ReceiptDoc } from '../../../shared/receiptDoc';
import {
  errorForStatus,
  PrinterError,
  type DriverPrintOptions,
  type PrinterDriver,
} from '../../core/escpos/driver';
import { encodeDrawerKick, encodeReceipt } from '../../core/escpos/encoder';
import type { MonoBitmap } from '../../core/escpos/raster';
import { conditionToStatus, parseStatusBytes, StatusParseError } from '../../core/escpos/status';
import { statusQuery } from '../../core/escpos/commands';
import type { PrinterLink, PrinterTransport } from './link';

export interface EscPosPrinterOptions {
  transport: PrinterTransport;
  connectTimeoutMs?: number;
  /** How long a DLE EOT answer may take (printers answer in a few ms; a dead one never does). */
  statusTimeoutMs?: number;
  logo?: MonoBitmap | null;
}

const QUERY = Uint8Array.from([...statusQuery(1), ...statusQuery(2), ...statusQuery(3), ...statusQuery(4)]);

async function readStatus(link: PrinterLink, timeoutMs: number): Promise<PrinterStatus> {
  await link.write(QUERY);
  const bytes = await link.read(4, timeoutMs);
  try {
    return conditionToStatus(parseStatusBytes(bytes));
  } catch (e) {
    if (e instanceof StatusParseError) return { state: 'error', detail: `unreadable status: ${e.message}` };
    throw e;
  }
}

export function createEscPosPrinter(opts: EscPosPrinterOptions): PrinterDriver {
  const { transport } = opts;
  const connectMs = opts.connectTimeoutMs ?? 3000;
  const statusMs = opts.statusTimeoutMs ?? 2000;

  async function withLink<T>(fn: (link: PrinterLink) => Promise<T>): Promise<T> {
    const link = await transport.open(connectMs);
    try {
      return await fn(link);
    } finally {
      await link.close();
    }
  }

  return {
    name: transport.name,
    print: (doc: ReceiptDoc, o: DriverPrintOptions) => {
      // Encode first: a document that cannot be printed fails before the printer is bothered.
      const bytes = encodeReceipt(doc, {
        openDrawer: o.openDrawer,
        ...(opts.logo !== undefined ? { logo: opts.logo } : {}),
      });
      return withLink(async (link) => {
        const problem = errorForStatus(await readStatus(link, statusMs));
        if (problem) throw problem;
        await link.write(bytes);
      });
    },
    openDrawer: () => withLink((link) => link.write(encodeDrawerKick())),
    status: async () => {
      try {
        return await withLink((link) => readStatus(link, statusMs));
      } catch (e) {
        if (e instanceof PrinterError) return { state: 'offline', detail: e.message };
        throw e;
      }
    },
  };
}

// Where printed receipts go. Real ESC/POS sinks (TCP 9100, serial, USB) live in src/hardware/node and come
// later; the preview sink keeps the text so the demo, the e2e suite and the manager's reprint screen can show it.
import type { PrinterStatus } from '../../shared/platform';
import type { ReceiptDoc } from '../../shared/receiptDoc';
import type { PrinterConfig } from '../../shared/config';
import { renderReceiptLines } from '../../hardware/core/receipt/render';

export interface SinkPrintOptions {
  jobId: string;
  kind: 'receipt' | 'reprint' | 'slip';
  openDrawer: boolean;
}

export interface ReceiptSink {
  readonly name: string;
  print(doc: ReceiptDoc, opts: SinkPrintOptions): Promise<void>;
  openDrawer(): Promise<void>;
  status(): Promise<PrinterStatus>;
}

/** A failure the cashier can act on; `code` reaches the renderer. */
export class PrinterError extends Error {
  constructor(
    readonly code: 'E_PRINTER_NONE' | 'E_PRINTER_OFFLINE' | 'E_PAPER_OUT' | 'E_COVER_OPEN' | 'E_PRINT_FAILED',
    message: string,
  ) {
    super(message);
    this.name = 'PrinterError';
  }
}

export interface PreviewedJob extends SinkPrintOptions {
  lines: string[];
}

export class PreviewSink implements ReceiptSink {
  readonly name = 'preview';
  readonly jobs: PreviewedJob[] = [];
  drawerOpenings = 0;

  constructor(private readonly keep = 200) {}

  async print(doc: ReceiptDoc, opts: SinkPrintOptions): Promise<void> {
    this.jobs.push({ ...opts, lines: renderReceiptLines(doc) });
    if (this.jobs.length > this.keep) this.jobs.shift();
    if (opts.openDrawer) this.drawerOpenings++;
  }

  async openDrawer(): Promise<void> {
    this.drawerOpenings++;
  }

  async status(): Promise<PrinterStatus> {
    return { state: 'ready', detail: 'preview' };
  }

  /** The text of the last printed job. */
  lastLines(): string[] {
    return this.jobs.at(-1)?.lines ?? [];
  }
}

/** No printer configured, or its driver is not installed yet: prints fail with a clear code. */
export class NoPrinterSink implements ReceiptSink {
  readonly name = 'none';
  constructor(private readonly detail = 'no printer configured') {}

  async print(): Promise<void> {
    throw new PrinterError('E_PRINTER_NONE', this.detail);
  }

  async openDrawer(): Promise<void> {
    throw new PrinterError('E_PRINTER_NONE', this.detail);
  }

  async status(): Promise<PrinterStatus> {
    return { state: 'none', detail: this.detail };
  }
}

/** The sink for a printer config until the hardware adapters are plugged in through `sinkFor`. */
export function defaultSinkFor(printer: PrinterConfig): ReceiptSink {
  switch (printer.kind) {
    case 'preview':
      return new PreviewSink();
    case 'none':
      return new NoPrinterSink();
    default:
      return new NoPrinterSink(`no ${printer.kind} printer driver installed`);
  }
}

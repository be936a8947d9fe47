// Where printed receipts go: an ESC/POS printer (TCP 9100, serial, USB: src/hardware/node/printer), or the
// preview sink, which keeps the text so the demo, the e2e suite and the manager's reprint screen can show it.
import type { PrinterStatus } from '../../shared/platform';
import type { ReceiptDoc } from '../../shared/receiptDoc';
import type { PrinterConfig } from '../../shared/config';
import { renderReceiptLines } from '../../hardware/core/receipt/render';
import { PrinterError, type DriverPrintOptions, type PrinterDriver } from '../../hardware/core/escpos/driver';
import { escposDriverFor, type EscPosDriverOptions } from '../../hardware/node/printer/drivers';

export type SinkPrintOptions = DriverPrintOptions;
export type ReceiptSink = PrinterDriver;
/** A failure the cashier can act on; `code` reaches the renderer. */
export { PrinterError };

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

/** The sink for a printer config without ESC/POS hardware: the preview, or none. */
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

/** The configured printer: ESC/POS over TCP, serial or USB, else the preview or none. */
export function sinkFor(printer: PrinterConfig, opts: EscPosDriverOptions = {}): ReceiptSink {
  return escposDriverFor(printer, opts) ?? defaultSinkFor(printer);
}

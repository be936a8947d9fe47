// What a print queue needs from a printer, whatever the wire (TCP 9100, serial, USB, the on-screen preview).
import type { PrinterStatus } from '../../../shared/platform';
import type { ReceiptDoc } from '../../../shared/receiptDoc';

export interface DriverPrintOptions {
  jobId: string;
  kind: 'receipt' | 'reprint' | 'slip';
  openDrawer: boolean;
}

export interface PrinterDriver {
  readonly name: string;
  /** Resolves once the printer took the whole job; throws PrinterError when the printer cannot print now. */
  print(doc: ReceiptDoc, opts: DriverPrintOptions): Promise<void>;
  openDrawer(): Promise<void>;
  status(): Promise<PrinterStatus>;
}

export type PrinterErrorCode =
  | 'E_PRINTER_NONE'
  | 'E_PRINTER_OFFLINE'
  | 'E_PAPER_OUT'
  | 'E_COVER_OPEN'
  | 'E_PRINTER_ERROR'
  | 'E_PRINT_FAILED';

/** A failure the cashier can act on; `code` reaches the renderer. */
export class PrinterError extends Error {
  constructor(
    readonly code: PrinterErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'PrinterError';
  }
}

/** The printer state that goes with an error code (what the cashier is told to fix). */
export function stateForCode(code: string): PrinterStatus['state'] {
  switch (code) {
    case 'E_PAPER_OUT':
      return 'paperOut';
    case 'E_COVER_OPEN':
      return 'coverOpen';
    case 'E_PRINTER_NONE':
      return 'none';
    case 'E_PRINTER_ERROR':
      return 'error';
    default:
      return 'offline';
  }
}

/** The error for a printer that is not ready, or null when it is. */
export function errorForStatus(s: PrinterStatus): PrinterError | null {
  switch (s.state) {
    case 'ready':
      return null;
    case 'paperOut':
      return new PrinterError('E_PAPER_OUT', 'paper out');
    case 'coverOpen':
      return new PrinterError('E_COVER_OPEN', 'cover open');
    case 'none':
      return new PrinterError('E_PRINTER_NONE', s.detail ?? 'no printer configured');
    case 'error':
      return new PrinterError('E_PRINTER_ERROR', s.detail ?? 'printer error');
    case 'offline':
      return new PrinterError('E_PRINTER_OFFLINE', s.detail ?? 'printer offline');
  }
}

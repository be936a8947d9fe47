// The ESC/POS driver for a configured printer: TCP 9100, serial, or USB (usblp on Linux). 'preview' and 'none'
// are not ESC/POS printers and are left to the caller.
import type { PrinterConfig } from '../../../shared/config';
import type { PrinterDriver } from '../../core/escpos/driver';
import type { MonoBitmap } from '../../core/escpos/raster';
import { createEscPosPrinter } from './escposPrinter';
import { serialTransport } from './serialTransport';
import { tcpTransport } from './tcpTransport';
import { usblpDevice, usbTransport, type UsbPrinterDevice } from './usbTransport';

export interface EscPosDriverOptions {
  logo?: MonoBitmap | null;
  connectTimeoutMs?: number;
  statusTimeoutMs?: number;
  /** Opens the USB device at a path; the Linux usblp device by default. */
  usbDevice?: (path: string) => UsbPrinterDevice;
}

export const DEFAULT_USB_PATH = '/dev/usb/lp0';

export function escposDriverFor(
  printer: PrinterConfig,
  opts: EscPosDriverOptions = {},
): PrinterDriver | null {
  const common = {
    ...(opts.logo !== undefined ? { logo: opts.logo } : {}),
    ...(opts.connectTimeoutMs ? { connectTimeoutMs: opts.connectTimeoutMs } : {}),
    ...(opts.statusTimeoutMs ? { statusTimeoutMs: opts.statusTimeoutMs } : {}),
  };
  switch (printer.kind) {
    case 'tcp':
      if (!printer.host) return null;
      return createEscPosPrinter({
        transport: tcpTransport({ host: printer.host, ...(printer.port ? { port: printer.port } : {}) }),
        ...common,
      });
    case 'serial':
      if (!printer.path) return null;
      return createEscPosPrinter({
        transport: serialTransport({
          path: printer.path,
          ...(printer.baudRate ? { baudRate: printer.baudRate } : {}),
        }),
        ...common,
      });
    case 'usb':
      return createEscPosPrinter({
        transport: usbTransport((opts.usbDevice ?? usblpDevice)(printer.path ?? DEFAULT_USB_PATH)),
        ...common,
      });
    default:
      return null;
  }
}

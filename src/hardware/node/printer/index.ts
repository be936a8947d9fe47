export { createEscPosPrinter, type EscPosPrinterOptions } from './escposPrinter';
export { escposDriverFor, DEFAULT_USB_PATH, type EscPosDriverOptions } from './drivers';
export { tcpTransport } from './tcpTransport';
export { serialTransport } from './serialTransport';
export { usbTransport, usblpDevice, type UsbPrinterDevice } from './usbTransport';
export type { PrinterLink, PrinterTransport } from './link';
export {
  createPrintQueue,
  fileQueueStore,
  memoryQueueStore,
  type PrintQueue,
  type PrintQueueOptions,
  type PrintQueueStore,
  type QueuedJob,
  type QueueLog,
} from './printQueue';
export {
  createPrintServiceHandler,
  openPrintService,
  startPrintServiceServer,
  type PrintService,
  type PrintServiceConfig,
} from './printServiceServer';

// Serial printers (RS-232, or USB-serial adapters showing up as /dev/ttyUSB0 or COM3) through serialport.
// The port is opened per job and closed after, so an unplugged adapter is simply "offline" until it is back.
import { SerialPort } from 'serialport';
import { ByteInbox, offline, type PrinterLink, type PrinterTransport } from './link';

export interface SerialPrinterAddress {
  path: string;
  baudRate?: number;
}

export function serialTransport(addr: SerialPrinterAddress): PrinterTransport {
  const where = `serial ${addr.path}`;
  return {
    name: where,
    open: async (timeoutMs) => {
      const port = new SerialPort({ path: addr.path, baudRate: addr.baudRate ?? 9600, autoOpen: false });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(offline(new Error(`not open within ${timeoutMs} ms`), where)),
          timeoutMs,
        );
        port.open((e) => {
          clearTimeout(timer);
          if (e) reject(offline(e, where));
          else resolve();
        });
      });
      const inbox = new ByteInbox();
      port.on('data', (chunk: Buffer) => inbox.push(chunk));
      port.on('error', (e) => inbox.fail(offline(e, where)));
      port.on('close', () => inbox.fail(offline(new Error('port closed'), where)));
      return {
        write: (bytes) =>
          new Promise<void>((resolve, reject) => {
            port.write(Buffer.from(bytes), (e) => {
              if (e) return reject(offline(e, where));
              port.drain((d) => (d ? reject(offline(d, where)) : resolve()));
            });
          }),
        read: (n, t) => inbox.take(n, t),
        close: () =>
          new Promise<void>((resolve) => {
            if (!port.isOpen) return resolve();
            port.close(() => resolve());
          }),
      } satisfies PrinterLink;
    },
  };
}

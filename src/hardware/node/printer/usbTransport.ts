// USB printers. escpos-usb 3.0.0-alpha.4 breaks with current `usb` ("usb.on is not a function"), so the
// adapter is a thin layer over a device interface: on Linux the kernel's usblp driver already exposes every
// USB receipt printer as /dev/usb/lpN (bidirectional), which needs no native module; another implementation
// (WebUSB, a vendor SDK) plugs in through the same four methods.
import { constants as fsc } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { PrinterError } from '../../core/escpos/driver';
import { offline, type PrinterLink, type PrinterTransport } from './link';

export interface UsbPrinterDevice {
  readonly label: string;
  open(): Promise<void>;
  write(bytes: Uint8Array): Promise<void>;
  /** Whatever the printer sent back since the last call (possibly nothing). */
  poll(): Promise<Uint8Array>;
  close(): Promise<void>;
}

const POLL_MS = 10;

export function usbTransport(device: UsbPrinterDevice): PrinterTransport {
  const where = `usb ${device.label}`;
  return {
    name: where,
    open: async (timeoutMs) => {
      await withDeadline(device.open(), timeoutMs, where);
      let extra: number[] = [];
      return {
        write: async (bytes) => {
          try {
            await device.write(bytes);
          } catch (e) {
            throw offline(e, where);
          }
        },
        read: async (n, timeoutMs) => {
          const deadline = Date.now() + timeoutMs;
          while (extra.length < n) {
            if (Date.now() >= deadline)
              throw new PrinterError(
                'E_PRINTER_OFFLINE',
                `no answer from the printer within ${timeoutMs} ms`,
              );
            let got: Uint8Array;
            try {
              got = await device.poll();
            } catch (e) {
              throw offline(e, where);
            }
            if (got.length) extra.push(...got);
            else await new Promise((r) => setTimeout(r, POLL_MS));
          }
          const answer = Uint8Array.from(extra.slice(0, n));
          extra = extra.slice(n);
          return answer;
        },
        close: () => device.close().catch(() => undefined),
      } satisfies PrinterLink;
    },
  };
}

async function withDeadline<T>(p: Promise<T>, ms: number, where: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      p.catch((e: unknown) => {
        throw offline(e, where);
      }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(offline(new Error(`not open within ${ms} ms`), where)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Linux usblp: /dev/usb/lp0, opened non-blocking so a silent printer never holds a thread. */
export function usblpDevice(path: string): UsbPrinterDevice {
  let fh: FileHandle | null = null;
  const buf = Buffer.alloc(64);
  return {
    label: path,
    open: async () => {
      fh = await open(path, fsc.O_RDWR | fsc.O_NONBLOCK);
    },
    write: async (bytes) => {
      if (!fh) throw new Error('device not open');
      let at = 0;
      while (at < bytes.length) {
        try {
          const { bytesWritten } = await fh.write(bytes, at, bytes.length - at);
          at += bytesWritten;
        } catch (e) {
          // The printer's buffer is full (EAGAIN): wait for it to print some.
          if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
          await new Promise((r) => setTimeout(r, POLL_MS));
        }
      }
    },
    poll: async () => {
      if (!fh) throw new Error('device not open');
      try {
        const { bytesRead } = await fh.read(buf, 0, buf.length, null);
        return Uint8Array.from(buf.subarray(0, bytesRead));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EAGAIN') return new Uint8Array();
        throw e;
      }
    },
    close: async () => {
      await fh?.close();
      fh = null;
    },
  };
}

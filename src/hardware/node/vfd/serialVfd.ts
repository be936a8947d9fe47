// The pole display's serial link. Opening sends the display's init sequence; each screen is written whole and
// drained, so a caller that awaits show() knows the bytes left the port.
import { SerialPort } from 'serialport';
import iconv from 'iconv-lite';
import { encodeAscii, VFD_INIT, vfdScreenBytes, type VfdCharset } from '../../core/vfd';

export interface VfdPort {
  /** Writes one screen (two rows of 20 columns). */
  show(lines: [string, string]): Promise<void>;
  close(): Promise<void>;
}

export interface SerialVfdOptions {
  path: string;
  /** Pole displays ship at 9600 8N1. */
  baudRate?: number;
  charset?: VfdCharset;
}

export function vfdEncoder(charset: VfdCharset): (text: string) => Uint8Array {
  return charset === 'gb18030' ? (text) => new Uint8Array(iconv.encode(text, 'gb18030')) : encodeAscii;
}

function call(fn: (cb: (e: Error | null | undefined) => void) => void): Promise<void> {
  return new Promise((resolve, reject) => fn((e) => (e ? reject(e) : resolve())));
}

export async function openSerialVfd(opts: SerialVfdOptions): Promise<VfdPort> {
  const port = new SerialPort({ path: opts.path, baudRate: opts.baudRate ?? 9600, autoOpen: false });
  // A cable pulled while open emits 'error'; without a listener that would throw in main.
  port.on('error', () => undefined);
  await call((cb) => port.open(cb));
  const encode = vfdEncoder(opts.charset ?? 'ascii');
  const write = async (bytes: Uint8Array) => {
    await call((cb) => port.write(Buffer.from(bytes), (e) => cb(e ?? null)));
    await call((cb) => port.drain(cb));
  };
  try {
    await write(VFD_INIT);
  } catch (e) {
    await call((cb) => port.close(cb)).catch(() => undefined);
    throw e;
  }
  return {
    show: (lines) => write(vfdScreenBytes(lines, encode)),
    close: async () => {
      if (port.isOpen) await call((cb) => port.close(cb));
    },
  };
}

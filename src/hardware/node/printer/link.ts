// One open connection to a printer, whatever the wire. Status answers are read with a deadline: a printer that
// never answers (powered off behind a live switch port, a serial cable pulled) must not hang the till.
import { PrinterError } from '../../core/escpos/driver';

export interface PrinterLink {
  write(bytes: Uint8Array): Promise<void>;
  /** The next `n` bytes the printer sends; rejects with E_PRINTER_OFFLINE after `timeoutMs`. */
  read(n: number, timeoutMs: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

export interface PrinterTransport {
  readonly name: string;
  open(timeoutMs: number): Promise<PrinterLink>;
}

/** Bytes received from the printer, handed out in order to whoever reads. */
export class ByteInbox {
  private bytes: number[] = [];
  private waiter: { n: number; resolve(b: Uint8Array): void; reject(e: Error): void } | null = null;
  private failure: Error | null = null;

  push(chunk: ArrayLike<number>): void {
    for (let i = 0; i < chunk.length; i++) this.bytes.push(chunk[i]!);
    this.settle();
  }

  /** The line went down: a pending read fails now instead of at its deadline. */
  fail(e: Error): void {
    this.failure = e;
    this.settle();
  }

  /** Drops what arrived before a question, so an old answer is never read as the new one. */
  clear(): void {
    this.bytes = [];
  }

  take(n: number, timeoutMs: number): Promise<Uint8Array> {
    if (this.waiter) return Promise.reject(new Error('a read is already waiting'));
    return new Promise<Uint8Array>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        reject(new PrinterError('E_PRINTER_OFFLINE', `no answer from the printer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiter = {
        n,
        resolve: (b) => {
          clearTimeout(timer);
          resolve(b);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      this.settle();
    });
  }

  private settle(): void {
    const w = this.waiter;
    if (!w) return;
    if (this.bytes.length >= w.n) {
      this.waiter = null;
      w.resolve(Uint8Array.from(this.bytes.splice(0, w.n)));
    } else if (this.failure) {
      this.waiter = null;
      w.reject(this.failure);
    }
  }
}

/** Any I/O failure as the error the queue understands: the printer cannot be reached now. */
export function offline(e: unknown, where: string): PrinterError {
  if (e instanceof PrinterError) return e;
  const text = e instanceof Error ? e.message : String(e);
  return new PrinterError('E_PRINTER_OFFLINE', `${where}: ${text}`);
}

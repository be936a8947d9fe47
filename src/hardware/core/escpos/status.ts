// DLE EOT answers. Each is one byte with bits 1 and 4 set and bits 0 and 7 clear (the pattern tells a status byte
// from stray data); the other bits, per Epson:
//   n=1 printer:      bit 3 offline, bit 5 waiting for online recovery, bit 2 drawer pin 3 high
//   n=2 offline cause: bit 2 cover open, bit 5 stopped by paper end, bit 6 error
//   n=3 error cause:  bit 3 autocutter error, bit 5 unrecoverable error, bit 6 auto-recoverable error
//   n=4 paper sensor: bits 2+3 roll near its end, bits 5+6 paper end
import type { PrinterStatus } from '../../../shared/platform';

export interface PrinterCondition {
  online: boolean;
  coverOpen: boolean;
  paperOut: boolean;
  paperNearEnd: boolean;
  /** Autocutter jam, head overheated, unrecoverable fault. */
  error: boolean;
  drawerPinHigh: boolean;
}

export function isStatusByte(b: number): boolean {
  return (b & 0x93) === 0x12;
}

export class StatusParseError extends Error {
  override readonly name = 'StatusParseError';
}

/** The four answers to DLE EOT 1, 2, 3, 4, in that order. */
export function parseStatusBytes(bytes: ArrayLike<number>): PrinterCondition {
  if (bytes.length < 4) throw new StatusParseError(`expected 4 status bytes, got ${bytes.length}`);
  const [printer, offline, error, paper] = [bytes[0]!, bytes[1]!, bytes[2]!, bytes[3]!];
  for (const b of [printer, offline, error, paper])
    if (!isStatusByte(b))
      throw new StatusParseError(`not a status byte: 0x${b.toString(16).padStart(2, '0')}`);
  return {
    online: (printer & 0x08) === 0,
    drawerPinHigh: (printer & 0x04) !== 0,
    coverOpen: (offline & 0x04) !== 0,
    paperOut: (offline & 0x20) !== 0 || (paper & 0x60) !== 0,
    paperNearEnd: (paper & 0x0c) !== 0,
    error: (offline & 0x40) !== 0 || (error & 0x68) !== 0,
  };
}

/** What the cashier needs to know, most actionable first: an open cover also stops on "paper end" on many models. */
export function conditionToStatus(c: PrinterCondition): PrinterStatus {
  const near = c.paperNearEnd ? { paperNearEnd: true } : {};
  if (c.coverOpen) return { state: 'coverOpen', ...near };
  if (c.paperOut) return { state: 'paperOut' };
  if (c.error) return { state: 'error', detail: 'printer reports an error (cutter jam or fault)', ...near };
  if (!c.online) return { state: 'offline', detail: 'printer is offline', ...near };
  return { state: 'ready', ...near };
}

/** The bytes a printer in this condition answers to DLE EOT 1..4 (the emulator and the tests use it). */
export function statusBytesFor(c: Partial<PrinterCondition>): [number, number, number, number] {
  const offline = c.coverOpen || c.paperOut || c.error || c.online === false;
  return [
    0x12 | (offline ? 0x08 : 0) | (c.drawerPinHigh ? 0x04 : 0),
    0x12 | (c.coverOpen ? 0x04 : 0) | (c.paperOut ? 0x20 : 0) | (c.error ? 0x40 : 0),
    0x12 | (c.error ? 0x20 : 0),
    0x12 | (c.paperNearEnd || c.paperOut ? 0x0c : 0) | (c.paperOut ? 0x60 : 0),
  ];
}

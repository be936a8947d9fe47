// Epson's native QR command, GS ( k (function 165-169 of the 2D code set): the printer draws the code itself,
// sharp at any size, instead of a raster image. The store length pL pH counts BYTES (UTF-8 here) plus 3: a
// length taken from the string's character count cuts a Chinese payload short (the bug in escpos 3.0.0-alpha.6).
import { GS } from './commands';

export type QrErrorLevel = 'L' | 'M' | 'Q' | 'H';

/** Byte-mode capacity of a version 40 symbol at each level: the most a QR code can carry. */
const MAX_BYTES: Record<QrErrorLevel, number> = { L: 2953, M: 2331, Q: 1663, H: 1273 };
const LEVEL_BYTE: Record<QrErrorLevel, number> = { L: 48, M: 49, Q: 50, H: 51 };

const utf8 = new TextEncoder();

export interface QrOptions {
  /** Module size in dots, 1..16. */
  size?: number;
  level?: QrErrorLevel;
}

function fn(cn: number, fnByte: number, params: readonly number[]): number[] {
  const len = params.length + 2; // cn + fn + parameters
  return [GS, 0x28, 0x6b, len & 0xff, len >> 8, cn, fnByte, ...params];
}

/** Select model 2, module size, error correction, store the data, print it. */
export function qrCommands(data: string, opts: QrOptions = {}): number[] {
  const size = opts.size ?? 6;
  const level = opts.level ?? 'M';
  if (!Number.isInteger(size) || size < 1 || size > 16)
    throw new RangeError(`QR size must be 1..16, got ${size}`);
  const bytes = utf8.encode(data);
  if (bytes.length === 0) throw new RangeError('QR data is empty');
  if (bytes.length > MAX_BYTES[level])
    throw new RangeError(
      `QR data is ${bytes.length} bytes; level ${level} holds at most ${MAX_BYTES[level]}`,
    );
  const storeLen = bytes.length + 3; // cn (49) + fn (80) + m (48)
  const out = [
    ...fn(49, 65, [50, 0]), // model 2
    ...fn(49, 67, [size]),
    ...fn(49, 69, [LEVEL_BYTE[level]]),
    GS,
    0x28,
    0x6b,
    storeLen & 0xff,
    storeLen >> 8,
    49,
    80,
    48,
  ];
  for (const b of bytes) out.push(b);
  out.push(...fn(49, 81, [48]));
  return out;
}

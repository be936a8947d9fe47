// The receipt logo as a GS v 0 raster: one bit per dot, rows of whole bytes, most significant bit leftmost.
import { GS } from './commands';

export interface MonoBitmap {
  width: number;
  height: number;
  /** Row-major, ceil(width / 8) bytes per row, 1 = black. */
  bits: Uint8Array;
}

export function bytesPerRow(width: number): number {
  return Math.ceil(width / 8);
}

/** GS v 0 m xL xH yL yH d...: m = 0 (normal size), x in bytes, y in dots. */
export function rasterCommand(bmp: MonoBitmap): number[] {
  const x = bytesPerRow(bmp.width);
  if (bmp.width < 1 || bmp.height < 1 || bmp.height > 2303 || x > 255)
    throw new RangeError(`logo ${bmp.width}x${bmp.height} is out of range`);
  if (bmp.bits.length !== x * bmp.height)
    throw new RangeError(`logo needs ${x * bmp.height} bytes, has ${bmp.bits.length}`);
  const out = [GS, 0x76, 0x30, 0, x & 0xff, x >> 8, bmp.height & 0xff, bmp.height >> 8];
  for (const b of bmp.bits) out.push(b);
  return out;
}

/** A bitmap from rows of '#' (black) and anything else (white), each cell scaled to `scale` x `scale` dots. */
export function bitmapFromPattern(rows: readonly string[], scale = 1): MonoBitmap {
  const cols = Math.max(0, ...rows.map((r) => r.length));
  const width = cols * scale;
  const height = rows.length * scale;
  const stride = bytesPerRow(width);
  const bits = new Uint8Array(stride * height);
  rows.forEach((row, ry) => {
    for (let rx = 0; rx < row.length; rx++) {
      if (row[rx] !== '#') continue;
      for (let dy = 0; dy < scale; dy++)
        for (let dx = 0; dx < scale; dx++) {
          const x = rx * scale + dx;
          const y = ry * scale + dy;
          bits[y * stride + (x >> 3)]! |= 0x80 >> (x & 7);
        }
    }
  });
  return { width, height, bits };
}

/** A bitmap from RGBA pixels (a decoded PNG): dark, opaque pixels print. */
export function bitmapFromRgba(width: number, height: number, rgba: Uint8Array, threshold = 128): MonoBitmap {
  if (rgba.length < width * height * 4) throw new RangeError('not enough pixel data');
  const stride = bytesPerRow(width);
  const bits = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const lum = (rgba[i]! * 299 + rgba[i + 1]! * 587 + rgba[i + 2]! * 114) / 1000;
      // Transparent pixels are paper.
      const dark = rgba[i + 3]! >= 128 && lum < threshold;
      if (dark) bits[y * stride + (x >> 3)]! |= 0x80 >> (x & 7);
    }
  return { width, height, bits };
}

/** The store's mark when no logo file is configured: a shopping bag with a smile, 96 x 72 dots. */
export const DEFAULT_LOGO: MonoBitmap = bitmapFromPattern(
  [
    '      ####      ',
    '     #    #     ',
    '     #    #     ',
    '  ############  ',
    '  ############  ',
    '  ##        ##  ',
    '  ## #    # ##  ',
    '  ##  #  #  ##  ',
    '  ##   ##   ##  ',
    '  ##        ##  ',
    '  ############  ',
    '  ############  ',
  ],
  6,
);

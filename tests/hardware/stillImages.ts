// Still images for the camera pipeline in Node: the fixture photographs (PNG, JPEG or GIF next to N.txt) decoded
// to the same RGBA frames a camera's canvas gives the decode worker, and zxing-wasm pointed at its local .wasm.
// JPEG and GIF use jpeg-js and omggif, which come with escpos's image support; a folder of PNGs needs neither.
import { readFileSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { extname, join } from 'node:path';
import type * as JpegJs from 'jpeg-js';
import { PNG } from 'pngjs';
import type { RgbaFrame } from '../../src/hardware/web/camera/symbols';
import { setZxingWasm } from '../../src/hardware/web/camera/zxingReader';

const require = createRequire(import.meta.url);

export function loadZxingWasmFromDisk(): void {
  const path = require.resolve('zxing-wasm/reader/zxing_reader.wasm');
  const bytes = readFileSync(path);
  setZxingWasm({
    binary: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
  });
}

function fromPng(bytes: Buffer): RgbaFrame {
  const png = PNG.sync.read(bytes);
  return {
    data: new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length),
    width: png.width,
    height: png.height,
  };
}

function fromJpeg(bytes: Buffer): RgbaFrame {
  const jpeg = require('jpeg-js') as typeof JpegJs;
  const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 512 });
  return {
    data: new Uint8ClampedArray(img.data.buffer, img.data.byteOffset, img.data.length),
    width: img.width,
    height: img.height,
  };
}

interface GifReaderLike {
  width: number;
  height: number;
  decodeAndBlitFrameRGBA(frame: number, pixels: Uint8Array): void;
}

function fromGif(bytes: Buffer): RgbaFrame {
  const { GifReader } = require('omggif') as { GifReader: new (buf: Uint8Array) => GifReaderLike };
  const gif = new GifReader(new Uint8Array(bytes));
  const pixels = new Uint8Array(gif.width * gif.height * 4);
  gif.decodeAndBlitFrameRGBA(0, pixels);
  // Transparent pixels come out as 0,0,0,0: a printed code sits on white paper.
  for (let p = 0; p < pixels.length; p += 4) if (pixels[p + 3] === 0) pixels.fill(255, p, p + 4);
  return { data: new Uint8ClampedArray(pixels.buffer), width: gif.width, height: gif.height };
}

/** An image file as an RGBA frame; alpha is flattened onto white like paper under a camera. */
export async function loadFrame(path: string): Promise<RgbaFrame> {
  const bytes = await readFile(path);
  const ext = extname(path).toLowerCase();
  const frame = ext === '.png' ? fromPng(bytes) : ext === '.gif' ? fromGif(bytes) : fromJpeg(bytes);
  const d = frame.data;
  for (let p = 0; p < d.length; p += 4) {
    const a = d[p + 3]!;
    if (a === 255) continue;
    for (let k = 0; k < 3; k++) d[p + k] = (d[p + k]! * a + 255 * (255 - a)) / 255;
    d[p + 3] = 255;
  }
  return frame;
}

export interface StillCase {
  name: string;
  path: string;
  expected: string;
}

/** N.png / N.jpg / N.gif with N.txt beside it, in numeric order. */
export async function listStillCases(dir: string): Promise<StillCase[]> {
  const files = await readdir(dir);
  const cases: StillCase[] = [];
  for (const f of files) {
    if (!/\.(png|jpe?g|gif)$/i.test(f)) continue;
    const base = f.slice(0, -extname(f).length);
    if (!files.includes(`${base}.txt`)) continue;
    cases.push({ name: f, path: join(dir, f), expected: await readFile(join(dir, `${base}.txt`), 'utf8') });
  }
  const num = (s: string) => Number.parseInt(s, 10);
  return cases.sort((a, b) => num(a.name) - num(b.name) || a.name.localeCompare(b.name));
}

/** Rotated 180 degrees: ZXing's own suite reads every image this way too. */
export function rotated180(frame: RgbaFrame): RgbaFrame {
  const src = new Uint32Array(
    frame.data.buffer.slice(frame.data.byteOffset, frame.data.byteOffset + frame.data.byteLength),
  );
  src.reverse();
  return { data: new Uint8ClampedArray(src.buffer), width: frame.width, height: frame.height };
}

/** A decoded text matches the fixture's: exactly, or a 12-digit UPC-A read as its 13-digit EAN form. */
export function sameCode(decoded: string, expected: string): boolean {
  return decoded === expected || (/^\d{12}$/.test(expected) && decoded === `0${expected}`);
}

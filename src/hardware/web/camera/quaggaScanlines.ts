// quagga2's 1D readers as the second opinion on a linear code zxing found. quagga2's own locator and input
// streams need a DOM canvas and image loaders (its browser build) or sharp (its Node build), which a Web Worker
// and the benchmark do not share; its readers are plain code on a binarised line, exported for plugins. So
// scanlines are laid across the code where zxing found it (along its reading direction, spread over its height,
// with the quiet zones), binarised the way quagga2's Bresenham.toBinaryLine does, and quagga2's readers decode
// them on their own. Its reads are never trusted alone (consensus.ts): quagga2 returns wrong EAN-13s with valid
// check digits on blurred frames; it only confirms, on the same frame, a code zxing read.
import Quagga from '@ericblade/quagga2';
import type { Readers as QuaggaReaders } from '@ericblade/quagga2';
import { expandUpcE, isValidGtin } from '../../../domain/barcode';
import type { CameraSymbology, CodeQuad, CodeRead, RgbaFrame } from './symbols';

type ReadersNs = typeof QuaggaReaders;
const Readers = (Quagga as unknown as { Readers: ReadersNs }).Readers;

/** Most formats first: the EAN reader also reads UPC-A (as 13 digits), and EAN-8 / UPC-E match fragments of it. */
function makeReaders(): { reader: QuaggaReaders.BarcodeReader; symbology: CameraSymbology }[] {
  return [
    { reader: new Readers.EANReader({}, []), symbology: 'ean13' },
    { reader: new Readers.EAN8Reader({}, []), symbology: 'ean8' },
    { reader: new Readers.UPCEReader({}, []), symbology: 'upce' },
    { reader: new Readers.Code128Reader({}, []), symbology: 'code128' },
  ];
}

let readers: ReturnType<typeof makeReaders> | null = null;

/** Scanlines per code, spread over the code's height (or a few pixels apart when zxing saw a thin strip). */
const LINES = [0.15, 0.3, 0.45, 0.55, 0.7, 0.85];
const MIN_SPREAD_PX = 3;
/** Each line is lengthened by this share of the code's width on both sides: the quiet zones. */
const QUIET = 0.12;
/** A line with less contrast than this has no printed code on it. */
const MIN_CONTRAST = 40;
/** UPC-E, the shortest symbol read here, has 17 bars: about 34 edges. Fewer cannot be a code. */
const MIN_EDGES = 30;

type Point = CodeQuad['topLeft'];

/** quagga2's slope-aware binarisation (Bresenham.toBinaryLine): 1 = bar, 0 = space. */
export function binarizeLine(line: Uint8Array, min: number, max: number): number[] {
  const center = min + (max - min) / 2;
  let threshold = (max - min) / 12;
  const rThreshold = -threshold;
  const extrema: { pos: number; val: number }[] = [{ pos: 0, val: line[0]! }];
  let currentDir = line[0]! > center ? 1 : -1;
  for (let i = 0; i < line.length - 2; i++) {
    const slope = line[i + 1]! - line[i]!;
    const slope2 = line[i + 2]! - line[i + 1]!;
    let dir = currentDir;
    if (slope + slope2 < rThreshold && line[i + 1]! < center * 1.5) dir = -1;
    else if (slope + slope2 > threshold && line[i + 1]! > center * 0.5) dir = 1;
    if (dir !== currentDir) {
      extrema.push({ pos: i, val: line[i]! });
      currentDir = dir;
    }
  }
  extrema.push({ pos: line.length, val: line[line.length - 1]! });
  const out = new Array<number>(line.length);
  for (let j = extrema[0]!.pos; j < extrema[1]!.pos; j++) out[j] = line[j]! > center ? 0 : 1;
  for (let i = 1; i < extrema.length - 1; i++) {
    const a = extrema[i]!;
    const b = extrema[i + 1]!;
    threshold = b.val > a.val ? (a.val + ((b.val - a.val) / 3) * 2) | 0 : (b.val + (a.val - b.val) / 3) | 0;
    for (let j = a.pos; j < b.pos; j++) out[j] = line[j]! > threshold ? 0 : 1;
  }
  return out;
}

function countEdges(bits: readonly number[]): number {
  let edges = 0;
  for (let i = 1; i < bits.length; i++) if (bits[i] !== bits[i - 1]) edges++;
  return edges;
}

/** Luma along a straight line (nearest pixels), clamped to the frame. */
function sampleLine(frame: RgbaFrame, from: Point, to: Point) {
  const { data, width, height } = frame;
  const n = Math.max(2, Math.round(Math.max(Math.abs(to.x - from.x), Math.abs(to.y - from.y))));
  const line = new Uint8Array(n);
  let min = 255;
  let max = 0;
  for (let i = 0; i < n; i++) {
    const x = Math.min(width - 1, Math.max(0, Math.round(from.x + ((to.x - from.x) * i) / (n - 1))));
    const y = Math.min(height - 1, Math.max(0, Math.round(from.y + ((to.y - from.y) * i) / (n - 1))));
    const p = (y * width + x) * 4;
    const v = (data[p]! * 77 + data[p + 1]! * 150 + data[p + 2]! * 29) >> 8;
    line[i] = v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { line, min, max };
}

const lerp = (a: Point, b: Point, t: number): Point => ({
  x: a.x + (b.x - a.x) * t,
  y: a.y + (b.y - a.y) * t,
});

/** The scanlines across one code: along its reading direction, spread over its height, quiet zones included. */
export function scanlinesAcross(q: CodeQuad): [Point, Point][] {
  const height = Math.hypot(q.bottomLeft.x - q.topLeft.x, q.bottomLeft.y - q.topLeft.y);
  const along = { x: q.topRight.x - q.topLeft.x, y: q.topRight.y - q.topLeft.y };
  const len = Math.hypot(along.x, along.y) || 1;
  const normal = { x: -along.y / len, y: along.x / len };
  const lines: [Point, Point][] = [];
  for (const [i, t] of LINES.entries()) {
    let a = lerp(q.topLeft, q.bottomLeft, t);
    let b = lerp(q.topRight, q.bottomRight, t);
    if (height < MIN_SPREAD_PX * LINES.length) {
      // zxing saw a thin strip: spread the lines a few pixels apart around it instead.
      const off = (i - (LINES.length - 1) / 2) * MIN_SPREAD_PX;
      a = { x: q.topLeft.x + normal.x * off, y: q.topLeft.y + normal.y * off };
      b = { x: q.topRight.x + normal.x * off, y: q.topRight.y + normal.y * off };
    }
    lines.push([lerp(a, b, -QUIET), lerp(a, b, 1 + QUIET)]);
  }
  return lines;
}

/** Every distinct code quagga2's readers find on scanlines across the given codes' places in the frame. */
export function readWithQuagga(frame: RgbaFrame, places: readonly CodeQuad[]): CodeRead[] {
  readers ??= makeReaders();
  const found = new Map<string, CodeRead>();
  for (const place of places) {
    for (const [from, to] of scanlinesAcross(place)) {
      const { line, min, max } = sampleLine(frame, from, to);
      if (max - min < MIN_CONTRAST) continue;
      const bits = binarizeLine(line, min, max);
      if (countEdges(bits) < MIN_EDGES) continue;
      for (const { reader, symbology } of readers) {
        // decodePattern keeps the array and may reverse it for the second pass: give each reader its own copy.
        const result = reader.decodePattern(bits.slice());
        if (!result) continue;
        const text = String(result.code);
        // The readers check the GS1 digit already; checking again keeps a reader bug from reaching the consensus.
        const valid =
          symbology === 'code128' || (symbology === 'upce' ? expandUpcE(text) !== null : isValidGtin(text));
        if (!valid) break;
        found.set(`${symbology}:${text}`, { decoder: 'quagga', symbology, text });
        break;
      }
    }
  }
  return [...found.values()];
}

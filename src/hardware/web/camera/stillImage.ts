// A still image (a fixture photograph, a picture taken on a handheld) through the live pipeline. The camera gives
// the decoders 640x480 frames and the consensus a stream of slightly different ones; a still is one picture of
// any size. So the still is first framed the way the camera would frame it (scaled to fit 640x480, the rest
// white, like `ffmpeg -vf scale=...:force_original_aspect_ratio=decrease,pad=...`), then fed as the frames a
// steady hand gives: that frame, then 4% closer and moved 3 px right and 2 px down, then 4% farther and moved
// the other way (nearest-neighbour, edges repeated, so a bar is one pixel wider or narrower here and there, as
// when a hand moves). Frames are fed until a code is accepted or the window is full, through the same decoders
// and the same ScanConsensus as the camera.
import { ScanConsensus, type AcceptedCode, type Verdict } from './consensus';
import type { CodeRead, RgbaFrame } from './symbols';

/** The frame size the decode worker gets from the camera (see cameraScanner.ts). */
export const CAMERA_FRAME = { width: 640, height: 480 } as const;

export interface HandMovement {
  zoom: number;
  dx: number;
  dy: number;
}

export const STILL_MOVEMENTS: readonly HandMovement[] = [
  { zoom: 1, dx: 0, dy: 0 },
  { zoom: 1.04, dx: 3, dy: 2 },
  { zoom: 0.96, dx: -2, dy: -3 },
];

/** Scaled to fit width x height, centred on white: bilinear when enlarging, box-averaged when shrinking. */
export function fitToFrame(src: RgbaFrame, width: number, height: number): RgbaFrame {
  if (src.width === width && src.height === height) return src;
  const scale = Math.min(width / src.width, height / src.height);
  const w = Math.max(1, Math.round(src.width * scale));
  const h = Math.max(1, Math.round(src.height * scale));
  const ox = Math.floor((width - w) / 2);
  const oy = Math.floor((height - h) / 2);
  const out = new Uint8ClampedArray(width * height * 4).fill(255);
  const s = src.data;
  const sw = src.width;
  const sh = src.height;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const o = ((y + oy) * width + x + ox) * 4;
      if (scale >= 1) {
        const sx = Math.min(sw - 1, Math.max(0, (x + 0.5) / scale - 0.5));
        const sy = Math.min(sh - 1, Math.max(0, (y + 0.5) / scale - 0.5));
        const x0 = Math.floor(sx);
        const y0 = Math.floor(sy);
        const x1 = Math.min(sw - 1, x0 + 1);
        const y1 = Math.min(sh - 1, y0 + 1);
        const fx = sx - x0;
        const fy = sy - y0;
        for (let k = 0; k < 3; k++) {
          const top = s[(y0 * sw + x0) * 4 + k]! * (1 - fx) + s[(y0 * sw + x1) * 4 + k]! * fx;
          const bottom = s[(y1 * sw + x0) * 4 + k]! * (1 - fx) + s[(y1 * sw + x1) * 4 + k]! * fx;
          out[o + k] = top * (1 - fy) + bottom * fy;
        }
      } else {
        const xa = Math.floor(x / scale);
        const xb = Math.max(xa + 1, Math.min(sw, Math.floor((x + 1) / scale)));
        const ya = Math.floor(y / scale);
        const yb = Math.max(ya + 1, Math.min(sh, Math.floor((y + 1) / scale)));
        let r = 0;
        let g = 0;
        let b = 0;
        for (let yy = ya; yy < yb; yy++)
          for (let xx = xa; xx < xb; xx++) {
            const p = (yy * sw + xx) * 4;
            r += s[p]!;
            g += s[p + 1]!;
            b += s[p + 2]!;
          }
        const n = (xb - xa) * (yb - ya);
        out[o] = r / n;
        out[o + 1] = g / n;
        out[o + 2] = b / n;
      }
    }
  }
  return { data: out, width, height };
}

/** The same view after the hand moved: zoomed about the centre, then shifted by whole pixels. */
export function movedFrame(src: RgbaFrame, m: HandMovement): RgbaFrame {
  if (m.zoom === 1 && m.dx === 0 && m.dy === 0) return src;
  const { width: w, height: h } = src;
  const px = new Uint32Array(src.data.buffer, src.data.byteOffset, w * h);
  const out = new Uint32Array(w * h);
  const cols = new Int32Array(w);
  for (let x = 0; x < w; x++)
    cols[x] = Math.min(w - 1, Math.max(0, Math.floor((x - w / 2 - m.dx) / m.zoom + w / 2)));
  for (let y = 0; y < h; y++) {
    const sy = Math.min(h - 1, Math.max(0, Math.floor((y - h / 2 - m.dy) / m.zoom + h / 2)));
    const row = sy * w;
    const o = y * w;
    for (let x = 0; x < w; x++) out[o + x] = px[row + cols[x]!]!;
  }
  return { data: new Uint8ClampedArray(out.buffer), width: w, height: h };
}

export interface StillResult {
  accepted: AcceptedCode | null;
  last: Verdict;
  framesDecoded: number;
  reads: CodeRead[][];
  /** Time in the decoders and the consensus only; making the frames stands in for the camera. */
  decodeMs: number;
}

/** Decodes a still image as the camera pipeline would see it held steady in front of the lens. */
export async function decodeStill(
  image: RgbaFrame,
  decode: (frame: RgbaFrame) => Promise<CodeRead[]>,
  consensus: ScanConsensus = new ScanConsensus(),
): Promise<StillResult> {
  const framed = fitToFrame(image, CAMERA_FRAME.width, CAMERA_FRAME.height);
  const reads: CodeRead[][] = [];
  let last: Verdict = { kind: 'nothing' };
  let decodeMs = 0;
  for (const movement of STILL_MOVEMENTS) {
    const frame = movedFrame(framed, movement);
    const t0 = performance.now();
    const frameReads = await decode(frame);
    last = consensus.push(frameReads);
    decodeMs += performance.now() - t0;
    reads.push(frameReads);
    if (last.kind === 'accepted') break;
  }
  return {
    accepted: last.kind === 'accepted' ? last.code : null,
    last,
    framesDecoded: reads.length,
    reads,
    decodeMs,
  };
}

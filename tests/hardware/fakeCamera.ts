// Videos for Chromium's fake camera (--use-file-for-fake-video-capture), made in Node with no ffmpeg: bwip-js draws
// the code as a PNG, pngjs decodes it, it is centred on a white 640x480 page, and every frame is converted to
// YUV 4:2:0 planes (BT.601, studio range) in a .y4m file. The page drifts by a pixel or two from frame to frame,
// like a hand holding it, so consecutive frames differ as a real camera's do.
import { writeFile } from 'node:fs/promises';
import bwipjs from 'bwip-js/node';
import { PNG } from 'pngjs';
import type { RgbaFrame } from '../../src/hardware/web/camera/symbols';

export interface FakeVideoOptions {
  width?: number;
  height?: number;
  fps?: number;
  seconds?: number;
  /** Largest drift of the page in pixels; 0 for a still picture. */
  drift?: number;
}

/** A code drawn by bwip-js as RGBA: 'ean13' (13 digits) or 'qrcode' (any text); `scale` pixels per module. */
export async function drawCode(
  kind: 'ean13' | 'qrcode',
  text: string,
  scale = kind === 'ean13' ? 3 : 8,
): Promise<RgbaFrame> {
  const opts: bwipjs.RenderOptions =
    kind === 'ean13'
      ? {
          bcid: 'ean13',
          text,
          scale,
          height: 22,
          includetext: true,
          paddingwidth: 12,
          paddingheight: 8,
          backgroundcolor: 'FFFFFF',
        }
      : { bcid: 'qrcode', text, scale, paddingwidth: 4, paddingheight: 4, backgroundcolor: 'FFFFFF' };
  const png = await bwipjs.toBuffer(opts);
  const img = PNG.sync.read(png);
  return {
    data: new Uint8ClampedArray(img.data.buffer, img.data.byteOffset, img.data.length),
    width: img.width,
    height: img.height,
  };
}

/** The code centred on white paper of the frame's size, moved by (dx, dy). */
export function onPage(code: RgbaFrame, width: number, height: number, dx = 0, dy = 0): RgbaFrame {
  const out = new Uint8ClampedArray(width * height * 4).fill(255);
  const ox = Math.floor((width - code.width) / 2) + dx;
  const oy = Math.floor((height - code.height) / 2) + dy;
  for (let y = 0; y < code.height; y++) {
    const ty = y + oy;
    if (ty < 0 || ty >= height) continue;
    for (let x = 0; x < code.width; x++) {
      const tx = x + ox;
      if (tx < 0 || tx >= width) continue;
      const s = (y * code.width + x) * 4;
      const t = (ty * width + tx) * 4;
      const a = code.data[s + 3]! / 255;
      for (let k = 0; k < 3; k++) out[t + k] = code.data[s + k]! * a + 255 * (1 - a);
    }
  }
  return { data: out, width, height };
}

/** One RGBA frame as Y, U, V planes (4:2:0, chroma averaged over 2x2 pixels), BT.601 studio range. */
export function toI420(frame: RgbaFrame): Buffer {
  const { width: w, height: h, data } = frame;
  const cw = w >> 1;
  const ch = h >> 1;
  const out = Buffer.alloc(w * h + 2 * cw * ch);
  for (let i = 0, p = 0; i < w * h; i++, p += 4) {
    out[i] = Math.round(16 + (65.481 * data[p]! + 128.553 * data[p + 1]! + 24.966 * data[p + 2]!) / 255);
  }
  const uOff = w * h;
  const vOff = uOff + cw * ch;
  for (let y = 0; y < ch; y++) {
    for (let x = 0; x < cw; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (const [ox, oy] of [
        [0, 0],
        [1, 0],
        [0, 1],
        [1, 1],
      ] as const) {
        const p = ((2 * y + oy) * w + 2 * x + ox) * 4;
        r += data[p]!;
        g += data[p + 1]!;
        b += data[p + 2]!;
      }
      r /= 4;
      g /= 4;
      b /= 4;
      out[uOff + y * cw + x] = Math.round(128 + (-37.797 * r - 74.203 * g + 112 * b) / 255);
      out[vOff + y * cw + x] = Math.round(128 + (112 * r - 93.786 * g - 18.214 * b) / 255);
    }
  }
  return out;
}

/** A .y4m video of `code` on a page, a few seconds at 15 fps; Chromium loops it. Returns the file's path. */
export async function writeFakeCameraVideo(
  path: string,
  code: RgbaFrame,
  opts: FakeVideoOptions = {},
): Promise<string> {
  const width = opts.width ?? 640;
  const height = opts.height ?? 480;
  const fps = opts.fps ?? 15;
  const frames = Math.round((opts.seconds ?? 3) * fps);
  const drift = opts.drift ?? 2;
  const parts: Buffer[] = [
    Buffer.from(`YUV4MPEG2 W${width} H${height} F${fps}:1 Ip A1:1 C420jpeg\n`, 'ascii'),
  ];
  for (let i = 0; i < frames; i++) {
    const dx = Math.round(drift * Math.sin(i / 3));
    const dy = Math.round(drift * Math.cos(i / 4));
    parts.push(Buffer.from('FRAME\n', 'ascii'), toI420(onPage(code, width, height, dx, dy)));
  }
  await writeFile(path, Buffer.concat(parts));
  return path;
}

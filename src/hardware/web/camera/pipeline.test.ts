// The decode pipeline the app runs in its worker (decodeFrame + ScanConsensus), run in Node on real photographs
// (the ZXing blackbox fixtures) and on generated codes. Speed is the benchmark's business (bench/cameraBench.ts).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CAMERA_FIXTURES, benchCameraSet, zxingThresholds } from '../../../../bench/cameraBench';
import { drawCode, onPage } from '../../../../tests/hardware/fakeCamera';
import {
  listStillCases,
  loadFrame,
  loadZxingWasmFromDisk,
  sameCode,
} from '../../../../tests/hardware/stillImages';
import { withGtinCheckDigit } from '../../../domain/barcode';
import { makeMemberCardNo } from '../../../domain/codes';
import { ScanConsensus } from './consensus';
import { decodeFrame } from './frameDecoder';
import { readWithQuagga } from './quaggaScanlines';
import { readWithZxing } from './zxingReader';
import { CAMERA_FRAME, decodeStill, fitToFrame } from './stillImage';
import type { RgbaFrame } from './symbols';

beforeAll(() => loadZxingWasmFromDisk());

/** A separable box blur of the given radius (running sums, edges clamped): an out-of-focus frame. */
function blurred(frame: RgbaFrame, radius: number): RgbaFrame {
  const { width: w, height: h } = frame;
  let src = frame.data;
  for (const horizontal of [true, false]) {
    const out = new Uint8ClampedArray(src.length);
    const [outer, inner] = horizontal ? [h, w] : [w, h];
    const at = (o: number, i: number) => (horizontal ? (o * w + i) * 4 : (i * w + o) * 4);
    for (let o = 0; o < outer; o++)
      for (let k = 0; k < 4; k++) {
        let sum = 0;
        for (let d = -radius; d <= radius; d++) sum += src[at(o, Math.min(inner - 1, Math.max(0, d))) + k]!;
        for (let i = 0; i < inner; i++) {
          out[at(o, i) + k] = sum / (2 * radius + 1);
          sum +=
            src[at(o, Math.min(inner - 1, i + radius + 1)) + k]! - src[at(o, Math.max(0, i - radius)) + k]!;
        }
      }
    src = out;
  }
  return { data: src, width: w, height: h };
}

describe('camera pipeline on generated codes', () => {
  it('reads a printed EAN-13 and a member card QR code', async () => {
    const ean = withGtinCheckDigit('690123456789');
    const card = makeMemberCardNo('123456789');
    const eanStill = await decodeStill(onPage(await drawCode('ean13', ean), 640, 480), decodeFrame);
    expect(eanStill.accepted).toMatchObject({ text: ean, symbology: 'ean13' });
    // Both decoders read the EAN-13 on the first frame: accepted without waiting for a second one.
    expect(eanStill.framesDecoded).toBe(1);
    const qrStill = await decodeStill(onPage(await drawCode('qrcode', card), 640, 480), decodeFrame);
    expect(qrStill.accepted).toMatchObject({ text: card, symbology: 'qr' });
    expect(qrStill.framesDecoded).toBe(2);
  });
});

describe('camera pipeline on the ZXing blackbox photographs', () => {
  it(
    'accepts no quagga2 misread while a photograph goes in and out of focus',
    { timeout: 300_000 },
    async () => {
      let quaggaWrong = 0;
      for (const set of ['ean13-1', 'upca-1']) {
        for (const c of await listStillCases(join(CAMERA_FIXTURES, set))) {
          const sharp = fitToFrame(await loadFrame(c.path), CAMERA_FRAME.width, CAMERA_FRAME.height);
          const place = (await readWithZxing(sharp)).find((r) => r.place)?.place;
          if (!place) continue;
          const consensus = new ScanConsensus();
          for (const radius of [0, 1, 2, 3, 2, 1]) {
            const frame = radius ? blurred(sharp, radius) : sharp;
            // quagga2 reads where the code is even on frames where zxing no longer finds it: the hard case.
            const reads = [...(await readWithZxing(frame)), ...readWithQuagga(frame, [place])];
            quaggaWrong += reads.filter(
              (r) => r.decoder === 'quagga' && !sameCode(r.text, c.expected),
            ).length;
            const v = consensus.push(reads);
            if (v.kind === 'accepted')
              expect(sameCode(v.code.text, c.expected), `${set}/${c.name}: ${v.code.text}`).toBe(true);
          }
        }
      }
      // These photographs make quagga2 misread (valid check digits included); if it ever stops, the frames above
      // no longer test the consensus and harder ones are needed.
      expect(quaggaWrong).toBeGreaterThan(0);
    },
  );

  it(
    'reads at least ZXing’s own minimum of every set upright, and accepts no wrong code',
    { timeout: 300_000 },
    async () => {
      expect(
        existsSync(join(CAMERA_FIXTURES, 'README.md')),
        `fixtures at ${CAMERA_FIXTURES} (CAMERA_FIXTURES)`,
      ).toBe(true);
      const thresholds = await zxingThresholds(CAMERA_FIXTURES);
      expect(Object.keys(thresholds).length).toBeGreaterThanOrEqual(5);
      const summary: Record<string, { decoded: number; min: number; wrong: number }> = {};
      for (const [set, min] of Object.entries(thresholds)) {
        const r = await benchCameraSet(join(CAMERA_FIXTURES, set));
        summary[set] = { decoded: r.decoded, min: min.upright, wrong: r.wrong };
      }
      for (const [set, s] of Object.entries(summary)) {
        expect({ set, wrong: s.wrong }).toEqual({ set, wrong: 0 });
        expect(s.decoded, `${set}: ${JSON.stringify(s)}`).toBeGreaterThanOrEqual(s.min);
      }
    },
  );
});

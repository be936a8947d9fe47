// Camera decoding on still photographs: `npm run bench:camera -- --dir <folder>` (N.png / .jpg / .gif with N.txt)
// prints { set, images, decoded, wrong, msPerImage }; `npm run bench` records camera_<set> for every set of the
// ZXing blackbox fixtures, with ZXing's own minimum per set (read from the fixtures' README) as the goal.
//
// It runs in Node, not Chromium: the decode worker's work is decodeFrame (zxing-wasm + quagga2's readers) and
// ScanConsensus, plain modules with no DOM, so Node runs exactly the app's decoders and acceptance rule while
// the worker only adds postMessage. Each still is fed as the frames a steady hand gives (stillImage.ts: the
// image, then 4% closer and shifted, then 4% farther and shifted) until the consensus accepts a code or the
// three-frame window is full. "decoded" counts accepted codes equal to N.txt, "wrong" accepted codes that are
// not. msPerImage is the whole still (variants, both decoders, consensus) after one warm-up image; loading the
// file is not counted (the camera hands over decoded frames).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { decodeFrame } from '../src/hardware/web/camera/frameDecoder';
import { decodeStill } from '../src/hardware/web/camera/stillImage';
import type { RgbaFrame } from '../src/hardware/web/camera/symbols';
import {
  listStillCases,
  loadFrame,
  rotated180,
  sameCode,
  loadZxingWasmFromDisk,
} from '../tests/hardware/stillImages';
import { checkGoals, round, summarize, type BenchEntry } from './stats';

// A copy of ../shared/fixtures/zxing-blackbox (Apache-2.0, LICENSE-zxing.txt inside), so a clean clone
// on a fresh CI machine has the photographs too.
export const CAMERA_FIXTURES =
  process.env.CAMERA_FIXTURES ??
  fileURLToPath(new URL('../tests/fixtures/zxing-blackbox', import.meta.url));
export const CAMERA_MS_PER_IMAGE_MAX = 20;

export interface CameraSetResult {
  set: string;
  images: number;
  decoded: number;
  wrong: number;
  msPerImage: number;
  /** CPU time per image, frames included: on a shared machine the wall time also counts other jobs. */
  cpuMsPerImage: number;
  decodedRotated180?: number;
  wrongRotated180?: number;
  /** Per-image times (ms), upright pass. */
  times: number[];
  missed: string[];
  wrongReads: { image: string; expected: string; accepted: string }[];
}

let ready = false;
function prepare(): void {
  if (ready) return;
  loadZxingWasmFromDisk();
  ready = true;
}

async function pass(frames: { name: string; frame: RgbaFrame; expected: string }[]) {
  let decoded = 0;
  let wrong = 0;
  const times: number[] = [];
  let cpuMs = 0;
  const missed: string[] = [];
  const wrongReads: CameraSetResult['wrongReads'] = [];
  for (const { name, frame, expected } of frames) {
    const cpu0 = process.cpuUsage();
    const r = await decodeStill(frame, decodeFrame);
    const cpu = process.cpuUsage(cpu0);
    cpuMs += (cpu.user + cpu.system) / 1000;
    times.push(r.decodeMs);
    if (!r.accepted) missed.push(name);
    else if (sameCode(r.accepted.text, expected)) decoded++;
    else {
      wrong++;
      wrongReads.push({ image: name, expected, accepted: r.accepted.text });
    }
  }
  return { decoded, wrong, times, cpuMs, missed, wrongReads };
}

/** One folder of stills through the camera pipeline, upright and (optionally) rotated 180 degrees. */
export async function benchCameraSet(
  dir: string,
  opts: { rotate180?: boolean } = {},
): Promise<CameraSetResult> {
  prepare();
  const cases = await listStillCases(dir);
  const frames = await Promise.all(
    cases.map(async (c) => ({ name: c.name, expected: c.expected, frame: await loadFrame(c.path) })),
  );
  // The first read instantiates the wasm module: not part of any image's time.
  if (frames[0]) await decodeStill(frames[0].frame, decodeFrame);
  const upright = await pass(frames);
  const total = upright.times.reduce((a, b) => a + b, 0);
  const result: CameraSetResult = {
    set: basename(resolve(dir)),
    images: frames.length,
    decoded: upright.decoded,
    wrong: upright.wrong,
    msPerImage: frames.length ? round(total / frames.length) : 0,
    cpuMsPerImage: frames.length ? round(upright.cpuMs / frames.length) : 0,
    times: upright.times,
    missed: upright.missed,
    wrongReads: upright.wrongReads,
  };
  if (opts.rotate180) {
    const turned = await pass(frames.map((f) => ({ ...f, frame: rotated180(f.frame) })));
    result.decodedRotated180 = turned.decoded;
    result.wrongRotated180 = turned.wrong;
    result.wrongReads.push(...turned.wrongReads.map((w) => ({ ...w, image: `${w.image} (180)` })));
  }
  return result;
}

/** ZXing's minimum per set from the fixtures' README table: | set | images | upright | rotated 180 |. */
export async function zxingThresholds(
  root: string,
): Promise<Record<string, { upright: number; rotated180: number }>> {
  const text = await readFile(join(root, 'README.md'), 'utf8');
  const out: Record<string, { upright: number; rotated180: number }> = {};
  for (const line of text.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    const m = cells.length >= 6 ? [cells[1], cells[3], cells[4]] : null;
    if (!m || !m[0] || !/^\d+$/.test(m[1] ?? '') || !/^\d+$/.test(m[2] ?? '')) continue;
    out[m[0]] = { upright: Number(m[1]), rotated180: Number(m[2]) };
  }
  return out;
}

/** camera_<set> entries for `npm run bench`: one per fixture set named in the README. */
export async function benchCameraFixtures(opts: {
  log: (line: string) => void;
  wanted: (name: string) => boolean;
}): Promise<Record<string, BenchEntry>> {
  const out: Record<string, BenchEntry> = {};
  if (!existsSync(join(CAMERA_FIXTURES, 'README.md'))) {
    out.camera = { error: `no camera fixtures at ${CAMERA_FIXTURES} (CAMERA_FIXTURES)` };
    return out;
  }
  const thresholds = await zxingThresholds(CAMERA_FIXTURES);
  for (const [set, min] of Object.entries(thresholds)) {
    const name = `camera_${set}`;
    if (!opts.wanted(name)) continue;
    opts.log(`[bench] ${name} ...`);
    try {
      const r = await benchCameraSet(join(CAMERA_FIXTURES, set), { rotate180: true });
      const s = summarize(r.times);
      const entry = {
        unit: 'ms/image',
        median: round(s.median),
        p95: round(s.p95),
        n: s.n,
        images: r.images,
        decoded: r.decoded,
        wrong: r.wrong,
        msPerImage: r.msPerImage,
        cpuMsPerImage: r.cpuMsPerImage,
        decodedRotated180: r.decodedRotated180,
        wrongRotated180: r.wrongRotated180,
        missed: r.missed.join(' '),
      };
      const goal = {
        decodedMin: min.upright,
        decodedRotated180Min: min.rotated180,
        wrongMax: 0,
        wrongRotated180Max: 0,
        msPerImageMax: CAMERA_MS_PER_IMAGE_MAX,
      };
      out[name] = { ...entry, goal, goalMet: checkGoals(entry, goal) };
      if (r.wrongReads.length) opts.log(`  [${name}] wrong reads accepted: ${JSON.stringify(r.wrongReads)}`);
    } catch (e) {
      out[name] = { error: e instanceof Error ? e.message : String(e) };
    }
  }
  return out;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const at = args.indexOf('--dir');
  const dir = at >= 0 ? args[at + 1] : undefined;
  if (!dir) {
    console.error(
      'usage: npm run bench:camera -- --dir <folder with N.png|N.jpg|N.gif and N.txt> [--rotate180] [--verbose]',
    );
    process.exit(2);
  }
  const r = await benchCameraSet(dir, { rotate180: args.includes('--rotate180') });
  const { set, images, decoded, wrong, msPerImage, cpuMsPerImage } = r;
  const extra = args.includes('--rotate180')
    ? { decodedRotated180: r.decodedRotated180, wrongRotated180: r.wrongRotated180 }
    : {};
  console.log(JSON.stringify({ set, images, decoded, wrong, msPerImage, cpuMsPerImage, ...extra }));
  if (args.includes('--verbose'))
    console.error(JSON.stringify({ missed: r.missed, wrongReads: r.wrongReads }, null, 2));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.stack : String(e));
    process.exit(1);
  });
}

// Camera scanning end to end: Chromium's fake camera plays .y4m videos made in Node (tests/hardware/fakeCamera.ts)
// of an EAN-13 from the demo catalog and of a member card QR code; the till opens its camera window, the decode
// worker reads the frames, the consensus accepts, and the code goes the way a scanner's code goes. Also checks
// that the built app carries zxing-wasm's .wasm itself and never asks anything but its own server for it.
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeCameraFlags } from '../../scripts/chromium';
import type { RunningWebServer } from '../../scripts/webServer';
import { generateCatalog } from '../../src/domain/catalogSeed';
import { makeMemberCardNo } from '../../src/domain/codes';
import type { Product } from '../../src/domain/model';
import { drawCode, onPage, writeFakeCameraVideo } from '../hardware/fakeCamera';
import { launchTill, makeProfileDir, serveTill, type Till, DOC_SHOTS } from './helpers/till';

const SHOTS = DOC_SHOTS;
const DIST = fileURLToPath(new URL('../../dist/renderer', import.meta.url));
const poll = <T>(fn: () => Promise<T> | T, timeout = 30_000) => expect.poll(fn, { timeout, interval: 100 });

const catalog = generateCatalog({ count: 2000, seed: 42 });
const product: Product = (() => {
  const p = catalog.products.find((x) => x.active && x.unit === 'piece' && /^69\d{11}$/.test(x.barcode));
  if (!p) throw new Error('the demo catalog has no packaged product');
  return p;
})();
const memberCard = makeMemberCardNo('123456789');

let web: RunningWebServer;
let videos: string;
const video = { ean: '', qr: '', both: '' };

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  videos = await mkdtemp(join(tmpdir(), 'fake-camera-'));
  const ean = await drawCode('ean13', product.barcode);
  const qr = await drawCode('qrcode', memberCard);
  video.ean = await writeFakeCameraVideo(join(videos, 'ean13.y4m'), ean);
  video.qr = await writeFakeCameraVideo(join(videos, 'member-qr.y4m'), qr);
  // Both codes side by side, smaller: the window must ask for one instead of choosing.
  const both = onPage(await drawCode('ean13', product.barcode, 2), 640, 480, -165, 0);
  const qrOnPage = onPage(await drawCode('qrcode', memberCard, 5), 640, 480, 165, 0);
  for (let p = 0; p < both.data.length; p += 4)
    if (qrOnPage.data[p]! < 128) both.data.set(qrOnPage.data.subarray(p, p + 4), p);
  video.both = await writeFakeCameraVideo(join(videos, 'two-codes.y4m'), both);
  web = await serveTill();
});

afterAll(async () => {
  await web?.close();
  if (videos) await rm(videos, { recursive: true, force: true });
});

/** A till whose camera is the given video; every request that leaves the till's own server is recorded. */
async function tillWithCamera(y4m: string, viewport = { width: 1280, height: 800 }) {
  const profile = await makeProfileDir();
  const till = await launchTill(profile.dir, `${web.url}/?db=e2e-camera`, viewport, undefined, {
    extraArgs: fakeCameraFlags(y4m),
  });
  const own = new URL(web.url).host;
  const requests: string[] = [];
  till.context.on('request', (r) => requests.push(r.url()));
  const foreign = () =>
    requests.filter((u) => !u.startsWith('data:') && !u.startsWith('blob:') && new URL(u).host !== own);
  return {
    till,
    requests,
    foreign,
    async close() {
      await till.context.close();
      await profile.remove();
    },
  };
}

function logged(till: Till, msg: string, data: Record<string, unknown> = {}): boolean {
  return till.logs.some((line) => {
    const json = line.slice(line.indexOf('{'));
    try {
      const entry = JSON.parse(json) as { msg?: string; data?: Record<string, unknown> };
      return entry.msg === msg && Object.entries(data).every(([k, v]) => entry.data?.[k] === v);
    } catch {
      return false;
    }
  });
}

describe('the built till carries its own zxing-wasm', () => {
  it('ships zxing_reader.wasm byte for byte and no CDN address in any script', async () => {
    const assets = await readdir(join(DIST, 'assets'));
    const wasm = assets.find((f) => /^zxing_reader-.*\.wasm$/.test(f));
    expect(wasm, `assets: ${assets.join(' ')}`).toBeDefined();
    const require = createRequire(import.meta.url);
    const original = await readFile(require.resolve('zxing-wasm/reader/zxing_reader.wasm'));
    const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    expect(sha(await readFile(join(DIST, 'assets', wasm!)))).toBe(sha(original));
    const scripts = assets.filter((f) => f.endsWith('.js'));
    const worker = scripts.find((f) => f.startsWith('decodeWorker-'));
    expect(worker, 'the decode worker chunk').toBeDefined();
    expect(await readFile(join(DIST, 'assets', worker!), 'utf8')).toContain(wasm!);
    for (const f of [...scripts, '../index.html']) {
      const text = await readFile(join(DIST, 'assets', f), 'utf8');
      expect(
        text.match(
          /https?:\/\/[^\s"'`]*(jsdelivr|unpkg|cdnjs|googleapis|gstatic|esm\.sh|skypack)[^\s"'`]*/g,
        ) ?? [],
        f,
      ).toEqual([]);
    }
  });
});

describe('camera scanning in Chromium with a fake camera', () => {
  it('scans an EAN-13 from the demo catalog into the cart, with nothing fetched from outside', async () => {
    const cam = await tillWithCamera(video.ean);
    try {
      const { page } = cam.till;
      await page.getByTestId('btn-camera').click();
      await page.getByTestId('camera-dialog').waitFor();
      const lines = page.getByTestId('cart-line');
      await poll(() => lines.count()).toBe(1);
      expect(await lines.first().getAttribute('data-barcode')).toBe(product.barcode);
      await poll(() => page.getByTestId('camera-dialog').count()).toBe(0);
      expect(logged(cam.till, 'camera.accepted', { symbology: 'ean13' })).toBe(true);
      expect(logged(cam.till, 'scan', { source: 'camera', kind: 'product' })).toBe(true);
      // One code per opening: the camera stopped with the window, so the still-visible code is not added again.
      await page.waitForTimeout(1500);
      expect(await lines.count()).toBe(1);
      expect(cam.requests.some((u) => /\/assets\/zxing_reader-.*\.wasm$/.test(u))).toBe(true);
      expect(cam.foreign()).toEqual([]);
      expect(cam.till.errors).toEqual([]);
    } finally {
      await cam.close();
    }
  });

  it('decodes a member card QR code with Ctrl+K and routes it as a member code', async () => {
    const cam = await tillWithCamera(video.qr);
    try {
      const { page } = cam.till;
      await page.keyboard.press('Control+k');
      await page.getByTestId('camera-dialog').waitFor();
      await poll(() => logged(cam.till, 'scan', { source: 'camera', kind: 'memberCard' })).toBe(true);
      expect(logged(cam.till, 'camera.accepted', { symbology: 'qr', length: memberCard.length })).toBe(true);
      await poll(() => page.getByTestId('camera-dialog').count()).toBe(0);
      expect(await page.getByTestId('cart-line').count()).toBe(0);
      expect(cam.foreign()).toEqual([]);
    } finally {
      await cam.close();
    }
  });

  it('asks to aim at one code when two are in view, and Esc closes the window', async () => {
    for (const viewport of [
      { width: 1280, height: 800, shot: 'camera-scan.png' },
      { width: 360, height: 640, shot: 'camera-scan-360.png' },
    ]) {
      const cam = await tillWithCamera(video.both, viewport);
      try {
        const { page } = cam.till;
        await page.getByTestId('btn-camera').click();
        const panel = page.getByTestId('camera-panel');
        await poll(() => panel.getAttribute('data-verdict')).toBe('ambiguous');
        await page.waitForTimeout(1000);
        expect(await page.getByTestId('camera-dialog').count()).toBe(1);
        expect(await page.getByTestId('cart-line').count()).toBe(0);
        await page.screenshot({ path: join(SHOTS, viewport.shot) });
        await page.keyboard.press('Escape');
        await poll(() => page.getByTestId('camera-dialog').count()).toBe(0);
        expect(cam.foreign()).toEqual([]);
      } finally {
        await cam.close();
      }
    }
  });
});

// HID scanners end to end: the real till UI in Chromium with window.pos wired to the real main-process services
// (config file, scan hub, scanner manager, IPC binding with zod parsing). Only two things are stood in for:
// Electron's IPC transport (exposeBinding) and the USB device (the fake node-hid device, fed recorded report
// bytes). The technician chooses the scanner in settings, a scan lands in the cart, the cable is pulled and
// put back, and the status bar follows. The same settings in a plain browser say HID needs the desktop app.
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCatalog } from '../../src/domain/catalogSeed';
import { encodeKeyboardReports, encodePosReports } from '../../src/hardware/core/hid/encode';
import { FAKE_SCANNERS, FakeHidBackend } from '../../src/hardware/fakes/fakeHid';
import { createAppServices, type AppServices } from '../../src/main/appServices';
import { createInProcessIpc } from '../../src/main/inProcessIpc';
import { bindIpc } from '../../src/main/ipcBinding';
import { IPC_CHANNEL_KEYS, IPC_CHANNELS } from '../../src/shared/ipc';
import type { ScanEvent } from '../../src/shared/platform';
import { startWebServer, type RunningWebServer } from '../../scripts/webServer';
import { CHROMIUM, CHROMIUM_FLAGS, DEMO_LOGIN, logIn, DOC_SHOTS } from './helpers/till';

// HID_E2E_DIST points at another build of the renderer (a private one on a shared machine).
const DIST = process.env.HID_E2E_DIST ?? fileURLToPath(new URL('../../dist/renderer', import.meta.url));
const SHOTS = DOC_SHOTS;
const POS = FAKE_SCANNERS.honeywellPos;
const KB = FAKE_SCANNERS.zebraKeyboard;

const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 20_000, interval: 100 });

const catalog = generateCatalog({ count: 2000, seed: 42 });
const pieces = catalog.products.filter((p) => p.active && p.unit === 'piece' && /^69\d{11}$/.test(p.barcode));

let web: RunningWebServer;
let browser: Browser;
let root: string;

beforeAll(async () => {
  web = await startWebServer({ root: DIST, host: '127.0.0.1', port: 0 });
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
  root = await mkdtemp(join(tmpdir(), 'hid-e2e-'));
  await mkdir(SHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await web?.close();
  await rm(root, { recursive: true, force: true });
});

/** The preload's window.pos, one function per IPC channel, forwarding to the real binding in this process. */
async function openDesktopTill(services: AppServices, name: string): Promise<Page> {
  const ipc = createInProcessIpc(() => ({ trusted: true }));
  bindIpc(ipc.ipcMain, services.handlers, { isTrustedSender: (e) => e.trusted });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.exposeBinding('__posInvoke', (_source, channel: string, args: unknown[]) =>
    ipc.ipcRenderer.invoke(channel, ...args),
  );
  const channels = Object.fromEntries(IPC_CHANNEL_KEYS.map((k) => [k, IPC_CHANNELS[k].channel]));
  await page.addInitScript((chs: Record<string, string>) => {
    const w = window as unknown as Record<string, unknown>;
    const invoke = w.__posInvoke as (channel: string, args: unknown[]) => Promise<unknown>;
    const listeners = new Set<(e: unknown) => void>();
    const bridge: Record<string, unknown> = {};
    for (const [key, channel] of Object.entries(chs))
      bridge[key] = (...args: unknown[]) => invoke(channel, args);
    bridge.onScan = (l: (e: unknown) => void) => {
      listeners.add(l);
      return () => listeners.delete(l);
    };
    w.__posDeliverScan = (e: unknown) => listeners.forEach((l) => l(e));
    w.pos = Object.freeze(bridge);
  }, channels);
  // main -> window, as webContents.send(SCAN_CHANNEL) does.
  services.scans.subscribe((scan: ScanEvent) => {
    void page
      .evaluate(
        (s) => (window as unknown as { __posDeliverScan(e: unknown): void }).__posDeliverScan(s),
        scan,
      )
      .catch(() => undefined);
  });
  await gotoTill(page, `${web.url}/?db=${name}`);
  return page;
}

/** Opens the till and logs in as the demo manager when the login screen asks. */
async function gotoTill(page: Page, url: string): Promise<void> {
  await page.goto(url);
  const login = page.getByTestId('login-screen');
  await page.getByTestId('till').or(login).waitFor({ state: 'visible', timeout: 90_000 });
  if (await login.isVisible())
    await logIn({ context: page.context(), page, errors: [], logs: [] }, DEMO_LOGIN);
  await page.getByTestId('till').waitFor({ state: 'visible', timeout: 90_000 });
}

const cartCodes = (page: Page) =>
  page.getByTestId('cart-line').evaluateAll((els) => els.map((e) => e.getAttribute('data-barcode')));

describe('HID scanners in the desktop till', () => {
  it('choose in settings, scan into the cart, survive unplug and re-plug', async () => {
    const backend = new FakeHidBackend([POS, KB, FAKE_SCANNERS.mouse]);
    const dir = join(root, 'desktop');
    const services = await createAppServices({
      configDir: join(dir, 'config'),
      logDir: join(dir, 'logs'),
      hid: { backend, pollMs: 100, firstRetryMs: 100 },
    });
    try {
      const page = await openDesktopTill(services, 'hid1');
      const dot = page.getByTestId('scanner-status');
      await poll(() => dot.getAttribute('data-state')).toBe('none');

      // The status bar item opens the device list.
      await dot.click();
      const dialog = page.getByTestId('scanner-dialog');
      await dialog.waitFor();
      const rows = dialog.getByTestId('scanner-row');
      await poll(() => rows.count()).toBe(2); // the mouse is not listed
      const posRow = dialog.locator('[data-testid="scanner-row"][data-id="0c2e:0b07"]');
      await posRow.getByTestId('scanner-use').click();
      await poll(() => posRow.getAttribute('data-state')).toBe('connected');
      const saved = JSON.parse(await readFile(join(dir, 'config', 'terminal-config.json'), 'utf8')) as {
        scanner: { hid: unknown[] };
      };
      expect(saved.scanner.hid).toEqual([{ vendorId: 0x0c2e, productId: 0x0b07 }]);

      // A typo in the VID:PID field is explained, and nothing is saved.
      await dialog.getByTestId('scanner-add-input').fill('0c2e-0b07');
      await dialog.getByTestId('scanner-add').click();
      await poll(() => dialog.getByTestId('scanner-add-error').innerText()).toContain('0c2e-0b07');
      await page.screenshot({ path: join(SHOTS, 'hardware-scanner-settings.png') });
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
      await poll(() => dot.getAttribute('data-state')).toBe('connected');

      // A scan from the HID POS scanner: recorded-layout reports, through main, into the cart.
      const first = pieces[0]!.barcode;
      backend.send(POS.path, encodePosReports(first, { aim: ']E0', vendorCodeId: 0x64 }));
      await poll(() => cartCodes(page)).toEqual([first]);

      // Cable pulled: the status bar turns amber; nothing else changes.
      backend.unplug(POS.path);
      await poll(() => dot.getAttribute('data-state')).toBe('searching');
      await page.screenshot({ path: join(SHOTS, 'hardware-scanner-unplugged.png') });

      // Plugged back: the manager finds it on its poll and the next scan arrives.
      backend.plug(POS);
      await poll(() => dot.getAttribute('data-state')).toBe('connected');
      const second = pieces[1]!.barcode;
      backend.send(POS.path, encodePosReports(second, { aim: ']E0' }));
      await poll(() => cartCodes(page)).toEqual([first, second]);

      // The keyboard-mode scanner, chosen too, reads as well (boot reports with repeats).
      await dot.click();
      const kbRow = page.locator('[data-testid="scanner-row"][data-id="05e0:1200"]');
      await kbRow.getByTestId('scanner-use').click();
      await poll(() => kbRow.getAttribute('data-state')).toBe('connected');
      await page.keyboard.press('Escape');
      const third = pieces[2]!.barcode;
      backend.send(KB.path, encodeKeyboardReports(third, { repeat: true }));
      await poll(() => cartCodes(page)).toEqual([first, second, third]);
      await page.context().close();
    } finally {
      services.scanners.stop();
    }
  });
});

describe('HID scanners in a browser till', () => {
  it('says HID scanners need the desktop app', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await gotoTill(page, `${web.url}/?db=hidweb`);
    await page.getByTestId('btn-settings').click();
    const section = page.getByTestId('scanner-section');
    await poll(() => section.getAttribute('data-support')).toBe('web');
    expect(await section.getByTestId('scanner-web-only').innerText()).toContain('桌面版');
    expect(await page.getByTestId('scanner-status').getAttribute('data-state')).toBe('web');
    await section.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'hardware-scanner-web.png') });
    await context.close();
  });
});

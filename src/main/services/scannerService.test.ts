// HID scanners end to end on the main side: the fake device (no USB here) behind the real manager, scanner
// service, config file, scan hub, IPC binding and preload bridge.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBridge } from '../../preload/bridge';
import { SCAN_CHANNEL } from '../../shared/ipc';
import type { ScanEvent } from '../../shared/platform';
import { encodeKeyboardReports, encodePosReports } from '../../hardware/core/hid/encode';
import { FAKE_SCANNERS, FakeHidBackend } from '../../hardware/fakes/fakeHid';
import { createAppServices } from '../appServices';
import { bindIpc } from '../ipcBinding';
import { createInProcessIpc } from '../inProcessIpc';

const POS = FAKE_SCANNERS.honeywellPos;
const KB = FAKE_SCANNERS.zebraKeyboard;

let root: string;
let stop: (() => void) | undefined;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'pos-hid-'));
});
afterEach(async () => {
  stop?.();
  await rm(root, { recursive: true, force: true });
});

async function start(backend = new FakeHidBackend([POS, KB, FAKE_SCANNERS.mouse])) {
  // A poll interval far beyond the test: re-plug is driven by tick(), never by the clock.
  const services = await createAppServices({
    configDir: join(root, 'config'),
    logDir: join(root, 'logs'),
    hid: { backend, pollMs: 3_600_000, firstRetryMs: 1 },
  });
  stop = () => services.scanners.stop();
  const ipc = createInProcessIpc(() => ({ trusted: true }));
  bindIpc(ipc.ipcMain, services.handlers, { isTrustedSender: (e) => e.trusted });
  services.scans.subscribe((scan) => ipc.send(SCAN_CHANNEL, scan));
  return { services, backend, pos: buildBridge(ipc.ipcRenderer) };
}

async function savedConfig(): Promise<{ scanner: { hid: unknown[] } }> {
  return JSON.parse(await readFile(join(root, 'config', 'terminal-config.json'), 'utf8')) as {
    scanner: { hid: unknown[] };
  };
}

async function logLines(): Promise<{ msg: string; level: string }[]> {
  const text = await readFile(join(root, 'logs', 'terminal.log'), 'utf8');
  return text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { msg: string; level: string });
}

describe('scanner service behind the preload bridge', () => {
  it('lists plugged scanners, saves the choice, and delivers its scans to the window', async () => {
    const { pos, backend } = await start();
    expect(await pos.scannerStatus()).toEqual({
      ok: true,
      value: { support: 'hid', state: 'none', devices: [] },
    });
    const listed = await pos.listScanners();
    expect(listed.ok && listed.value.devices.map((d) => [d.vendorId, d.mode, d.state])).toEqual([
      [0x0c2e, 'pos', 'present'],
      [0x05e0, 'keyboard', 'present'],
    ]);

    const chosen = await pos.chooseScanners([{ vendorId: POS.vendorId, productId: POS.productId }]);
    expect(chosen).toMatchObject({
      ok: true,
      value: { state: 'connected', devices: [{ vendorId: 0x0c2e, chosen: true, state: 'connected' }, {}] },
    });
    expect((await savedConfig()).scanner.hid).toEqual([{ vendorId: 0x0c2e, productId: 0x0b07 }]);

    const scans: ScanEvent[] = [];
    pos.onScan((e) => scans.push(e));
    backend.send(POS.path, encodePosReports('6901234567892', { aim: ']E0' }));
    expect(scans).toEqual([
      { source: 'hid', code: '6901234567892', symbology: 'ean13', at: expect.any(Number) },
    ]);
  });

  it('reconnects after unplug and re-plug, and the status bar sees each state', async () => {
    const { pos, backend, services } = await start();
    await pos.chooseScanners([{ vendorId: KB.vendorId, productId: KB.productId }]);
    backend.unplug(KB.path);
    expect(await pos.scannerStatus()).toMatchObject({ ok: true, value: { state: 'searching' } });
    backend.plug(KB);
    await new Promise((r) => setTimeout(r, 5)); // past the 1 ms pause after a disconnect
    await services.scanners.manager.tick();
    expect(await pos.scannerStatus()).toMatchObject({ ok: true, value: { state: 'connected' } });
    const scans: string[] = [];
    pos.onScan((e) => scans.push(e.code));
    backend.send(KB.path, encodeKeyboardReports('MT1.abc'));
    expect(scans).toEqual(['MT1.abc']);
    expect((await logLines()).map((l) => l.msg)).toEqual(
      expect.arrayContaining(['hid scanner connected', 'hid scanner disconnected', 'hid scanners chosen']),
    );
  });

  it('refuses a bad choice before it reaches the config file', async () => {
    const { pos } = await start();
    const before = await savedConfig();
    const bad = await (pos.chooseScanners as (...a: unknown[]) => Promise<unknown>)([
      { vendorId: 70000, productId: 1 },
    ]);
    expect(bad).toMatchObject({ ok: false, code: 'E_INVALID_ARGS' });
    expect(await savedConfig()).toEqual(before);
  });

  it('follows a scanner choice saved through the settings screen', async () => {
    const { pos, services } = await start();
    const current = services.config.current();
    await services.config.save({
      ...current,
      scanner: { hid: [{ vendorId: POS.vendorId, productId: POS.productId }] },
    });
    expect(await pos.scannerStatus()).toMatchObject({
      ok: true,
      value: { state: 'connected', devices: [{ vendorId: 0x0c2e, state: 'connected' }] },
    });
  });

  it('keeps the till running when the HID driver cannot load', async () => {
    const backend = new FakeHidBackend([POS]);
    backend.listFailure = new Error('libusb-1.0.so.0: cannot open shared object file');
    const { pos } = await start(backend);
    expect(await pos.getConfig()).toMatchObject({ ok: true });
    expect(await pos.listScanners()).toMatchObject({
      ok: true,
      value: { support: 'unavailable', state: 'unavailable', detail: expect.stringMatching(/libusb/) },
    });
    expect(await logLines()).toContainEqual(
      expect.objectContaining({ level: 'error', msg: 'hid devices cannot be listed' }),
    );
  });
});

import { describe, expect, it } from 'vitest';
import { encodeKeyboardReports, encodePosReports } from '../../core/hid/encode';
import { FAKE_SCANNERS, FakeHidBackend } from '../../fakes/fakeHid';
import type { ScanEvent } from '../../../shared/platform';
import { createHidScannerManager } from './scannerManager';

const POS = FAKE_SCANNERS.honeywellPos;
const KB = FAKE_SCANNERS.zebraKeyboard;
const id = (d: { vendorId: number; productId: number }) => ({ vendorId: d.vendorId, productId: d.productId });

function setup(devices = [POS, KB, FAKE_SCANNERS.mouse]) {
  const backend = new FakeHidBackend(devices);
  const scans: ScanEvent[] = [];
  const lines: { level: string; msg: string; data?: Record<string, unknown> }[] = [];
  let clock = 1_000_000;
  const log = {
    info: (msg: string, data?: Record<string, unknown>) =>
      lines.push({ level: 'info', msg, ...(data ? { data } : {}) }),
    warn: (msg: string, data?: Record<string, unknown>) =>
      lines.push({ level: 'warn', msg, ...(data ? { data } : {}) }),
    error: (msg: string, data?: Record<string, unknown>) =>
      lines.push({ level: 'error', msg, ...(data ? { data } : {}) }),
  };
  // The poll timer is never started: each test drives tick() with its own clock.
  const manager = createHidScannerManager({
    backend,
    onScan: (s) => scans.push(s),
    log,
    now: () => clock,
    firstRetryMs: 500,
    maxRetryMs: 4000,
  });
  return {
    backend,
    scans,
    lines,
    manager,
    advance: (ms: number) => (clock += ms),
    now: () => clock,
  };
}

describe('HID scanner manager', () => {
  it('opens the chosen scanner and turns its reports into hid scans', async () => {
    const { backend, manager, scans, lines, now } = setup();
    await manager.setChosen([id(POS)]);
    expect(manager.status()).toMatchObject({
      support: 'hid',
      state: 'connected',
      devices: [{ vendorId: 0x0c2e, productId: 0x0b07, mode: 'pos', chosen: true, state: 'connected' }],
    });
    backend.send(POS.path, encodePosReports('6901234567892', { aim: ']E0', vendorCodeId: 0x64 }));
    expect(scans).toEqual([{ source: 'hid', code: '6901234567892', symbology: 'ean13', at: now() }]);
    expect(lines).toContainEqual({
      level: 'info',
      msg: 'hid scanner connected',
      data: { device: '0c2e:0b07', product: '1450g', path: POS.path, mode: 'pos' },
    });
  });

  it('reads a keyboard-mode scanner and lists scanner-like devices, not the mouse', async () => {
    const { backend, manager, scans } = setup();
    await manager.setChosen([id(KB)]);
    backend.send(KB.path, encodeKeyboardReports('Ab-1', { repeat: true }));
    expect(scans.map((s) => s.code)).toEqual(['Ab-1']);
    const listed = await manager.list();
    expect(listed.devices.map((d) => [d.product, d.mode, d.chosen, d.state])).toEqual([
      ['Symbol Bar Code Scanner', 'keyboard', true, 'connected'],
      ['1450g', 'pos', false, 'present'],
    ]);
  });

  it('on Windows offers no keyboard-mode scanner: the system owns keyboards, the wedge reads them', async () => {
    const backend = new FakeHidBackend([POS, KB]);
    const manager = createHidScannerManager({
      backend,
      onScan: () => undefined,
      log: { info: () => undefined, warn: () => undefined, error: () => undefined },
      readKeyboards: false,
    });
    expect((await manager.list()).devices.map((d) => d.mode)).toEqual(['pos']);
    await manager.setChosen([id(KB)]);
    expect(backend.opened).toHaveLength(0);
    expect(manager.status().state).toBe('searching');
  });

  it('survives unplug and re-plug: drops the half scan, reconnects, reads the next scan', async () => {
    const { backend, manager, scans, lines, advance } = setup();
    await manager.setChosen([id(POS)]);
    const [first] = encodePosReports('X'.repeat(80), { aim: ']C0' });
    backend.send(POS.path, [first!]); // half of a two-report code, then the cable is pulled
    backend.unplug(POS.path);
    expect(manager.status().state).toBe('searching');
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        msg: 'hid scanner disconnected',
        data: expect.objectContaining({ device: '0c2e:0b07', droppedHalfScan: true }),
      }),
    );
    expect(backend.opened[0]!.closed).toBe(true);

    advance(1000);
    await manager.tick();
    expect(manager.status().state).toBe('searching');
    backend.plug(POS);
    await manager.tick();
    expect(manager.status().state).toBe('connected');
    expect(backend.opened).toHaveLength(2);
    backend.send(POS.path, encodePosReports('6901234567892', { aim: ']E0' }));
    expect(scans.map((s) => s.code)).toEqual(['6901234567892']);
  });

  it('backs off after failed opens, then connects, and says why in the status', async () => {
    const { backend, manager, lines, advance } = setup();
    backend.failOpens(POS.path, 3);
    await manager.setChosen([id(POS)]);
    expect(manager.status().devices[0]).toMatchObject({
      state: 'retrying',
      detail: expect.stringMatching(/cannot open/),
    });
    const attempts = () =>
      lines.filter((l) => l.msg === 'hid scanner open failed').map((l) => l.data?.retryInMs);
    advance(499);
    await manager.tick();
    expect(attempts()).toEqual([500]); // still waiting
    advance(1);
    await manager.tick();
    advance(1000);
    await manager.tick();
    expect(attempts()).toEqual([500, 1000, 2000]);
    advance(1999);
    await manager.tick();
    expect(manager.status().state).toBe('searching');
    advance(1);
    await manager.tick();
    expect(manager.status().state).toBe('connected');
  });

  it('reports a driver that cannot load, never throws, and recovers', async () => {
    const { backend, manager, lines, advance } = setup();
    backend.listFailure = new Error('libusb-1.0.so.0: cannot open shared object file');
    await manager.setChosen([id(POS)]);
    expect(manager.status()).toMatchObject({
      support: 'unavailable',
      state: 'unavailable',
      detail: expect.stringMatching(/libusb/),
    });
    await manager.tick();
    expect(lines.filter((l) => l.level === 'error')).toHaveLength(1); // one line per distinct problem
    expect(backend.listCalls).toBe(1); // waiting out its pause
    backend.listFailure = null;
    advance(500);
    await manager.tick();
    expect(manager.status().state).toBe('connected');
  });

  it('keeps reading after a malformed report and a throwing scan listener', async () => {
    const backend = new FakeHidBackend([POS]);
    const got: string[] = [];
    const errors: string[] = [];
    const manager = createHidScannerManager({
      backend,
      onScan: (s) => {
        got.push(s.code);
        if (got.length === 1) throw new Error('listener bug');
      },
      log: { info: () => undefined, warn: (m) => errors.push(m), error: (m) => errors.push(m) },
    });
    await manager.setChosen([id(POS)]);
    const bad = encodePosReports('123')[0]!;
    bad[1] = 99;
    backend.send(POS.path, [bad]);
    backend.send(POS.path, encodePosReports('111'));
    backend.send(POS.path, encodePosReports('222'));
    expect(got).toEqual(['111', '222']);
    expect(errors).toEqual(['hid report refused', 'hid scan handling failed']);
  });

  it('releases a scanner no longer chosen and never reads it again', async () => {
    const { backend, manager, scans } = setup();
    await manager.setChosen([id(POS), id(KB)]);
    const posHandle = backend.handle(POS.path)!;
    await manager.setChosen([id(KB)]);
    expect(posHandle.closed).toBe(true);
    posHandle.emit('data', encodePosReports('6901234567892')[0]!);
    expect(scans).toEqual([]);
    manager.stop();
    expect(backend.handle(KB.path)).toBeUndefined();
  });

  it('opens nothing when stopped while a device listing is still in flight (app quitting)', async () => {
    const backend = new FakeHidBackend([POS]);
    let release: () => void = () => undefined;
    const slow = backend.devices.bind(backend);
    backend.devices = () => new Promise((r) => (release = () => r(slow())));
    const manager = createHidScannerManager({
      backend,
      onScan: () => undefined,
      log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    });
    const choosing = manager.setChosen([id(POS)]);
    manager.stop();
    release();
    await choosing;
    expect(backend.opened).toHaveLength(0);
  });

  it('polls on its own timer once started', async () => {
    const backend = new FakeHidBackend([]);
    const manager = createHidScannerManager({
      backend,
      onScan: () => undefined,
      log: { info: () => undefined, warn: () => undefined, error: () => undefined },
      pollMs: 5,
    });
    await manager.setChosen([id(POS)]);
    manager.start();
    backend.plug(POS);
    // Bounded by count: at most 400 polls of 5 ms.
    for (let i = 0; i < 400 && manager.status().state !== 'connected'; i++)
      await new Promise((r) => setTimeout(r, 5));
    expect(manager.status().state).toBe('connected');
    manager.stop();
  });
});

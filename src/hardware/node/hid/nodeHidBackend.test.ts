// The real node-hid, not the fake: its native binding must load on this machine (libusb-1.0-0 installed)
// and list devices. There are none here (no USB, no uhid), so the list is empty but real.
import { describe, expect, it } from 'vitest';
import { createHidScannerManager } from './scannerManager';
import { createNodeHidBackend, fillUsageFromSysfs, hidapiVersion } from './nodeHidBackend';

describe('node-hid on this machine', () => {
  it('loads its native binding and lists the HID devices', async () => {
    const backend = createNodeHidBackend();
    const devices = await backend.devices();
    expect(Array.isArray(devices)).toBe(true);
    for (const d of devices) expect(typeof d.vendorId).toBe('number');
    expect(hidapiVersion()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('fails to open a device that is not there with an error, not a crash', () => {
    const backend = createNodeHidBackend();
    expect(() => backend.open({ vendorId: 0x0c2e, productId: 0x0b07, path: '9-9.9:1.0' })).toThrow();
  });

  it('runs the manager on the real driver: a chosen scanner that is absent is searched for', async () => {
    const manager = createHidScannerManager({
      backend: createNodeHidBackend(),
      onScan: () => undefined,
      log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    });
    await manager.setChosen([{ vendorId: 0x0c2e, productId: 0x0b07 }]);
    expect(manager.status()).toMatchObject({ support: 'hid', state: 'searching' });
  });
});

describe('usage pages from sysfs (libusb lists them as 0)', () => {
  it('reads each interface report descriptor the kernel exposes', async () => {
    const { mkdtemp, mkdir, writeFile, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const sys = await mkdtemp(join(tmpdir(), 'sysfs-'));
    try {
      // A HID POS scanner on 1-1.2 and a keyboard-mode one on 1-1.3 (descriptors as the kernel shows them).
      await mkdir(join(sys, '1-1.2:1.0', '0003:0C2E:0B07.0004'), { recursive: true });
      await writeFile(
        join(sys, '1-1.2:1.0', '0003:0C2E:0B07.0004', 'report_descriptor'),
        Buffer.from([0x05, 0x8c, 0x09, 0x02, 0xa1, 0x01, 0xc0]),
      );
      await mkdir(join(sys, '1-1.3:1.0', '0003:05E0:1200.0005'), { recursive: true });
      await writeFile(
        join(sys, '1-1.3:1.0', '0003:05E0:1200.0005', 'report_descriptor'),
        Buffer.from([0x05, 0x01, 0x09, 0x06, 0xa1, 0x01, 0xc0]),
      );
      const filled = await fillUsageFromSysfs(
        [
          { vendorId: 0x0c2e, productId: 0x0b07, path: '1-1.2:1.0', usagePage: 0, usage: 0 },
          { vendorId: 0x05e0, productId: 0x1200, path: '1-1.3:1.0', usagePage: 0, usage: 0 },
          { vendorId: 0x046d, productId: 0xc077, path: '1-1.4:1.0', usagePage: 0, usage: 0 },
          { vendorId: 1, productId: 2, path: '/dev/hidraw0', usagePage: 0x8c, usage: 2 },
        ],
        sys,
      );
      expect(filled.map((d) => [d.usagePage, d.usage])).toEqual([
        [0x8c, 0x02],
        [0x01, 0x06],
        [0, 0], // absent from sysfs: left as listed
        [0x8c, 2],
      ]);
    } finally {
      await rm(sys, { recursive: true, force: true });
    }
  });
});

import { describe, expect, it } from 'vitest';
import type { ScannerStatus } from '../../../shared/platform';
import { WebPlatform } from '../../platform/WebPlatform';
import { chosenIds, scannerDot, scannerSlice, scannerStatusRead, VidPidTextSchema } from './scannerSlice';

const POS = { vendorId: 0x0c2e, productId: 0x0b07, mode: 'pos' as const };
const KB = { vendorId: 0x05e0, productId: 0x1200, mode: 'keyboard' as const };

function status(partial: Partial<ScannerStatus>): ScannerStatus {
  return { support: 'hid', state: 'none', devices: [], ...partial };
}

describe('scanner slice', () => {
  it('parses VID:PID as typed by a technician and refuses anything else', () => {
    expect(VidPidTextSchema.parse(' 0C2E:0b07 ')).toEqual({ vendorId: 0x0c2e, productId: 0x0b07 });
    for (const bad of ['0c2e0b07', '0c2e:0b0', 'zzzz:0000', '0c2e:0b07:1', '', '3118:2823x'])
      expect(VidPidTextSchema.safeParse(bad).success, bad).toBe(false);
  });

  it('keeps the plugged-in devices of the last full listing when the cheap poll answers', () => {
    const listed = status({
      state: 'connected',
      devices: [
        { ...POS, chosen: true, state: 'connected' },
        { ...KB, chosen: false, state: 'present' },
      ],
    });
    let s = scannerSlice.reducer(undefined, scannerStatusRead({ status: listed, full: true }));
    const polled = status({ state: 'searching', devices: [{ ...POS, chosen: true, state: 'searching' }] });
    s = scannerSlice.reducer(s, scannerStatusRead({ status: polled, full: false }));
    expect(s.status?.state).toBe('searching');
    expect(s.status?.devices.map((d) => [d.vendorId, d.state])).toEqual([
      [0x0c2e, 'searching'],
      [0x05e0, 'present'],
    ]);
    expect(chosenIds(s.status)).toEqual([{ vendorId: 0x0c2e, productId: 0x0b07 }]);
  });

  it('shows amber only when a chosen scanner is not reading', () => {
    expect(scannerDot(null).tone).toBe('ok');
    expect(scannerDot(status({ support: 'web' }))).toEqual({ tone: 'ok', state: 'web', label: 'web' });
    expect(scannerDot(status({ state: 'connected' })).tone).toBe('ok');
    expect(scannerDot(status({ state: 'searching' }))).toMatchObject({ tone: 'warn', label: 'searching' });
    expect(scannerDot(status({ support: 'unavailable', state: 'unavailable' })).tone).toBe('ok');
    expect(
      scannerDot(
        status({
          support: 'unavailable',
          state: 'unavailable',
          devices: [{ ...POS, chosen: true, state: 'searching' }],
        }),
      ),
    ).toMatchObject({ tone: 'warn', label: 'unavailable' });
  });

  it('in a browser: no HID, the wedge is used, and a choice is refused with a code', async () => {
    const web = new WebPlatform();
    expect(await web.listScanners()).toEqual({
      ok: true,
      value: { support: 'web', state: 'none', devices: [] },
    });
    expect(await web.chooseScanners([{ vendorId: 1, productId: 2 }])).toMatchObject({
      ok: false,
      code: 'E_HID_UNSUPPORTED',
    });
  });
});

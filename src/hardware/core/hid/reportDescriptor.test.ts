import { describe, expect, it } from 'vitest';
import { topLevelUsage } from './reportDescriptor';

const hex = (s: string) =>
  new Uint8Array(
    s
      .trim()
      .split(/\s+/)
      .map((b) => parseInt(b, 16)),
  );

describe('HID report descriptor', () => {
  it('finds the boot keyboard usage of a keyboard-mode scanner', () => {
    // Usage Page (Generic Desktop), Usage (Keyboard), Collection (Application), Usage Page (Keyboard) ...
    expect(
      topLevelUsage(hex('05 01 09 06 a1 01 05 07 19 e0 29 e7 15 00 25 01 75 01 95 08 81 02 c0')),
    ).toEqual({
      usagePage: 0x01,
      usage: 0x06,
    });
  });

  it('finds the HID POS usage page of a scanner in POS mode', () => {
    // Usage Page (Bar Code Scanner 0x8C), Usage (Bar Code Scanner 0x02), Collection (Application), Report ID 2 ...
    expect(topLevelUsage(hex('05 8c 09 02 a1 01 85 02 15 00 26 ff 00 75 08 95 3f 09 12 81 02 c0'))).toEqual({
      usagePage: 0x8c,
      usage: 0x02,
    });
    // A vendor page written with a 2-byte Usage Page item (Honeywell's configuration channel).
    expect(topLevelUsage(hex('06 00 ff 09 01 a1 01 c0'))).toEqual({ usagePage: 0xff00, usage: 0x01 });
  });

  it('answers null for a descriptor without a usage', () => {
    expect(topLevelUsage(hex('a1 01 c0'))).toBeNull();
    expect(topLevelUsage(new Uint8Array())).toBeNull();
  });
});

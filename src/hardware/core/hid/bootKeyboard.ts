// Scanners in keyboard mode, read as HID boot keyboard reports (Linux only: on Windows the system owns
// keyboards). A report is the state of the keys, not a key event:
//   [0] modifiers (bit 1 left shift, bit 5 right shift, bit 0/4 ctrl), [1] reserved, [2..7] up to 6 key usages
// A key is typed when it appears in a report and was not in the previous one. Scanners that send each
// report twice, or press the next key before releasing the last (rollover), type every character once.
// The US layout is assumed: scanners are set to it, and their Enter suffix ends the scan.
import type { HidScanDecoder, HidDecodeOutput } from './types';

export const BOOT_REPORT_BYTES = 8;
export const KEY_ENTER = 0x28;
export const KEY_KEYPAD_ENTER = 0x58;
/** Every slot set to this means "too many keys down": the report carries no key state. */
const KEY_ERROR_ROLLOVER = 0x01;
const SHIFT = 0x02 | 0x20;
const CTRL = 0x01 | 0x10;
/** Keys of one scan arrive a few ms apart; an older half scan lost its Enter (unplug, no suffix set). */
export const KEY_GAP_MS = 1000;
const MAX_SCAN_CHARS = 512;
const GS = '\x1d';

/** usage -> [unshifted, shifted] on a US keyboard. */
export const US_LAYOUT: ReadonlyMap<number, readonly [string, string]> = (() => {
  const m = new Map<number, readonly [string, string]>();
  for (let i = 0; i < 26; i++) {
    const c = String.fromCharCode(0x61 + i);
    m.set(0x04 + i, [c, c.toUpperCase()]);
  }
  const digits = '1234567890';
  const shiftedDigits = '!@#$%^&*()';
  for (let i = 0; i < 10; i++) m.set(0x1e + i, [digits[i]!, shiftedDigits[i]!]);
  const punct: [number, string, string][] = [
    [0x2c, ' ', ' '],
    [0x2d, '-', '_'],
    [0x2e, '=', '+'],
    [0x2f, '[', '{'],
    [0x30, ']', '}'],
    [0x31, '\\', '|'],
    [0x33, ';', ':'],
    [0x34, "'", '"'],
    [0x35, '`', '~'],
    [0x36, ',', '<'],
    [0x37, '.', '>'],
    [0x38, '/', '?'],
    [0x54, '/', '/'],
    [0x55, '*', '*'],
    [0x56, '-', '-'],
    [0x57, '+', '+'],
    [0x63, '.', '.'],
  ];
  for (const [usage, plain, shifted] of punct) m.set(usage, [plain, shifted]);
  // Keypad digits (num lock on, which scanners assume): 1..9 then 0.
  for (let i = 0; i < 9; i++) m.set(0x59 + i, [String(i + 1), String(i + 1)]);
  m.set(0x62, ['0', '0']);
  return m;
})();
const KEY_RIGHT_BRACKET = 0x30;

export class BootKeyboardDecoder implements HidScanDecoder {
  readonly mode = 'keyboard' as const;
  private down = new Set<number>();
  private buffer = '';
  private lastAt = 0;

  get pending(): boolean {
    return this.buffer.length > 0;
  }

  reset(): void {
    this.down.clear();
    this.buffer = '';
  }

  push(raw: Uint8Array, at: number): HidDecodeOutput {
    const out: HidDecodeOutput = { scans: [], problems: [] };
    // Numbered reports (hidraw on a composite device) carry the report id in front.
    const report = raw.length === BOOT_REPORT_BYTES + 1 ? raw.subarray(1) : raw;
    if (report.length < BOOT_REPORT_BYTES) {
      out.problems.push(`keyboard report too short (${raw.length} bytes)`);
      return out;
    }
    const modifiers = report[0] ?? 0;
    const keys: number[] = [];
    for (let i = 2; i < BOOT_REPORT_BYTES; i++) {
      const k = report[i] ?? 0;
      if (k !== 0) keys.push(k);
    }
    if (keys.length > 0 && keys.every((k) => k === KEY_ERROR_ROLLOVER)) return out;

    if (this.buffer && at - this.lastAt > KEY_GAP_MS) {
      out.problems.push(
        `keyboard scan "${this.buffer}" dropped: no Enter within ${KEY_GAP_MS} ms (is the scanner's Enter suffix on?)`,
      );
      this.buffer = '';
    }
    const pressed = keys.filter((k) => !this.down.has(k));
    this.down = new Set(keys);
    for (const usage of pressed) {
      this.lastAt = at;
      if (usage === KEY_ENTER || usage === KEY_KEYPAD_ENTER) {
        this.finish(out, at);
        continue;
      }
      const ch = this.charFor(usage, modifiers);
      if (ch === undefined) {
        out.problems.push(
          `keyboard usage 0x${usage.toString(16)} (modifiers 0x${modifiers.toString(16)}) ignored`,
        );
        continue;
      }
      this.buffer += ch;
      if (this.buffer.length > MAX_SCAN_CHARS) {
        out.problems.push(`keyboard scan longer than ${MAX_SCAN_CHARS} characters dropped`);
        this.buffer = '';
      }
    }
    return out;
  }

  private charFor(usage: number, modifiers: number): string | undefined {
    // GS1 codes: scanners send the group separator as Ctrl+].
    if (modifiers & CTRL) return usage === KEY_RIGHT_BRACKET ? GS : undefined;
    const pair = US_LAYOUT.get(usage);
    if (!pair) return undefined;
    return modifiers & SHIFT ? pair[1] : pair[0];
  }

  private finish(out: HidDecodeOutput, at: number): void {
    if (this.buffer.length > 0) out.scans.push({ code: this.buffer, at });
    this.buffer = '';
  }
}

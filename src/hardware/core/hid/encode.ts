// What a scanner sends for a code: the reverse of the decoders, for the fake device, the demo and the
// round-trip tests. Byte layouts are the ones the decoders document.
import { US_LAYOUT, KEY_ENTER } from './bootKeyboard';
import { POS_DATA_BYTES, POS_REPORT_BODY, POS_REPORT_ID } from './posReport';

export interface PosEncodeOptions {
  /** AIM identifier, e.g. ']E0' (EAN-13), ']Q1' (QR). */
  aim?: string;
  /** Honeywell-style code id byte after the data. */
  vendorCodeId?: number;
  /** false for a device without numbered reports (63-byte reports). */
  withReportId?: boolean;
}

export function encodePosReports(code: string, opts: PosEncodeOptions = {}): Uint8Array[] {
  const bytes = new TextEncoder().encode(code);
  const aim = opts.aim ?? ']X0';
  const offset = opts.withReportId === false ? 0 : 1;
  const reports: Uint8Array[] = [];
  for (let start = 0; start < bytes.length || start === 0; start += POS_DATA_BYTES) {
    const chunk = bytes.subarray(start, start + POS_DATA_BYTES);
    const r = new Uint8Array(offset + POS_REPORT_BODY);
    if (offset) r[0] = POS_REPORT_ID;
    r[offset] = chunk.length;
    for (let i = 0; i < 3; i++) r[offset + 1 + i] = aim.charCodeAt(i) & 0xff;
    r.set(chunk, offset + 4);
    r[offset + 60] = opts.vendorCodeId ?? 0;
    r[offset + 62] = start + POS_DATA_BYTES < bytes.length ? 1 : 0;
    reports.push(r);
    if (bytes.length === 0) break;
  }
  return reports;
}

const SHIFT_LEFT = 0x02;
const CTRL_LEFT = 0x01;
const GS = '\x1d';

const KEY_OF = (() => {
  const m = new Map<string, { usage: number; mods: number }>();
  // Main-block keys win over keypad keys for the same character.
  for (const [usage, [plain, shifted]] of [...US_LAYOUT].reverse()) {
    m.set(shifted, { usage, mods: SHIFT_LEFT });
    m.set(plain, { usage, mods: 0 });
  }
  m.set(GS, { usage: 0x30, mods: CTRL_LEFT });
  return m;
})();

/** Characters a US-layout keyboard scanner can type. */
export function isKeyboardTypable(ch: string): boolean {
  return KEY_OF.has(ch);
}

export interface KeyboardEncodeOptions {
  /** Send every report twice, as some scanners do. */
  repeat?: boolean;
  /** Press the next key before releasing the last (n-key rollover), when the two keys differ. */
  rollover?: boolean;
  /** Numbered reports: a report id byte in front (9-byte reports). */
  reportId?: number;
}

function report(mods: number, keys: number[], reportId?: number): Uint8Array {
  const r = new Uint8Array(8);
  r[0] = mods;
  keys.slice(0, 6).forEach((k, i) => (r[2 + i] = k));
  if (reportId === undefined) return r;
  const withId = new Uint8Array(9);
  withId[0] = reportId;
  withId.set(r, 1);
  return withId;
}

/** Key reports for `code` followed by Enter. Throws on a character the US layout cannot type. */
export function encodeKeyboardReports(code: string, opts: KeyboardEncodeOptions = {}): Uint8Array[] {
  const strokes = [...code].map((ch) => {
    const k = KEY_OF.get(ch);
    if (!k) throw new Error(`cannot type ${JSON.stringify(ch)} on a US keyboard`);
    return k;
  });
  strokes.push({ usage: KEY_ENTER, mods: 0 });
  const out: Uint8Array[] = [];
  const emit = (r: Uint8Array) => {
    out.push(r);
    if (opts.repeat) out.push(r.slice());
  };
  for (let i = 0; i < strokes.length; i++) {
    const s = strokes[i]!;
    const prev = strokes[i - 1];
    if (opts.rollover && prev && prev.usage !== s.usage) {
      // The previous key is still down while this one goes down; then the previous one comes up.
      emit(report(s.mods, [prev.usage, s.usage], opts.reportId));
    }
    emit(report(s.mods, [s.usage], opts.reportId));
    const next = strokes[i + 1];
    if (!(opts.rollover && next && next.usage !== s.usage)) emit(report(0, [], opts.reportId));
  }
  return out;
}

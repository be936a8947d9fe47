// Reads an ESC/POS byte stream back into what the paper would show: GB18030 text lines with their style, QR payloads,
// barcodes, logos, cuts and drawer pulses. Bytes may arrive in any chunks (TCP, serial): an incomplete command waits
// for the next chunk. Commands it does not know are reported, so a test notices bytes it did not expect.
import iconv from 'iconv-lite';

export type Align = 'left' | 'center' | 'right';

export type EscPosEvent =
  | { t: 'init' }
  | { t: 'chinese'; on: boolean }
  | { t: 'text'; line: string; bold: boolean; double: boolean; align: Align; raw: number[] }
  | { t: 'feed'; lines: number }
  | { t: 'cut'; partial: boolean }
  | { t: 'drawer'; pin: 2 | 5; onMs: number; offMs: number }
  | { t: 'status'; n: number }
  | { t: 'qr'; data: string; bytes: number; size: number; level: string; model: number }
  | { t: 'barcode'; data: string; width: number; height: number }
  | { t: 'raster'; width: number; height: number; bits: Uint8Array }
  | { t: 'unknown'; bytes: number[] };

const ALIGNS: Align[] = ['left', 'center', 'right'];
const LEVELS: Record<number, string> = { 48: 'L', 49: 'M', 50: 'Q', 51: 'H' };

/** A CODE128 GS k 73 payload ({B text, {C digit pairs, {{ a brace) back to its text. */
export function decodeCode128(payload: readonly number[]): string {
  let set = '';
  let out = '';
  for (let i = 0; i < payload.length; i++) {
    const b = payload[i]!;
    if (b === 0x7b) {
      const next = payload[++i];
      if (next === 0x7b) out += '{';
      else set = String.fromCharCode(next ?? 0);
      continue;
    }
    if (set === 'C') {
      if (b > 99) throw new Error(`set C byte ${b} is not a digit pair`);
      out += String(b).padStart(2, '0');
    } else if (set === 'B' || set === 'A') out += String.fromCharCode(b);
    else throw new Error('CODE128 data must start with a code set');
  }
  return out;
}

export class EscPosDecoder {
  private buf: number[] = [];
  private text: number[] = [];
  private bold = false;
  private double = false;
  private align: Align = 'left';
  private qr = { model: 0, size: 3, level: 'L', data: new Uint8Array(), bytes: 0 };
  private bar = { width: 3, height: 162 };

  /** Feeds bytes; returns every event completed by them. */
  push(chunk: ArrayLike<number>): EscPosEvent[] {
    for (let i = 0; i < chunk.length; i++) this.buf.push(chunk[i]!);
    const events: EscPosEvent[] = [];
    let i = 0;
    for (;;) {
      const used = this.step(i, events);
      if (used === 0) break;
      i += used;
    }
    this.buf = this.buf.slice(i);
    return events;
  }

  /** Bytes left over (an incomplete command at the end of the stream). */
  get leftover(): number {
    return this.buf.length + this.text.length;
  }

  private flushLine(events: EscPosEvent[]): void {
    const raw = this.text;
    this.text = [];
    events.push({
      t: 'text',
      line: iconv.decode(Buffer.from(raw), 'gb18030'),
      bold: this.bold,
      double: this.double,
      align: this.align,
      raw,
    });
  }

  /** Consumes one command or byte at `i`; 0 when it needs more bytes. */
  private step(i: number, events: EscPosEvent[]): number {
    const b = this.buf;
    if (i >= b.length) return 0;
    const have = (n: number) => i + n <= b.length;
    const at = (k: number) => b[i + k]!;
    const c = at(0);
    if (c === 0x0a) {
      this.flushLine(events);
      return 1;
    }
    if (c >= 0x20) {
      this.text.push(c);
      return 1;
    }
    if (!have(2)) return 0;
    const op = at(1);
    if (c === 0x1b) {
      switch (op) {
        case 0x40:
          this.bold = false;
          this.double = false;
          this.align = 'left';
          events.push({ t: 'init' });
          return 2;
        case 0x61:
          if (!have(3)) return 0;
          this.align = ALIGNS[at(2) % 48] ?? 'left';
          return 3;
        case 0x45:
          if (!have(3)) return 0;
          this.bold = (at(2) & 1) === 1;
          return 3;
        case 0x64:
          if (!have(3)) return 0;
          if (this.text.length) this.flushLine(events);
          events.push({ t: 'feed', lines: at(2) });
          return 3;
        case 0x70:
          if (!have(5)) return 0;
          events.push({ t: 'drawer', pin: at(2) % 48 === 0 ? 2 : 5, onMs: at(3) * 2, offMs: at(4) * 2 });
          return 5;
      }
      events.push({ t: 'unknown', bytes: [c, op] });
      return 2;
    }
    if (c === 0x1c) {
      if (op === 0x26 || op === 0x2e) {
        events.push({ t: 'chinese', on: op === 0x26 });
        return 2;
      }
      events.push({ t: 'unknown', bytes: [c, op] });
      return 2;
    }
    if (c === 0x10 && op === 0x04) {
      if (!have(3)) return 0;
      events.push({ t: 'status', n: at(2) });
      return 3;
    }
    if (c === 0x1d) {
      switch (op) {
        case 0x21:
          if (!have(3)) return 0;
          this.double = at(2) !== 0;
          return 3;
        case 0x56: {
          if (!have(3)) return 0;
          const m = at(2);
          const len = m === 65 || m === 66 ? 4 : 3;
          if (!have(len)) return 0;
          if (this.text.length) this.flushLine(events);
          events.push({ t: 'cut', partial: m === 1 || m === 49 || m === 66 });
          return len;
        }
        case 0x68:
          if (!have(3)) return 0;
          this.bar.height = at(2);
          return 3;
        case 0x77:
          if (!have(3)) return 0;
          this.bar.width = at(2);
          return 3;
        case 0x48:
        case 0x66:
          return have(3) ? 3 : 0;
        case 0x6b: {
          if (!have(4)) return 0;
          const m = at(2);
          if (m < 65) {
            events.push({ t: 'unknown', bytes: [c, op, m] });
            return 3;
          }
          const n = at(3);
          if (!have(4 + n)) return 0;
          const payload = b.slice(i + 4, i + 4 + n);
          events.push({
            t: 'barcode',
            data: m === 73 ? decodeCode128(payload) : String.fromCharCode(...payload),
            width: this.bar.width,
            height: this.bar.height,
          });
          return 4 + n;
        }
        case 0x28: {
          if (!have(5)) return 0;
          const len = at(3) + at(4) * 256;
          if (!have(5 + len)) return 0;
          const body = b.slice(i + 5, i + 5 + len);
          if (at(2) !== 0x6b || body[0] !== 49) {
            events.push({ t: 'unknown', bytes: b.slice(i, i + 5 + len) });
            return 5 + len;
          }
          const fn = body[1];
          if (fn === 65) this.qr.model = body[2]! - 48;
          else if (fn === 67) this.qr.size = body[2]!;
          else if (fn === 69) this.qr.level = LEVELS[body[2]!] ?? '?';
          else if (fn === 80) {
            this.qr.data = Uint8Array.from(body.slice(3));
            this.qr.bytes = len - 3;
          } else if (fn === 81)
            events.push({
              t: 'qr',
              data: new TextDecoder('utf-8', { fatal: false }).decode(this.qr.data),
              bytes: this.qr.bytes,
              size: this.qr.size,
              level: this.qr.level,
              model: this.qr.model,
            });
          return 5 + len;
        }
        case 0x76: {
          if (!have(8)) return 0;
          const x = at(4) + at(5) * 256;
          const y = at(6) + at(7) * 256;
          if (!have(8 + x * y)) return 0;
          events.push({
            t: 'raster',
            width: x * 8,
            height: y,
            bits: Uint8Array.from(b.slice(i + 8, i + 8 + x * y)),
          });
          return 8 + x * y;
        }
      }
      events.push({ t: 'unknown', bytes: [c, op] });
      return 2;
    }
    events.push({ t: 'unknown', bytes: [c] });
    return 1;
  }
}

/** What came out of the printer for one job (from ESC @ to the next ESC @). */
export interface DecodedReceipt {
  lines: string[];
  /** The lines printed bold or double, for checks on the header and totals. */
  styled: { line: string; bold: boolean; double: boolean }[];
  qr: { data: string; bytes: number; size: number; level: string; model: number }[];
  barcodes: string[];
  logos: { width: number; height: number }[];
  cut: boolean;
  drawerPulses: number;
  chinese: boolean;
  unknown: number[][];
}

export function emptyReceipt(): DecodedReceipt {
  return {
    lines: [],
    styled: [],
    qr: [],
    barcodes: [],
    logos: [],
    cut: false,
    drawerPulses: 0,
    chinese: false,
    unknown: [],
  };
}

/** Groups events into jobs: each ESC @ starts one. Status queries belong to no job. */
export function groupReceipts(events: readonly EscPosEvent[], into: DecodedReceipt[] = []): DecodedReceipt[] {
  for (const e of events) {
    if (e.t === 'status') continue;
    if (e.t === 'init' || into.length === 0) into.push(emptyReceipt());
    const r = into[into.length - 1]!;
    switch (e.t) {
      case 'text':
        r.lines.push(e.line);
        if (e.bold || e.double) r.styled.push({ line: e.line, bold: e.bold, double: e.double });
        break;
      case 'feed':
        for (let k = 0; k < e.lines; k++) r.lines.push('');
        break;
      case 'qr':
        r.qr.push({ data: e.data, bytes: e.bytes, size: e.size, level: e.level, model: e.model });
        break;
      case 'barcode':
        r.barcodes.push(e.data);
        break;
      case 'raster':
        r.logos.push({ width: e.width, height: e.height });
        break;
      case 'cut':
        r.cut = true;
        break;
      case 'drawer':
        r.drawerPulses++;
        break;
      case 'chinese':
        r.chinese = e.on;
        break;
      case 'unknown':
        r.unknown.push(e.bytes);
        break;
    }
  }
  return into;
}

/** Decodes a whole byte stream into its jobs. */
export function decodeEscPos(bytes: ArrayLike<number>): DecodedReceipt[] {
  const d = new EscPosDecoder();
  return groupReceipts(d.push(bytes));
}

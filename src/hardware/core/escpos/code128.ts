// CODE128 for GS k 73 (Epson function B, m = 73). The data names its code sets inline: "{B" for printable ASCII,
// "{C" for digit pairs sent as byte values 0..99, and "{{" for a literal brace in set B. Runs of four or more
// digits go through set C, which keeps a receipt number like S001-T03-20261125-0042 narrow enough for 58 mm paper.
import { GS } from './commands';

const DIGITS = /^[0-9]$/;
const OPEN = 0x7b; // '{'

/** The "{B...{C.." payload of GS k 73 (without m and n). Printable ASCII only: anything else cannot be encoded. */
export function code128Payload(text: string): number[] {
  if (text.length === 0) throw new RangeError('barcode data is empty');
  for (const ch of text) {
    const c = ch.charCodeAt(0);
    if (ch.length !== 1 || c < 0x20 || c > 0x7e)
      throw new RangeError(`CODE128 set B holds printable ASCII only, not ${JSON.stringify(ch)}`);
  }
  const out: number[] = [];
  let set: 'B' | 'C' | null = null;
  let i = 0;
  while (i < text.length) {
    let run = 0;
    while (i + run < text.length && DIGITS.test(text[i + run]!)) run++;
    if (run >= 4) {
      // An odd digit goes first in set B so the pairs line up.
      if (run % 2 === 1) {
        if (set !== 'B') out.push(OPEN, 0x42);
        set = 'B';
        out.push(text.charCodeAt(i));
        i++;
        run--;
      }
      if (set !== 'C') out.push(OPEN, 0x43);
      set = 'C';
      for (let k = 0; k < run; k += 2) out.push(Number(text.slice(i + k, i + k + 2)));
      i += run;
      continue;
    }
    if (set !== 'B') out.push(OPEN, 0x42);
    set = 'B';
    const c = text.charCodeAt(i);
    if (c === OPEN) out.push(OPEN, OPEN);
    else out.push(c);
    i++;
  }
  if (out.length > 255) throw new RangeError(`barcode too long: ${out.length} bytes`);
  return out;
}

/** Width in modules: 11 per symbol (start, data, code switches, check) plus the 13-module stop. */
export function code128Modules(payload: readonly number[]): number {
  let symbols = 2; // start + check
  for (let i = 0; i < payload.length; i++) {
    if (payload[i] === OPEN) {
      const next = payload[i + 1];
      i++;
      // The first selector is the start code itself; later ones are switches; "{{" is one '{' character.
      if (next === OPEN || i > 1) symbols++;
      continue;
    }
    symbols++;
  }
  return symbols * 11 + 13;
}

export interface BarcodeOptions {
  /** Printable dots across the paper (384 for 58 mm, 576 for 80 mm at 203 dpi). */
  paperDots: number;
  heightDots?: number;
}

/**
 * Height, the widest module that still fits the paper (with a 10-module quiet zone each side), HRI text below in
 * font A, then the symbol.
 */
export function code128Commands(text: string, opts: BarcodeOptions): number[] {
  const payload = code128Payload(text);
  const modules = code128Modules(payload) + 20;
  let width = 1;
  for (const w of [3, 2]) {
    if (modules * w <= opts.paperDots) {
      width = w;
      break;
    }
  }
  return [
    GS,
    0x68,
    opts.heightDots ?? 80,
    GS,
    0x77,
    width,
    GS,
    0x48,
    2,
    GS,
    0x66,
    0,
    GS,
    0x6b,
    73,
    payload.length,
    ...payload,
  ];
}

// A 2x20 VFD pole display (Epson DM-D command set, which most Chinese pole displays follow). The screen is
// two lines of exactly 20 columns, written whole each time so nothing of the previous screen stays behind.
// 'ascii' displays have a Latin font only: a Chinese product name would print as garbage, so they show the
// product code instead. 'gb18030' displays take GB18030 bytes, where a Chinese character is two columns.
import type { CustomerDisplayView } from '../../shared/customerDisplay';
import { charWidth, printable, spaces, textWidth } from './receipt/textWidth';
import { formatFenPlain, YUAN_SIGN } from './receipt/money';

export const VFD_COLS = 20;
export const VFD_ROWS = 2;

export type VfdCharset = 'ascii' | 'gb18030';

const ESC = 0x1b;
const US = 0x1f;

/** Initialise, then overwrite mode: writing past column 20 of line 2 must not scroll line 1 away. */
export const VFD_INIT = Uint8Array.of(ESC, 0x40, US, 0x01);

/** Cursor to column 1 of a row (1-based). */
function cursorTo(row: 1 | 2): number[] {
  return [US, 0x24, 1, row];
}

function isAscii(s: string): boolean {
  return /^[\x20-\x7e]*$/.test(s);
}

/** Only what this display can show: controls go, and on an ASCII display so does anything else. */
function displayable(text: string, charset: VfdCharset): string {
  const clean = printable(text);
  return charset === 'ascii' ? clean.replace(/[^\x20-\x7e]/g, '') : clean;
}

/** Cuts text to `cols` columns without splitting a double-width character. */
export function fitColumns(text: string, cols: number): string {
  let out = '';
  let w = 0;
  for (const ch of text) {
    const cw = charWidth(ch);
    if (w + cw > cols) break;
    out += ch;
    w += cw;
  }
  return out;
}

/** Exactly `cols` columns: left text cut to leave room for the right text, padding in between. */
export function vfdRow(left: string, right: string, charset: VfdCharset, cols = VFD_COLS): string {
  const r = fitColumns(displayable(right, charset), cols);
  const room = cols - textWidth(r) - (r && left ? 1 : 0);
  const l = fitColumns(displayable(left, charset), Math.max(0, room));
  return l + spaces(cols - textWidth(l) - textWidth(r)) + r;
}

function centred(text: string, charset: VfdCharset, cols = VFD_COLS): string {
  const t = fitColumns(displayable(text, charset), cols);
  const pad = cols - textWidth(t);
  const left = Math.floor(pad / 2);
  return spaces(left) + t + spaces(pad - left);
}

function money(fen: number, charset: VfdCharset): string {
  // The half-width ¥ is four bytes in GB18030 and not in an ASCII font: full-width ￥ or no sign.
  return charset === 'gb18030' ? `${YUAN_SIGN}${formatFenPlain(fen)}` : formatFenPlain(fen);
}

/** The two rows for a view: welcome, the line just scanned over the total, or thanks with the change. */
export function vfdLines(view: CustomerDisplayView, charset: VfdCharset): [string, string] {
  const zh = charset === 'gb18030' && view.locale === 'zh-CN';
  if (view.phase === 'thanks') {
    const change = view.changeFen ?? 0;
    const bottom =
      change > 0
        ? vfdRow(zh ? '找零' : 'CHANGE', money(change, charset), charset)
        : vfdRow(zh ? '实收' : 'PAID', money(view.paidFen ?? view.dueFen, charset), charset);
    return [centred(zh ? '谢谢惠顾' : 'THANK YOU', charset), bottom];
  }
  if (view.phase === 'idle' || view.lines.length === 0) {
    return [centred(zh ? '欢迎光临' : 'WELCOME', charset), centred(zh ? view.storeName : '', charset)];
  }
  const line = view.lines.find((l) => l.lineId === view.lastLineId) ?? view.lines[view.lines.length - 1]!;
  const en = printable(line.nameEn);
  const name = charset === 'ascii' ? (en && isAscii(en) ? en : line.code) : line.name;
  const qty = line.weightGrams === undefined && line.qty > 1 ? `${line.qty}x` : '';
  const top = vfdRow(
    qty ? `${qty} ${name}` : name,
    money(line.amountFen - line.discountFen, charset),
    charset,
  );
  const bottom = vfdRow(zh ? '合计' : 'TOTAL', money(view.dueFen, charset), charset);
  return [top, bottom];
}

/** The bytes of one screen. `encode` turns display text into the display's charset (GB18030 on Node). */
export function vfdScreenBytes(lines: [string, string], encode: (text: string) => Uint8Array): Uint8Array {
  const parts: number[] = [];
  lines.forEach((text, i) => {
    parts.push(...cursorTo(i === 0 ? 1 : 2), ...encode(text));
  });
  return Uint8Array.from(parts);
}

/** ASCII encoder for Latin-only displays: anything else becomes '?', never a control byte. */
export function encodeAscii(text: string): Uint8Array {
  return Uint8Array.from([...text].map((ch) => (isAscii(ch) ? ch.charCodeAt(0) : 0x3f)));
}

// Column arithmetic for a receipt printer in Chinese mode. The printer prints GB18030: ASCII is one column,
// and every other character is a double-byte glyph two columns wide (汉字, ￥, ×, ①, even é). Counting by
// the printer's rule, not by Unicode's "ambiguous width", is what keeps amounts in their column.

function isZeroWidth(cp: number): boolean {
  return (
    (cp >= 0x0300 && cp <= 0x036f) || // combining diacritics
    (cp >= 0x200b && cp <= 0x200f) || // zero-width space/joiners, direction marks
    (cp >= 0x20d0 && cp <= 0x20ff) ||
    (cp >= 0xfe00 && cp <= 0xfe0f) || // variation selectors
    cp === 0xfeff
  );
}

/** C0/C1 controls would reach the printer as commands (ESC, GS...): they are removed from receipt text. */
function isControl(cp: number): boolean {
  return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f);
}

export function charWidth(ch: string): number {
  const cp = ch.codePointAt(0) ?? 0;
  if (isControl(cp) || isZeroWidth(cp)) return 0;
  return cp <= 0x7e ? 1 : 2;
}

export function textWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += charWidth(ch);
  return w;
}

/** One printable line: tabs and newlines become spaces, other controls and zero-width marks go. */
export function printable(s: string): string {
  let out = '';
  for (const ch of s.replace(/[\t\r\n]/g, ' ')) {
    const cp = ch.codePointAt(0) ?? 0;
    if (!isControl(cp) && !(cp >= 0x200b && cp <= 0x200f) && cp !== 0xfeff) out += ch;
  }
  return out;
}

/**
 * Wraps text into lines no wider than `cols`. Chinese breaks anywhere; a Latin word is not split when
 * an earlier space on the line allows a cleaner break.
 */
export function wrapText(text: string, cols: number): string[] {
  if (cols < 2) throw new RangeError('cols must be at least 2');
  const lines: string[] = [];
  for (const paragraph of text.split(/\r?\n/)) {
    let line: string[] = [];
    let width = 0;
    for (const ch of printable(paragraph)) {
      const w = charWidth(ch);
      if (width + w > cols) {
        let carry: string[] = [];
        if (ch !== ' ' && w === 1) {
          const space = line.lastIndexOf(' ');
          const tail = line.slice(space + 1);
          if (space > 0 && tail.every((c) => charWidth(c) === 1)) {
            carry = tail;
            line = line.slice(0, space);
          }
        }
        lines.push(line.join('').trimEnd());
        line = carry;
        width = textWidth(carry.join(''));
        if (ch === ' ' && line.length === 0) continue;
      }
      line.push(ch);
      width += w;
    }
    lines.push(line.join('').trimEnd());
  }
  return lines;
}

export function spaces(n: number): string {
  return n > 0 ? ' '.repeat(n) : '';
}

/** Left text and right text on one line of exactly `cols` columns (caller checks they fit). */
export function joinLeftRight(left: string, right: string, cols: number): string {
  return left + spaces(cols - textWidth(left) - textWidth(right)) + right;
}

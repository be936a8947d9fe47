// Receipt text to the bytes a Chinese-mode printer prints. GB18030 via iconv-lite, with two printer rules on top:
// the half-width ¥ (U+00A5) is four bytes in GB18030 and prints as "0 6", so it becomes the full-width ￥ (A3 A4);
// and any other four-byte character (emoji, rare CJK extensions) has no glyph in the printer's font, so it prints
// as the full-width ？, which keeps the two columns the layout counted for it.
import iconv from 'iconv-lite';

const FULLWIDTH_YEN = [0xa3, 0xa4];
const FULLWIDTH_QUESTION = [0xa3, 0xbf];
// Characters repeat a lot on receipts (digits aside, the same dozen Chinese words): encode each once.
const cache = new Map<string, readonly number[]>();

function charBytes(ch: string): readonly number[] {
  let bytes = cache.get(ch);
  if (bytes) return bytes;
  if (ch === '\u00a5') bytes = FULLWIDTH_YEN;
  else {
    const encoded = iconv.encode(ch, 'gb18030');
    bytes = encoded.length === 4 || encoded.length === 0 ? FULLWIDTH_QUESTION : Array.from(encoded);
  }
  if (cache.size < 20_000) cache.set(ch, bytes);
  return bytes;
}

/** Appends the printer bytes of one line (control characters are dropped: text must never carry commands). */
export function pushGb18030(out: number[], text: string): void {
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) {
      if (c >= 0x20 && c !== 0x7f) out.push(c);
      continue;
    }
    if (c <= 0x9f) continue; // C1 controls
    for (const b of charBytes(ch)) out.push(b);
  }
}

export function encodeGb18030(text: string): Uint8Array {
  const out: number[] = [];
  pushGb18030(out, text);
  return Uint8Array.from(out);
}

// The monospace text of exactly what the printer prints: the on-screen preview, the PreviewSink and the tests
// all use it. QR codes, barcodes and the logo are graphics on paper; here they are placeholder lines.
import type { PaperWidth, ReceiptBlock, ReceiptDoc } from '../../../shared/receiptDoc';
import { joinLeftRight, printable, spaces, textWidth, wrapText } from './textWidth';

/** Font A columns: 58 mm paper holds 32, 80 mm holds 48 (16 or 24 Chinese characters). */
export function columnsFor(width: PaperWidth): 32 | 48 {
  return width === 80 ? 48 : 32;
}

function aligned(text: string, cols: number, align: 'left' | 'center' | 'right'): number {
  const free = cols - textWidth(text);
  if (align === 'left' || free <= 0) return 0;
  return align === 'center' ? Math.floor(free / 2) : free;
}

function centered(text: string, cols: number): string {
  return spaces(aligned(text, cols, 'center')) + text;
}

function renderRow(left: string, right: string, cols: number): string[] {
  const rightLines = wrapText(right, cols);
  const leftLines = left.trim() === '' ? [] : wrapText(left, cols);
  const last = leftLines.pop();
  const firstRight = rightLines[0] ?? '';
  const out = [...leftLines];
  if (last !== undefined && rightLines.length === 1 && textWidth(last) + 1 + textWidth(firstRight) <= cols) {
    out.push(joinLeftRight(last, firstRight, cols));
    return out;
  }
  if (last !== undefined) out.push(last);
  for (const r of rightLines) out.push(spaces(cols - textWidth(r)) + r);
  return out;
}

/** The text lines of one block, as printed (the ESC/POS encoder prints these same lines). */
export function renderBlock(block: ReceiptBlock, cols: number): string[] {
  switch (block.t) {
    case 'text': {
      // Double size takes two columns per column: wrap and align at half width, show the offset in full columns.
      const scale = block.double ? 2 : 1;
      const eff = Math.floor(cols / scale);
      const align = block.align ?? 'left';
      return wrapText(block.text, eff).map((line) => spaces(aligned(line, eff, align) * scale) + line);
    }
    case 'row':
      return renderRow(printable(block.left), printable(block.right), cols);
    case 'rule':
      return [(block.char ?? '-').repeat(cols)];
    case 'qr':
      return [centered('[QR]', cols)];
    case 'barcode':
      // The printer prints the human-readable text under the bars.
      return [centered('[BARCODE]', cols), ...wrapText(block.data, cols).map((l) => centered(l, cols))];
    case 'feed':
      return Array.from({ length: block.lines }, () => '');
    case 'logo':
      return [centered('[LOGO]', cols)];
    case 'cut':
      return [];
  }
}

export function renderReceiptLines(doc: ReceiptDoc): string[] {
  const cols = columnsFor(doc.width);
  return doc.blocks.flatMap((block) => renderBlock(block, cols));
}

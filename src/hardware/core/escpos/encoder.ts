// ReceiptDoc -> ESC/POS bytes. Text lines come from the same layout as the on-screen preview (render.ts), so the
// paper matches what the cashier saw; QR, barcode and logo are the printer's own graphics commands.
import type { ReceiptBlock, ReceiptDoc } from '../../../shared/receiptDoc';
import { columnsFor, renderBlock } from '../receipt/render';
import { spaces, textWidth, wrapText } from '../receipt/textWidth';
import { align, bold, chineseMode, cut, doubleSize, drawerKick, feedLines, init, LF } from './commands';
import { code128Commands } from './code128';
import { pushGb18030 } from './gb18030';
import { qrCommands } from './qr';
import { DEFAULT_LOGO, rasterCommand, type MonoBitmap } from './raster';

export interface EncodeOptions {
  /** Kick the cash drawer as the receipt starts printing, so change can be given while it prints. */
  openDrawer?: boolean;
  /** The logo for 'logo' blocks; DEFAULT_LOGO when absent, nothing when null. */
  logo?: MonoBitmap | null;
  /** Printable dots across the paper; 384 (58 mm) or 576 (80 mm) at 203 dpi by default. */
  paperDots?: number;
}

export function paperDotsFor(width: 58 | 80): number {
  return width === 80 ? 576 : 384;
}

function push(out: number[], bytes: readonly number[]): void {
  for (const b of bytes) out.push(b);
}

function pushLine(out: number[], line: string): void {
  pushGb18030(out, line);
  out.push(LF);
}

/** Double-size text: wrapped and aligned at half the columns, padded with double-width spaces. */
function doubleLines(text: string, cols: number, how: 'left' | 'center' | 'right'): string[] {
  const eff = Math.floor(cols / 2);
  return wrapText(text, eff).map((line) => {
    const free = eff - textWidth(line);
    const pad = how === 'left' || free <= 0 ? 0 : how === 'center' ? Math.floor(free / 2) : free;
    return spaces(pad) + line;
  });
}

function encodeBlock(
  out: number[],
  block: ReceiptBlock,
  cols: number,
  opts: EncodeOptions,
  dots: number,
): void {
  switch (block.t) {
    case 'text': {
      if (block.bold) push(out, bold(true));
      if (block.double) {
        push(out, doubleSize(true));
        for (const l of doubleLines(block.text, cols, block.align ?? 'left')) pushLine(out, l);
        push(out, doubleSize(false));
      } else for (const l of renderBlock(block, cols)) pushLine(out, l);
      if (block.bold) push(out, bold(false));
      return;
    }
    case 'row':
    case 'rule':
      for (const l of renderBlock(block, cols)) pushLine(out, l);
      return;
    case 'qr':
      push(out, align('center'));
      push(out, qrCommands(block.data, block.size ? { size: block.size } : {}));
      push(out, align('left'));
      return;
    case 'barcode':
      push(out, align('center'));
      push(out, code128Commands(block.data, { paperDots: dots }));
      push(out, align('left'));
      return;
    case 'logo': {
      const logo = opts.logo === undefined ? DEFAULT_LOGO : opts.logo;
      if (!logo) return;
      push(out, align('center'));
      push(out, rasterCommand(logo));
      push(out, align('left'));
      return;
    }
    case 'feed':
      if (block.lines > 0) push(out, feedLines(block.lines));
      return;
    case 'cut':
      push(out, cut());
      return;
  }
}

export function encodeReceipt(doc: ReceiptDoc, opts: EncodeOptions = {}): Uint8Array {
  const cols = columnsFor(doc.width);
  const dots = opts.paperDots ?? paperDotsFor(doc.width);
  const out: number[] = [];
  push(out, init());
  push(out, chineseMode());
  if (opts.openDrawer) push(out, drawerKick());
  for (const block of doc.blocks) encodeBlock(out, block, cols, opts, dots);
  return Uint8Array.from(out);
}

/** Only the drawer pulse (the "open drawer" key, no sale). */
export function encodeDrawerKick(): Uint8Array {
  return Uint8Array.from([...init(), ...drawerKick()]);
}

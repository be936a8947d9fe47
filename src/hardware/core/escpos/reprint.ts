// A reprint must say so on paper, whoever built the document (sale receipt, pickup slip, Z report): a second
// receipt without the mark can be used to claim a refund or points twice.
import type { ReceiptDoc } from '../../../shared/receiptDoc';

export const REPRINT_MARK = '** 重印 REPRINT **';
const MARKED = /重印|REPRINT/i;

export function hasReprintMark(doc: ReceiptDoc): boolean {
  return doc.blocks.some((b) => b.t === 'text' && MARKED.test(b.text));
}

/** The document with a bold centred mark on top, unless it already carries one. */
export function withReprintMark(doc: ReceiptDoc): ReceiptDoc {
  if (hasReprintMark(doc)) return doc;
  return { ...doc, blocks: [{ t: 'text', text: REPRINT_MARK, align: 'center', bold: true }, ...doc.blocks] };
}

export { buildSaleReceipt, formatReceiptTime, formatRate } from './saleReceipt';
export type { ReceiptLocale, ReceiptMember, SaleReceiptContext } from './saleReceipt';
export { renderReceiptLines, columnsFor } from './render';
export { textWidth, charWidth, wrapText, printable } from './textWidth';
export { formatFenPlain, formatYuan, formatKg, YUAN_SIGN } from './money';

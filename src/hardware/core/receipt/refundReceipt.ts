// The customer's refund receipt: which receipt it refunds, the lines and quantities taken back, where the money
// went (back to the original tenders), and points and coupons given back or taken back.
import type { Refund } from '../../../domain/shift/model';
import type { PaperWidth, ReceiptBlock, ReceiptDoc } from '../../../shared/receiptDoc';
import { formatFenPlain, formatYuan } from './money';
import { formatReceiptTime, type ReceiptLocale } from './saleReceipt';

export interface RefundReceiptContext {
  storeName: string;
  cashierName: string;
  locale: ReceiptLocale;
  width: PaperWidth;
  timeZone?: string;
  reprint?: boolean;
}

const LABELS = {
  'zh-CN': {
    title: '退货单',
    reprint: '** 重印 **',
    refundNo: '退货单号',
    original: '原单号',
    time: '时间',
    till: '收银台',
    cashier: '收银员',
    approvedBy: '批准人',
    total: '退款合计',
    rounding: '现金舍入',
    back: '退回',
    ref: '原交易号',
    pointsReversed: '扣回积分',
    pointsRestored: '返还积分',
    coupons: '返还优惠券',
    full: '整单退货',
    sign: '顾客签字：__________',
    tender: {
      cash: '现金',
      card: '银行卡',
      wechat: '微信支付',
      alipay: '支付宝',
      points: '积分',
      coupon: '优惠券',
    },
  },
  en: {
    title: 'REFUND',
    reprint: '** REPRINT **',
    refundNo: 'Refund no.',
    original: 'Original receipt',
    time: 'Time',
    till: 'Till',
    cashier: 'Cashier',
    approvedBy: 'Approved by',
    total: 'Refund total',
    rounding: 'Cash rounding',
    back: 'Back to',
    ref: 'Original ref',
    pointsReversed: 'Points taken back',
    pointsRestored: 'Points given back',
    coupons: 'Coupons given back',
    full: 'Whole sale refunded',
    sign: 'Customer: __________',
    tender: {
      cash: 'Cash',
      card: 'Card',
      wechat: 'WeChat Pay',
      alipay: 'Alipay',
      points: 'Points',
      coupon: 'Coupon',
    },
  },
} as const;

export function buildRefundReceipt(r: Refund, ctx: RefundReceiptContext): ReceiptDoc {
  const l = LABELS[ctx.locale];
  const b: ReceiptBlock[] = [
    { t: 'text', text: ctx.storeName, align: 'center', bold: true, double: true },
    { t: 'text', text: l.title, align: 'center', bold: true, double: true },
  ];
  if (ctx.reprint) b.push({ t: 'text', text: l.reprint, align: 'center', bold: true });
  b.push(
    { t: 'rule', char: '=' },
    { t: 'row', left: l.refundNo, right: r.receiptNo },
    { t: 'row', left: l.original, right: r.originalReceiptNo },
    { t: 'row', left: l.time, right: formatReceiptTime(r.createdAt, ctx.timeZone) },
    { t: 'row', left: l.till, right: `${r.storeId}-${r.terminalId}` },
    { t: 'row', left: l.cashier, right: ctx.cashierName },
  );
  if (r.approvedBy) b.push({ t: 'row', left: l.approvedBy, right: r.approvedBy });
  b.push({ t: 'rule' });
  for (const line of r.lines) {
    b.push(
      { t: 'text', text: ctx.locale === 'en' && line.nameEn ? line.nameEn : line.name },
      { t: 'row', left: `  -${line.qty}`, right: formatFenPlain(-(line.amountFen - line.discountFen)) },
    );
  }
  b.push({ t: 'rule' });
  if (r.roundingFen !== 0) b.push({ t: 'row', left: l.rounding, right: formatYuan(-r.roundingFen) });
  b.push({ t: 'row', left: l.total, right: formatYuan(-r.totalFen) });
  for (const t of r.tenders) {
    b.push({ t: 'row', left: `  ${l.back} ${l.tender[t.kind] ?? t.kind}`, right: formatYuan(t.amountFen) });
    if (t.reference && t.kind !== 'cash' && t.kind !== 'points')
      b.push({ t: 'row', left: `    ${l.ref}`, right: t.reference });
  }
  if (r.pointsReversed > 0) b.push({ t: 'row', left: l.pointsReversed, right: String(-r.pointsReversed) });
  if (r.pointsRestored > 0) b.push({ t: 'row', left: l.pointsRestored, right: String(r.pointsRestored) });
  if (r.couponsRestored.length > 0)
    b.push({ t: 'row', left: l.coupons, right: r.couponsRestored.join(', ') });
  if (r.full) b.push({ t: 'text', text: l.full, align: 'center' });
  b.push({ t: 'rule' }, { t: 'feed', lines: 1 }, { t: 'text', text: l.sign });
  if (/^[\x20-\x7e]{1,64}$/.test(r.receiptNo))
    b.push({ t: 'barcode', data: r.receiptNo, symbology: 'CODE128' });
  b.push({ t: 'feed', lines: 3 }, { t: 'cut' });
  return { width: ctx.width, blocks: b };
}

// The pickup slip printed when an online order is handed over: the order, who collected it (a proxy's name
// and ID tail), who handed it over where and when, and a line for the collector's signature. Built as a
// ReceiptDoc, so it prints through the same path (and printer queue) as receipts.
import type { PaperWidth, ReceiptBlock, ReceiptDoc } from '../../../shared/receiptDoc';
import { formatFenPlain, formatYuan } from './money';
import { formatReceiptTime, type ReceiptLocale } from './saleReceipt';

export interface PickupSlipData {
  orderId: string;
  code: string;
  customerNameMasked: string;
  phoneMasked: string;
  channel: 'online' | 'miniProgram' | 'phone';
  lines: { name: string; qty: number; amountFen: number }[];
  totalFen: number;
  handedOverAt: string;
  storeId: string;
  terminalId: string;
  /** Already masked for print. */
  staffName: string;
  collector: { kind: 'customer' | 'proxy'; name?: string; idLast4?: string };
  itemCheck?: { scanned: number; expected: number };
  /** Handed over against the till's cached order: the CRM confirms later. */
  offline: boolean;
  approvedBy?: string;
}

export interface PickupSlipContext {
  storeName: string;
  locale: ReceiptLocale;
  width: PaperWidth;
  timeZone?: string;
  reprint?: boolean;
}

const LABELS = {
  'zh-CN': {
    title: '到店自提 提货单',
    reprint: '** 重印 **',
    code: '提货码',
    order: '订单号',
    channel: '下单渠道',
    channels: { online: '网上商城', miniProgram: '小程序', phone: '电话订购' },
    customer: '顾客',
    phone: '电话',
    time: '交付时间',
    till: '交付地点',
    staff: '经办人',
    offline: '离线核销，待总部确认',
    proxy: '代取人',
    idLast4: '证件尾号',
    self: '本人提货',
    items: '件数',
    total: '订单金额',
    checked: '已逐件核对',
    approvedBy: '店长批准',
    signature: '提货人签名：',
    date: '日期：',
    keep: '请核对商品后签名，本联由门店留存',
  },
  en: {
    title: 'STORE PICKUP SLIP',
    reprint: '** REPRINT **',
    code: 'Pickup code',
    order: 'Order',
    channel: 'Channel',
    channels: { online: 'Online shop', miniProgram: 'Mini program', phone: 'Phone order' },
    customer: 'Customer',
    phone: 'Phone',
    time: 'Handed over',
    till: 'At',
    staff: 'Staff',
    offline: 'Verified offline, CRM confirms later',
    proxy: 'Collected by',
    idLast4: 'ID ends',
    self: 'Collected by the customer',
    items: 'Items',
    total: 'Order total',
    checked: 'Items checked',
    approvedBy: 'Approved by',
    signature: 'Signature:',
    date: 'Date:',
    keep: 'Check the goods, then sign. Kept by the store.',
  },
} as const satisfies Record<ReceiptLocale, unknown>;

export function buildPickupSlip(d: PickupSlipData, ctx: PickupSlipContext): ReceiptDoc {
  const l = LABELS[ctx.locale];
  const blocks: ReceiptBlock[] = [
    { t: 'text', text: ctx.storeName, align: 'center', bold: true, double: true },
    { t: 'text', text: l.title, align: 'center', bold: true },
  ];
  if (ctx.reprint) blocks.push({ t: 'text', text: l.reprint, align: 'center', bold: true });
  blocks.push(
    { t: 'rule', char: '=' },
    { t: 'row', left: l.code, right: d.code },
    { t: 'row', left: l.order, right: d.orderId },
    { t: 'row', left: l.channel, right: l.channels[d.channel] },
    { t: 'row', left: l.customer, right: d.customerNameMasked },
    { t: 'row', left: l.phone, right: d.phoneMasked },
    { t: 'row', left: l.time, right: formatReceiptTime(d.handedOverAt, ctx.timeZone) },
    { t: 'row', left: l.till, right: `${d.storeId}-${d.terminalId}` },
    { t: 'row', left: l.staff, right: d.staffName },
  );
  if (d.offline) blocks.push({ t: 'text', text: `* ${l.offline}`, bold: true });
  if (d.approvedBy) blocks.push({ t: 'row', left: l.approvedBy, right: d.approvedBy });
  blocks.push({ t: 'rule' });
  for (const line of d.lines)
    blocks.push(
      { t: 'text', text: line.name },
      { t: 'row', left: `  × ${line.qty}`, right: formatFenPlain(line.amountFen) },
    );
  const items = d.lines.reduce((s, x) => s + x.qty, 0);
  blocks.push(
    { t: 'rule' },
    { t: 'row', left: l.items, right: String(items) },
    { t: 'row', left: l.total, right: formatYuan(d.totalFen) },
  );
  if (d.itemCheck)
    blocks.push({ t: 'row', left: l.checked, right: `${d.itemCheck.scanned}/${d.itemCheck.expected}` });
  blocks.push({ t: 'rule' });
  if (d.collector.kind === 'proxy') {
    blocks.push({ t: 'row', left: l.proxy, right: d.collector.name ?? '' });
    blocks.push({ t: 'row', left: l.idLast4, right: d.collector.idLast4 ?? '' });
  } else blocks.push({ t: 'text', text: l.self });
  // The code as a barcode lets the store find the order again from the kept slip.
  blocks.push(
    { t: 'barcode', data: d.code, symbology: 'CODE128' },
    { t: 'feed', lines: 2 },
    { t: 'text', text: l.signature },
    { t: 'feed', lines: 2 },
    { t: 'rule' },
    { t: 'text', text: l.date },
    { t: 'feed', lines: 1 },
    { t: 'text', text: l.keep, align: 'center' },
    { t: 'feed', lines: 3 },
    { t: 'cut' },
  );
  return { width: ctx.width, blocks };
}

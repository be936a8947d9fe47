// The customer receipt of a sale as a ReceiptDoc. Everything printed comes from the sale as recorded (prices at
// the moment of sale); nothing is recomputed here except the sum shown as payable.
import type { CartLine, LineDiscount, Sale, Tender, TenderKind } from '../../../domain/model';
import type { PaperWidth, ReceiptBlock, ReceiptDoc } from '../../../shared/receiptDoc';
import { formatFenPlain, formatKg, formatYuan } from './money';

export type ReceiptLocale = 'zh-CN' | 'en';

export interface ReceiptMember {
  /** Already masked for print, e.g. '138****5678' or a card number tail. */
  label: string;
  tier?: string;
  pointsEarned?: number;
  /** Points redeemed on this sale (their value is the points tender). */
  pointsUsed?: number;
  pointsBalance?: number;
  /** Balance not yet confirmed by the CRM (offline sale). */
  provisional?: boolean;
  /** Coupons used on this sale, with what each took off. */
  coupons?: { code: string; title: string; amountFen: number }[];
}

export interface SaleReceiptContext {
  storeName: string;
  cashierName: string;
  locale: ReceiptLocale;
  width: PaperWidth;
  reprint?: boolean;
  /** Signed receipt QR payload (receipt number + total). */
  qrData: string;
  /** The store's time zone; receipts show store time, not UTC. */
  timeZone?: string;
  member?: ReceiptMember;
  logo?: boolean;
}

const LABELS = {
  'zh-CN': {
    receiptNo: '单号',
    time: '时间',
    till: '收银台',
    cashier: '收银员',
    reprint: '** 重印 **',
    voided: '** 已作废 **',
    items: '件数',
    gross: '合计',
    discount: '优惠',
    rounding: '现金舍入',
    payable: '应付',
    change: '找零',
    reference: '交易号',
    member: '会员',
    tier: '等级',
    pointsEarned: '本次积分',
    pointsUsed: '本次使用积分',
    couponsUsed: '使用优惠券',
    pointsBalance: '积分余额',
    provisional: '(待同步)',
    qrHint: '扫码开发票 / 领积分',
    thanks: '谢谢惠顾，欢迎再次光临',
    discountKind: { member: '会员价', coupon: '优惠券', manual: '手工优惠' },
    tender: {
      cash: '现金',
      card: '银行卡',
      wechat: '微信支付',
      alipay: '支付宝',
      points: '积分抵扣',
      coupon: '优惠券',
    },
  },
  en: {
    receiptNo: 'Receipt',
    time: 'Time',
    till: 'Till',
    cashier: 'Cashier',
    reprint: '** REPRINT **',
    voided: '** VOID **',
    items: 'Items',
    gross: 'Subtotal',
    discount: 'Discount',
    rounding: 'Cash rounding',
    payable: 'Total',
    change: 'Change',
    reference: 'Ref',
    member: 'Member',
    tier: 'Tier',
    pointsEarned: 'Points earned',
    pointsUsed: 'Points used',
    couponsUsed: 'Coupons used',
    pointsBalance: 'Points balance',
    provisional: '(pending sync)',
    qrHint: 'Scan for e-invoice / points',
    thanks: 'Thank you, please come again',
    discountKind: { member: 'Member price', coupon: 'Coupon', manual: 'Discount' },
    tender: {
      cash: 'Cash',
      card: 'Card',
      wechat: 'WeChat Pay',
      alipay: 'Alipay',
      points: 'Points',
      coupon: 'Coupon',
    },
  },
} as const satisfies Record<ReceiptLocale, unknown>;

type Labels = (typeof LABELS)[ReceiptLocale];

/** 'yyyy-mm-dd hh:mm:ss' in the store's zone; an unparsable time is printed as recorded. */
export function formatReceiptTime(iso: string, timeZone = 'Asia/Shanghai'): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}:${get('second')}`;
}

/** 9500 -> '95折' / '5% off'; 9000 -> '9折'. Display only: amounts come from the sale. */
export function formatRate(rateBp: number, locale: ReceiptLocale): string {
  if (locale === 'en') return `${(10000 - rateBp) / 100}% off`;
  return rateBp % 1000 === 0 ? `${rateBp / 1000}折` : `${rateBp / 100}折`;
}

function discountLabel(d: LineDiscount, l: Labels, locale: ReceiptLocale): string {
  const rate = d.rateBp !== undefined ? ` ${formatRate(d.rateBp, locale)}` : '';
  return `  ${l.discountKind[d.kind]}${rate}`;
}

function quantityText(line: CartLine): string {
  if (line.unit === 'kg' && line.weightGrams !== undefined) {
    return `  ${formatKg(line.weightGrams)}kg × ${formatFenPlain(line.unitPriceFen)}/kg`;
  }
  return `  ${line.qty} × ${formatFenPlain(line.unitPriceFen)}`;
}

function lineBlocks(line: CartLine, l: Labels, locale: ReceiptLocale): ReceiptBlock[] {
  const name = locale === 'en' && line.nameEn ? line.nameEn : line.name;
  return [
    { t: 'text', text: name },
    { t: 'row', left: quantityText(line), right: formatFenPlain(line.amountFen) },
    ...line.discounts
      .filter((d) => d.amountFen !== 0)
      .map((d): ReceiptBlock => ({
        t: 'row',
        left: discountLabel(d, l, locale),
        right: formatFenPlain(-d.amountFen),
      })),
  ];
}

function tenderBlocks(t: Tender, l: Labels): ReceiptBlock[] {
  const label: string = l.tender[t.kind satisfies TenderKind] ?? t.kind;
  // Cash shows what the customer handed over; the change follows the tenders. Auth codes never print.
  const shown = t.kind === 'cash' ? (t.tenderedFen ?? t.amountFen) : t.amountFen;
  const blocks: ReceiptBlock[] = [{ t: 'row', left: label, right: formatYuan(shown) }];
  if (t.reference && t.kind !== 'cash' && t.kind !== 'points') {
    blocks.push({ t: 'row', left: `  ${l.reference}`, right: t.reference });
  }
  return blocks;
}

function memberBlocks(m: ReceiptMember, l: Labels): ReceiptBlock[] {
  const blocks: ReceiptBlock[] = [{ t: 'row', left: l.member, right: m.label }];
  if (m.tier) blocks.push({ t: 'row', left: l.tier, right: m.tier });
  if (m.pointsEarned !== undefined)
    blocks.push({ t: 'row', left: l.pointsEarned, right: String(m.pointsEarned) });
  if (m.pointsUsed !== undefined) blocks.push({ t: 'row', left: l.pointsUsed, right: String(m.pointsUsed) });
  if (m.coupons?.length) {
    blocks.push({ t: 'text', text: l.couponsUsed });
    for (const c of m.coupons)
      blocks.push({ t: 'row', left: `  ${c.code} ${c.title}`, right: formatFenPlain(-c.amountFen) });
  }
  if (m.pointsBalance !== undefined) {
    const mark = m.provisional ? `${l.provisional} ` : '';
    blocks.push({ t: 'row', left: l.pointsBalance, right: `${mark}${m.pointsBalance}` });
  }
  return blocks;
}

export function buildSaleReceipt(sale: Sale, ctx: SaleReceiptContext): ReceiptDoc {
  const l = LABELS[ctx.locale];
  const blocks: ReceiptBlock[] = [];
  if (ctx.logo) blocks.push({ t: 'logo' });
  blocks.push({ t: 'text', text: ctx.storeName, align: 'center', bold: true, double: true });
  if (ctx.reprint) blocks.push({ t: 'text', text: l.reprint, align: 'center', bold: true });
  if (sale.status === 'voided') blocks.push({ t: 'text', text: l.voided, align: 'center', bold: true });
  blocks.push(
    { t: 'rule', char: '=' },
    { t: 'row', left: l.receiptNo, right: sale.receiptNo },
    { t: 'row', left: l.time, right: formatReceiptTime(sale.createdAt, ctx.timeZone) },
    { t: 'row', left: l.till, right: `${sale.storeId}-${sale.terminalId}` },
    { t: 'row', left: l.cashier, right: ctx.cashierName },
    { t: 'rule' },
  );
  for (const line of sale.lines) blocks.push(...lineBlocks(line, l, ctx.locale));
  blocks.push(
    { t: 'rule' },
    { t: 'row', left: l.items, right: String(sale.totals.itemCount) },
    { t: 'row', left: l.gross, right: formatYuan(sale.totals.grossFen) },
  );
  if (sale.totals.discountFen !== 0)
    blocks.push({ t: 'row', left: l.discount, right: formatYuan(-sale.totals.discountFen) });
  if (sale.roundingFen !== 0)
    blocks.push({ t: 'row', left: l.rounding, right: formatYuan(sale.roundingFen) });
  blocks.push(
    { t: 'row', left: l.payable, right: formatYuan(sale.totals.dueFen + sale.roundingFen) },
    { t: 'rule' },
  );
  for (const tender of sale.tenders) blocks.push(...tenderBlocks(tender, l));
  if (sale.changeFen !== 0) blocks.push({ t: 'row', left: l.change, right: formatYuan(sale.changeFen) });
  if (ctx.member) blocks.push({ t: 'rule' }, ...memberBlocks(ctx.member, l));
  blocks.push(
    { t: 'rule' },
    { t: 'qr', data: ctx.qrData, size: 6 },
    { t: 'text', text: l.qrHint, align: 'center' },
  );
  // CODE128 carries ASCII only; a receipt number outside it is still printed as text above.
  if (/^[\x20-\x7e]{1,64}$/.test(sale.receiptNo)) {
    blocks.push({ t: 'barcode', data: sale.receiptNo, symbology: 'CODE128' });
  }
  blocks.push({ t: 'text', text: l.thanks, align: 'center' }, { t: 'feed', lines: 3 }, { t: 'cut' });
  return { width: ctx.width, blocks };
}

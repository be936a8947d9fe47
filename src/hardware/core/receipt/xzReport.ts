// The X and Z reports as a ReceiptDoc: what the manager reads at the end of a shift and files with the cash.
// Everything printed comes from the frozen report (src/domain/shift/report.ts); nothing is recomputed here.
import { DENOMINATIONS } from '../../../domain/shift/denominations';
import type { ShiftReport } from '../../../domain/shift/report';
import type { TenderKind } from '../../../domain/model';
import type { PaperWidth, ReceiptBlock, ReceiptDoc } from '../../../shared/receiptDoc';
import { formatYuan } from './money';
import { formatReceiptTime, type ReceiptLocale } from './saleReceipt';

export interface ShiftReportContext {
  storeName: string;
  cashierName: string;
  locale: ReceiptLocale;
  width: PaperWidth;
  timeZone?: string;
  /** The Z still waits for the CRM to acknowledge every sale of the shift. */
  awaitingSync?: boolean;
  reprint?: boolean;
}

const LABELS = {
  'zh-CN': {
    x: 'X 报表（班中读数）',
    z: (n: number) => `Z 报表 第 ${n} 号（交班）`,
    reprint: '** 重印 **',
    awaitingSync: '** 待同步：总部尚未确认全部销售 **',
    till: '收银台',
    cashier: '收银员',
    opened: '开班',
    at: '时间',
    sales: '销售笔数',
    items: '件数',
    gross: '商品合计',
    discount: '优惠',
    rounding: '现金舍入',
    total: '销售净额',
    byTender: '按支付方式',
    byCategory: '按品类',
    refunds: '退货',
    voids: '作废',
    points: '积分',
    issued: '发放',
    redeemed: '抵扣',
    reversed: '退货扣回',
    restored: '退货返还',
    pickups: '提货交付',
    receipts: '单号',
    cash: '现金',
    float: '备用金',
    received: '收取现金',
    change: '找零',
    payIns: '收入',
    payOuts: '支出',
    drops: '存入保险箱',
    cashRefunds: '现金退款',
    expected: '应有现金',
    counted: '实点现金',
    variance: '差额',
    note: '说明',
    approvedBy: '批准人',
    unconfirmed: '未确认审批（离线密码）',
    count: '清点明细',
    signature: '收银员签字：__________  店长签字：__________',
    tender: {
      cash: '现金',
      card: '银行卡',
      wechat: '微信支付',
      alipay: '支付宝',
      points: '积分抵扣',
      coupon: '优惠券',
    },
    denom: (fen: number, coin: boolean) =>
      `${fen >= 100 ? `${fen / 100} 元` : `${fen / 10} 角`}${coin ? '硬币' : ''}`,
  },
  en: {
    x: 'X REPORT (reading)',
    z: (n: number) => `Z REPORT No. ${n} (shift close)`,
    reprint: '** REPRINT **',
    awaitingSync: '** AWAITING SYNC: CRM has not confirmed every sale **',
    till: 'Till',
    cashier: 'Cashier',
    opened: 'Opened',
    at: 'Time',
    sales: 'Sales',
    items: 'Items',
    gross: 'Gross',
    discount: 'Discounts',
    rounding: 'Cash rounding',
    total: 'Net sales',
    byTender: 'By tender',
    byCategory: 'By category',
    refunds: 'Refunds',
    voids: 'Voids',
    points: 'Points',
    issued: 'Issued',
    redeemed: 'Redeemed',
    reversed: 'Taken back',
    restored: 'Given back',
    pickups: 'Pickups handed over',
    receipts: 'Receipts',
    cash: 'Cash',
    float: 'Float',
    received: 'Cash received',
    change: 'Change given',
    payIns: 'Pay-ins',
    payOuts: 'Pay-outs',
    drops: 'Safe drops',
    cashRefunds: 'Cash refunds',
    expected: 'Expected cash',
    counted: 'Counted cash',
    variance: 'Variance',
    note: 'Note',
    approvedBy: 'Approved by',
    unconfirmed: 'Unconfirmed approvals (offline PIN)',
    count: 'Count',
    signature: 'Cashier: __________  Manager: __________',
    tender: {
      cash: 'Cash',
      card: 'Card',
      wechat: 'WeChat Pay',
      alipay: 'Alipay',
      points: 'Points',
      coupon: 'Coupon',
    },
    denom: (fen: number, coin: boolean) =>
      `${fen >= 100 ? `¥${fen / 100}` : `${fen / 10} jiao`}${coin ? ' coin' : ''}`,
  },
} as const;

const signed = (fen: number): string => (fen > 0 ? `+${formatYuan(fen)}` : formatYuan(fen));

export function buildShiftReportDoc(z: ShiftReport, ctx: ShiftReportContext): ReceiptDoc {
  const l = LABELS[ctx.locale];
  const tender = (k: TenderKind): string => l.tender[k] ?? k;
  const b: ReceiptBlock[] = [
    { t: 'text', text: ctx.storeName, align: 'center', bold: true, double: true },
    { t: 'text', text: z.kind === 'Z' ? l.z(z.zNo ?? 0) : l.x, align: 'center', bold: true },
  ];
  if (ctx.reprint) b.push({ t: 'text', text: l.reprint, align: 'center', bold: true });
  if (z.kind === 'Z' && ctx.awaitingSync)
    b.push({ t: 'text', text: l.awaitingSync, align: 'center', bold: true });
  b.push(
    { t: 'rule', char: '=' },
    { t: 'row', left: l.till, right: `${z.storeId}-${z.terminalId}` },
    { t: 'row', left: l.cashier, right: ctx.cashierName },
    { t: 'row', left: l.opened, right: formatReceiptTime(z.openedAt, ctx.timeZone) },
    { t: 'row', left: l.at, right: formatReceiptTime(z.at, ctx.timeZone) },
    { t: 'rule' },
    { t: 'row', left: l.sales, right: String(z.saleCount) },
    { t: 'row', left: l.items, right: String(z.itemCount) },
    { t: 'row', left: l.gross, right: formatYuan(z.grossFen) },
    { t: 'row', left: l.discount, right: formatYuan(-z.discountFen) },
  );
  if (z.roundingFen !== 0) b.push({ t: 'row', left: l.rounding, right: formatYuan(z.roundingFen) });
  b.push(
    { t: 'row', left: l.total, right: formatYuan(z.salesTotalFen) },
    { t: 'rule' },
    { t: 'text', text: l.byTender, bold: true },
  );
  for (const t of z.byTender)
    b.push({ t: 'row', left: `  ${tender(t.kind)} ×${t.count}`, right: formatYuan(t.amountFen) });
  b.push({ t: 'text', text: l.byCategory, bold: true });
  for (const c of z.byCategory) {
    const name = (ctx.locale === 'en' ? c.nameEn : c.name) || c.categoryId;
    b.push({ t: 'row', left: `  ${name} ×${c.qty}`, right: formatYuan(c.amountFen) });
  }
  b.push(
    { t: 'rule' },
    { t: 'row', left: `${l.refunds} ×${z.refunds.count}`, right: formatYuan(-z.refunds.totalFen) },
    ...z.refunds.byTender.map((t): ReceiptBlock => ({
      t: 'row',
      left: `  ${tender(t.kind)}`,
      right: formatYuan(-t.amountFen),
    })),
    { t: 'row', left: `${l.voids} ×${z.voids.count}`, right: formatYuan(z.voids.amountFen) },
    {
      t: 'row',
      left: `${l.points} ${l.issued} / ${l.redeemed}`,
      right: `${z.points.issued} / ${z.points.redeemed}`,
    },
  );
  if (z.points.reversed || z.points.restored)
    b.push({
      t: 'row',
      left: `${l.points} ${l.reversed} / ${l.restored}`,
      right: `${z.points.reversed} / ${z.points.restored}`,
    });
  b.push({ t: 'row', left: l.pickups, right: String(z.pickupsHandedOver) });
  // Approvals given by PIN while offline wait for a manager at the CRM (decision 0040).
  if (z.unconfirmedApprovals)
    b.push({ t: 'row', left: l.unconfirmed, right: String(z.unconfirmedApprovals) });
  if (z.firstReceiptNo)
    b.push({
      t: 'text',
      text: `${l.receipts} ${z.firstReceiptNo.slice(-6)} - ${z.lastReceiptNo?.slice(-6) ?? ''}`,
    });
  const c = z.cash;
  b.push(
    { t: 'rule' },
    { t: 'text', text: l.cash, bold: true },
    { t: 'row', left: `  ${l.float}`, right: formatYuan(c.floatFen) },
    { t: 'row', left: `+ ${l.received}`, right: formatYuan(c.cashReceivedFen) },
    { t: 'row', left: `- ${l.change}`, right: formatYuan(c.changeGivenFen) },
    { t: 'row', left: `+ ${l.payIns}`, right: formatYuan(c.payInsFen) },
    { t: 'row', left: `- ${l.payOuts}`, right: formatYuan(c.payOutsFen) },
    { t: 'row', left: `- ${l.drops}`, right: formatYuan(c.dropsFen) },
    { t: 'row', left: `- ${l.cashRefunds}`, right: formatYuan(c.cashRefundsFen) },
    { t: 'row', left: `= ${l.expected}`, right: formatYuan(c.expectedFen) },
  );
  if (z.count) {
    b.push({ t: 'row', left: l.counted, right: formatYuan(z.count.countedFen) });
    b.push({ t: 'text', text: `${l.variance}  ${signed(z.count.varianceFen)}`, bold: true, align: 'right' });
    if (z.count.note) b.push({ t: 'row', left: l.note, right: z.count.note });
    if (z.count.approvedBy) b.push({ t: 'row', left: l.approvedBy, right: z.count.approvedBy });
    b.push({ t: 'text', text: l.count });
    for (const d of DENOMINATIONS) {
      const n = z.count.counts[d.id] ?? 0;
      if (n > 0)
        b.push({
          t: 'row',
          left: `  ${l.denom(d.fen, d.kind === 'coin')} ×${n}`,
          right: formatYuan(n * d.fen),
        });
    }
  }
  b.push({ t: 'rule' });
  if (z.kind === 'Z') b.push({ t: 'feed', lines: 1 }, { t: 'text', text: l.signature });
  b.push({ t: 'feed', lines: 3 }, { t: 'cut' });
  return { width: ctx.width, blocks: b };
}

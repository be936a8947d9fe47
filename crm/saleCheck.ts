// A sale checked on arrival (issue 15, docs/decisions/0043): the CRM recomputes it from its lines the way the
// till does (src/domain/cart.ts, src/domain/tender.ts) and lists every way it is not what a till can produce:
// amounts, quantities and strings out of bounds, lines, totals, rounding or tenders that do not add up, change
// from anything but cash, a body naming another store or till, a clock that is off. Pure: the caller passes
// the credential, its own receive time and the shift's opening. A non-empty answer flags the sale and holds
// its side effects; the sale itself is always stored (money changed hands).
import { businessDateOf } from '../src/domain/businessDate';
import { MAX_LINE_QTY } from '../src/domain/cart';
import { discountForRateBp, formatFen, weighedAmountFen } from '../src/domain/money';
import type { SaleCompletedPayload } from '../src/shared/crm';

/** ±¥10,000,000: no amount on a sale of a department store till is beyond this. */
export const MAX_AMOUNT_FEN = 1_000_000_000;
/** A scale label carries at most 5 digits of grams; a floor scale may weigh more, never a ton. */
export const MAX_WEIGHT_GRAMS = 999_999;
/** Points are integers of a member's balance column; no sale earns or spends more. */
export const MAX_POINTS = 100_000_000;
export const MAX_LINES = 2_000;
export const MAX_TENDERS = 50;
export const MAX_NAME_CHARS = 200;
export const MAX_CODE_CHARS = 64;
/** A till's clock may run this far ahead of the CRM's before its sales are flagged. */
export const MAX_FUTURE_MS = 5 * 60_000;
/** A sale stamped this far before its shift's opening (both by the till's clock) is flagged. */
export const MAX_BEFORE_SHIFT_MS = 5 * 60_000;
/** The latest day start a store may use (sales before it count to the previous business day). */
export const MAX_DAY_START_MINUTES = 6 * 60;
/** A cash tender's jiao rounding (src/domain/money.ts roundCashToJiao). */
const MIN_CASH_ROUNDING = -4;
const MAX_CASH_ROUNDING = 5;

export const SALE_FLAG_CODES = [
  /** An amount outside ±¥10,000,000, or negative where a sale cannot be. */
  'amount-out-of-range',
  /** A quantity or weight no till can enter. */
  'qty-out-of-range',
  /** A points or count integer beyond its column. */
  'int-out-of-range',
  /** A name over 200 characters, a code over 64. */
  'text-too-long',
  /** Text that had to be repaired (NUL, lone surrogate) before it could be stored. */
  'text-malformed',
  /** qty x unit price (or weight x price per kg, or the label price) is not the line amount. */
  'line-amount-mismatch',
  /** The line's discounts do not add up to its discount, or exceed its amount. */
  'line-discount-mismatch',
  /** Gross, discount, due or item count are not the sums of the lines. */
  'totals-mismatch',
  /** Rounding not from cash, out of -4..+5 per cash tender, or not the sum of the tenders'. */
  'rounding-mismatch',
  /** The tenders do not cover what the sale owes. */
  'tenders-short',
  /** The tenders pay more than the sale owes (only cash gives change, and that is not counted as paid). */
  'tenders-over',
  /** Change given by a tender that is not cash, or change that is not tendered - applied. */
  'change-invalid',
  /** The body names another store or terminal than the credential's. */
  'store-mismatch',
  /** Stamped in the future, long before its shift opened, or with a business date its time does not have. */
  'clock-skew',
  /** Another sale of the store already carries this receipt number (set by the intake, not by checkSale). */
  'receipt-duplicate',
] as const;
export type SaleFlagCode = (typeof SALE_FLAG_CODES)[number];

/** One reason a sale is flagged: a machine code, where, and zh-CN text with the numbers. */
export interface SaleFlag {
  code: SaleFlagCode;
  path: string;
  text: string;
}

/** Flags that make the sale's amounts untrustworthy: such a sale stays out of the day's totals. */
export const AMOUNT_FLAGS: ReadonlySet<SaleFlagCode> = new Set<SaleFlagCode>([
  'amount-out-of-range',
  'qty-out-of-range',
  'int-out-of-range',
  'line-amount-mismatch',
  'line-discount-mismatch',
  'totals-mismatch',
  'rounding-mismatch',
  'tenders-short',
  'tenders-over',
  'change-invalid',
]);

export interface SaleCheckContext {
  /** From the credential. */
  storeId: string;
  terminalId: string;
  /** The CRM's own clock when the sale arrived. */
  receivedAt: Date;
  /** The opening of the sale's shift as the CRM holds it (till clock), when the shift is known. */
  shiftOpenedAt?: string | Date | undefined;
  /** The store's time zone. */
  timeZone: string;
  /** Payload paths whose text was repaired on arrival (NUL, lone surrogates). */
  repairedPaths?: readonly string[] | undefined;
}

type Sale = SaleCompletedPayload['sale'];

const yuan = (fen: number): string =>
  Number.isSafeInteger(fen) ? formatFen(fen, 'zh-CN') : `${String(fen)} 分`;

/** Every reason the sale is not one a till makes; empty when it is. */
export function checkSale(p: SaleCompletedPayload, ctx: SaleCheckContext): SaleFlag[] {
  const flags: SaleFlag[] = [];
  const add = (code: SaleFlagCode, path: string, text: string) => flags.push({ code, path, text });
  const sale = p.sale;

  checkScope(sale, ctx, add);
  checkStrings(p, add);
  if (ctx.repairedPaths && ctx.repairedPaths.length > 0)
    add(
      'text-malformed',
      ctx.repairedPaths[0]!,
      `含有空字符或不成对代理项的文字已修复：${ctx.repairedPaths.slice(0, 5).join('、')}${ctx.repairedPaths.length > 5 ? ` 等 ${ctx.repairedPaths.length} 处` : ''}`,
    );
  const amountsOk = checkBounds(p, add);
  if (amountsOk) {
    checkLines(sale, add);
    checkTotals(sale, add);
    checkTenders(sale, add);
  }
  checkClock(sale, ctx, add);
  return flags;
}

type Add = (code: SaleFlagCode, path: string, text: string) => void;

function checkScope(sale: Sale, ctx: SaleCheckContext, add: Add): void {
  if (sale.storeId !== ctx.storeId || sale.terminalId !== ctx.terminalId)
    add(
      'store-mismatch',
      'sale.storeId',
      `销售记录写明门店 ${sale.storeId} 终端 ${sale.terminalId}，但发送它的是门店 ${ctx.storeId} 终端 ${ctx.terminalId}`,
    );
  const m = /^([A-Za-z0-9]{1,16})-([A-Za-z0-9]{1,16})-\d{8}-\d{6,9}$/.exec(sale.receiptNo);
  if (m && (m[1] !== ctx.storeId || m[2] !== ctx.terminalId))
    add(
      'store-mismatch',
      'sale.receiptNo',
      `单号 ${sale.receiptNo} 属于门店 ${m[1]} 终端 ${m[2]}，但发送它的是门店 ${ctx.storeId} 终端 ${ctx.terminalId}`,
    );
}

function checkStrings(p: SaleCompletedPayload, add: Add): void {
  const sale = p.sale;
  const code = (path: string, v: string | undefined) => {
    if (v !== undefined && v.length > MAX_CODE_CHARS)
      add('text-too-long', path, `${path} 长 ${v.length} 个字符，编码最多 ${MAX_CODE_CHARS} 个`);
  };
  const name = (path: string, v: string | undefined) => {
    if (v !== undefined && v.length > MAX_NAME_CHARS)
      add('text-too-long', path, `${path} 长 ${v.length} 个字符，名称最多 ${MAX_NAME_CHARS} 个`);
  };
  code('sale.receiptNo', sale.receiptNo);
  code('sale.cashierId', sale.cashierId);
  code('sale.shiftId', sale.shiftId);
  code('sale.memberId', sale.memberId);
  sale.lines.forEach((l, i) => {
    const at = `sale.lines.${i}`;
    name(`${at}.name`, l.name);
    name(`${at}.nameEn`, l.nameEn);
    code(`${at}.productId`, l.productId);
    code(`${at}.barcode`, l.barcode);
    code(`${at}.categoryId`, l.categoryId);
    l.discounts.forEach((d, j) => code(`${at}.discounts.${j}.ref`, d.ref));
  });
  sale.tenders.forEach((t, i) => {
    code(`sale.tenders.${i}.authCode`, t.authCode);
    if (t.reference !== undefined && t.reference.length > 128)
      add(
        'text-too-long',
        `sale.tenders.${i}.reference`,
        `付款参考号长 ${t.reference.length} 个字符，最多 128 个`,
      );
  });
  p.coupons.forEach((c, i) => code(`coupons.${i}.code`, c.code));
}

/** Every number within what its column and a till allow; false when arithmetic on them would be meaningless. */
function checkBounds(p: SaleCompletedPayload, add: Add): boolean {
  const sale = p.sale;
  let ok = true;
  const amount = (path: string, v: number | undefined, min: number, label: string) => {
    if (v === undefined) return;
    if (v < min || v > MAX_AMOUNT_FEN) {
      ok = false;
      add(
        'amount-out-of-range',
        path,
        `${label} ${yuan(v)}（${v} 分）超出范围 ${yuan(min)} 至 ${yuan(MAX_AMOUNT_FEN)}`,
      );
    }
  };
  const count = (path: string, v: number | undefined, max: number, label: string) => {
    if (v === undefined) return;
    if (v < 0 || v > max) {
      ok = false;
      add('int-out-of-range', path, `${label} ${v} 超出范围 0 至 ${max}`);
    }
  };
  if (sale.lines.length > MAX_LINES) {
    ok = false;
    add('int-out-of-range', 'sale.lines', `销售有 ${sale.lines.length} 行，最多 ${MAX_LINES} 行`);
  }
  if (sale.tenders.length > MAX_TENDERS) {
    ok = false;
    add('int-out-of-range', 'sale.tenders', `销售有 ${sale.tenders.length} 笔付款，最多 ${MAX_TENDERS} 笔`);
  }
  sale.lines.forEach((l, i) => {
    const at = `sale.lines.${i}`;
    const n = i + 1;
    if (l.unit === 'kg' ? l.qty !== 1 : l.qty < 1 || l.qty > MAX_LINE_QTY) {
      ok = false;
      add(
        'qty-out-of-range',
        `${at}.qty`,
        l.unit === 'kg'
          ? `第 ${n} 行（称重）数量 ${l.qty}，称重商品数量应为 1`
          : `第 ${n} 行数量 ${l.qty} 超出收银机可输入的范围 1 至 ${MAX_LINE_QTY}`,
      );
    }
    if (l.weightGrams !== undefined && (l.weightGrams < 1 || l.weightGrams > MAX_WEIGHT_GRAMS)) {
      ok = false;
      add(
        'qty-out-of-range',
        `${at}.weightGrams`,
        `第 ${n} 行重量 ${l.weightGrams} 克超出范围 1 至 ${MAX_WEIGHT_GRAMS} 克`,
      );
    }
    amount(`${at}.unitPriceFen`, l.unitPriceFen, 0, `第 ${n} 行单价`);
    amount(`${at}.labelPriceFen`, l.labelPriceFen, 0, `第 ${n} 行标签价`);
    amount(`${at}.amountFen`, l.amountFen, 0, `第 ${n} 行金额`);
    amount(`${at}.discountFen`, l.discountFen, 0, `第 ${n} 行折扣`);
    l.discounts.forEach((d, j) =>
      amount(`${at}.discounts.${j}.amountFen`, d.amountFen, 0, `第 ${n} 行折扣项`),
    );
  });
  amount('sale.totals.grossFen', sale.totals.grossFen, 0, '商品总额');
  amount('sale.totals.discountFen', sale.totals.discountFen, 0, '折扣总额');
  amount('sale.totals.dueFen', sale.totals.dueFen, 0, '应收金额');
  count('sale.totals.itemCount', sale.totals.itemCount, MAX_LINES * MAX_LINE_QTY, '件数');
  amount('sale.roundingFen', sale.roundingFen, -MAX_AMOUNT_FEN, '抹零');
  amount('sale.changeFen', sale.changeFen, 0, '找零');
  sale.tenders.forEach((t, i) => {
    const at = `sale.tenders.${i}`;
    amount(`${at}.amountFen`, t.amountFen, 0, `第 ${i + 1} 笔付款`);
    amount(`${at}.tenderedFen`, t.tenderedFen, 0, `第 ${i + 1} 笔付款实收`);
    amount(`${at}.changeFen`, t.changeFen, 0, `第 ${i + 1} 笔付款找零`);
    amount(`${at}.roundingFen`, t.roundingFen, -MAX_AMOUNT_FEN, `第 ${i + 1} 笔付款抹零`);
  });
  p.coupons.forEach((c, i) => amount(`coupons.${i}.discountFen`, c.discountFen, 0, `第 ${i + 1} 张券抵扣`));
  if (p.points) {
    count('points.earn', p.points.earn, MAX_POINTS, '本单积分');
    count('points.redeem', p.points.redeem, MAX_POINTS, '抵扣积分');
  }
  return ok;
}

/** Each line as the till's cart computes it (cart.ts tryAddProduct, setLineQty, repriced). */
function checkLines(sale: Sale, add: Add): void {
  sale.lines.forEach((l, i) => {
    const at = `sale.lines.${i}`;
    const n = i + 1;
    let expected: number | null;
    let how: string;
    if (l.labelPriceFen !== undefined) {
      expected = l.labelPriceFen;
      how = `标签价 ${yuan(l.labelPriceFen)}`;
    } else if (l.unit === 'kg') {
      if (l.weightGrams === undefined) {
        expected = null;
        how = '';
        add('line-amount-mismatch', `${at}.weightGrams`, `第 ${n} 行是称重商品，但没有重量也没有标签价`);
      } else {
        expected = weighedAmountFen(l.unitPriceFen, l.weightGrams);
        how = `${l.weightGrams} 克 × ${yuan(l.unitPriceFen)}/千克 = ${yuan(expected)}`;
      }
    } else {
      expected = l.qty * l.unitPriceFen;
      how = `${l.qty} × ${yuan(l.unitPriceFen)} = ${yuan(expected)}`;
    }
    if (expected !== null && expected !== l.amountFen)
      add('line-amount-mismatch', `${at}.amountFen`, `第 ${n} 行金额 ${yuan(l.amountFen)}，应为 ${how}`);

    const sum = l.discounts.reduce((a, d) => a + d.amountFen, 0);
    if (sum !== l.discountFen)
      add(
        'line-discount-mismatch',
        `${at}.discountFen`,
        `第 ${n} 行折扣 ${yuan(l.discountFen)}，各折扣项合计 ${yuan(sum)}`,
      );
    if (l.discountFen > l.amountFen)
      add(
        'line-discount-mismatch',
        `${at}.discountFen`,
        `第 ${n} 行折扣 ${yuan(l.discountFen)} 超过行金额 ${yuan(l.amountFen)}`,
      );
    l.discounts.forEach((d, j) => {
      if (d.rateBp === undefined) return;
      const most = discountForRateBp(l.amountFen, d.rateBp);
      if (d.amountFen > most)
        add(
          'line-discount-mismatch',
          `${at}.discounts.${j}.amountFen`,
          `第 ${n} 行折扣项 ${yuan(d.amountFen)} 超过按 ${d.rateBp / 100}% 折算的 ${yuan(most)}`,
        );
    });
  });
}

/** The totals as cartTotals computes them. */
function checkTotals(sale: Sale, add: Add): void {
  let itemCount = 0;
  let grossFen = 0;
  let discountFen = 0;
  for (const l of sale.lines) {
    itemCount += l.unit === 'kg' ? 1 : l.qty;
    grossFen += l.amountFen;
    discountFen += l.discountFen;
  }
  const t = sale.totals;
  if (t.grossFen !== grossFen)
    add(
      'totals-mismatch',
      'sale.totals.grossFen',
      `商品总额 ${yuan(t.grossFen)}，各行合计 ${yuan(grossFen)}`,
    );
  if (t.discountFen !== discountFen)
    add(
      'totals-mismatch',
      'sale.totals.discountFen',
      `折扣总额 ${yuan(t.discountFen)}，各行折扣合计 ${yuan(discountFen)}`,
    );
  if (t.dueFen !== grossFen - discountFen)
    add(
      'totals-mismatch',
      'sale.totals.dueFen',
      `应收 ${yuan(t.dueFen)}，应为 ${yuan(grossFen)} − ${yuan(discountFen)} = ${yuan(grossFen - discountFen)}`,
    );
  if (t.itemCount !== itemCount)
    add('totals-mismatch', 'sale.totals.itemCount', `件数 ${t.itemCount}，各行合计 ${itemCount}`);
}

/** Tenders as tender.ts makes them: cash alone gives change and carries rounding; paid = due + rounding. */
function checkTenders(sale: Sale, add: Add): void {
  let paid = 0;
  let change = 0;
  let rounding = 0;
  sale.tenders.forEach((t, i) => {
    const at = `sale.tenders.${i}`;
    const n = i + 1;
    paid += t.amountFen;
    change += t.changeFen ?? 0;
    rounding += t.roundingFen ?? 0;
    if (t.kind !== 'cash') {
      if ((t.changeFen ?? 0) !== 0 || t.tenderedFen !== undefined)
        add(
          'change-invalid',
          `${at}.changeFen`,
          `第 ${n} 笔付款（${t.kind}）找零 ${yuan(t.changeFen ?? 0)}：只有现金可以找零`,
        );
      if ((t.roundingFen ?? 0) !== 0)
        add(
          'rounding-mismatch',
          `${at}.roundingFen`,
          `第 ${n} 笔付款（${t.kind}）抹零 ${yuan(t.roundingFen!)}：只有现金抹零`,
        );
      return;
    }
    if (t.tenderedFen !== undefined && t.tenderedFen - (t.changeFen ?? 0) !== t.amountFen)
      add(
        'change-invalid',
        `${at}.changeFen`,
        `第 ${n} 笔现金实收 ${yuan(t.tenderedFen)} − 找零 ${yuan(t.changeFen ?? 0)} ≠ 付款 ${yuan(t.amountFen)}`,
      );
    if (t.tenderedFen === undefined && (t.changeFen ?? 0) !== 0)
      add('change-invalid', `${at}.changeFen`, `第 ${n} 笔现金找零 ${yuan(t.changeFen!)}，但没有实收金额`);
    const r = t.roundingFen ?? 0;
    if (r < MIN_CASH_ROUNDING || r > MAX_CASH_ROUNDING)
      add(
        'rounding-mismatch',
        `${at}.roundingFen`,
        `第 ${n} 笔现金抹零 ${r} 分，应在 ${MIN_CASH_ROUNDING} 至 +${MAX_CASH_ROUNDING} 分之间`,
      );
  });
  if (sale.roundingFen !== rounding)
    add('rounding-mismatch', 'sale.roundingFen', `抹零 ${sale.roundingFen} 分，各笔付款合计 ${rounding} 分`);
  if (sale.changeFen !== change)
    add('change-invalid', 'sale.changeFen', `找零 ${yuan(sale.changeFen)}，各笔现金找零合计 ${yuan(change)}`);
  const payable = sale.totals.dueFen + rounding;
  if (paid < payable)
    add(
      'tenders-short',
      'sale.tenders',
      `付款合计 ${yuan(paid)}，不足应收 ${yuan(payable)}（差 ${yuan(payable - paid)}）`,
    );
  else if (paid > payable)
    add(
      'tenders-over',
      'sale.tenders',
      `付款合计 ${yuan(paid)}，多于应收 ${yuan(payable)}（多 ${yuan(paid - payable)}）`,
    );
}

const minutes = (ms: number): string => {
  const m = Math.round(Math.abs(ms) / 60_000);
  if (m < 120) return `${m} 分钟`;
  const h = Math.round(m / 60);
  return h < 48 ? `${h} 小时` : `${Math.round(h / 24)} 天`;
};

/**
 * Future stamps, stamps long before the shift opened and business dates the time does not have. A sale stamped
 * in the past is fine on its own: a till that was offline delivers its day late.
 */
function checkClock(sale: Sale, ctx: SaleCheckContext, add: Add): void {
  const at = Date.parse(sale.createdAt);
  const received = ctx.receivedAt.getTime();
  if (at - received > MAX_FUTURE_MS)
    add(
      'clock-skew',
      'sale.createdAt',
      `销售时间 ${sale.createdAt} 比总部收到的时间 ${ctx.receivedAt.toISOString()} 晚 ${minutes(at - received)}：收银机时钟不准`,
    );
  if (ctx.shiftOpenedAt !== undefined) {
    const opened = new Date(ctx.shiftOpenedAt).getTime();
    if (opened - at > MAX_BEFORE_SHIFT_MS)
      add(
        'clock-skew',
        'sale.createdAt',
        `销售时间 ${sale.createdAt} 比班次开班时间 ${new Date(opened).toISOString()} 早 ${minutes(opened - at)}`,
      );
  }
  let plain: string;
  let late: string;
  try {
    plain = businessDateOf(sale.createdAt, ctx.timeZone);
    late = businessDateOf(sale.createdAt, ctx.timeZone, MAX_DAY_START_MINUTES);
  } catch {
    add('clock-skew', 'sale.createdAt', `销售时间 ${sale.createdAt} 无法换算成营业日`);
    return;
  }
  if (sale.businessDate !== plain && sale.businessDate !== late)
    add(
      'clock-skew',
      'sale.businessDate',
      `营业日 ${sale.businessDate} 与销售时间 ${sale.createdAt}（门店时间的 ${plain}）不符`,
    );
}

/** The reasons as one zh-CN text for an issue title. */
export function flagsTitle(receiptNo: string, flags: readonly SaleFlag[]): string {
  const first = flags[0];
  if (!first) return '';
  const more = flags.length > 1 ? `（另有 ${flags.length - 1} 项）` : '';
  return `销售 ${receiptNo} 未通过总部核对，积分与优惠券暂缓：${first.text}${more}`;
}

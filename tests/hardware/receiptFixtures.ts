// Sales and receipt documents with Chinese names, weighed goods, discounts and a QR, for the printer tests,
// the emulator e2e and the receipt_build benchmark.
import type { CartLine, Sale } from '../../src/domain/model';
import { buildSaleReceipt, type SaleReceiptContext } from '../../src/hardware/core/receipt';
import type { ReceiptDoc } from '../../src/shared/receiptDoc';

const NAMES: [string, string][] = [
  ['伊利纯牛奶 250ml×24', 'Yili Pure Milk 250ml x24'],
  ['农夫山泉饮用天然水550ml×24瓶整箱装家庭实惠装', 'Nongfu Spring water 550ml x24'],
  ['康师傅红烧牛肉面', 'Master Kong beef noodles'],
  ['金龙鱼大米 5kg', 'Arawana rice 5kg'],
  ['海天金标生抽 500ml', 'Haitian soy sauce 500ml'],
  ['旺旺雪饼 520g', 'Want Want rice crackers 520g'],
];

function line(i: number): CartLine {
  const [name, nameEn] = NAMES[i % NAMES.length]!;
  const qty = 1 + (i % 3);
  const unitPriceFen = 990 + i * 137;
  const discounted = i % 4 === 0;
  const discountFen = discounted ? Math.round(qty * unitPriceFen * 0.05) : 0;
  return {
    lineId: `l${i}`,
    productId: `p${i}`,
    barcode: `69${String(1000000000 + i).padStart(11, '0')}`,
    name,
    nameEn,
    categoryId: 'grocery',
    unit: 'piece',
    qty,
    unitPriceFen,
    amountFen: qty * unitPriceFen,
    discountFen,
    discounts: discounted ? [{ kind: 'member', amountFen: discountFen, rateBp: 9500 }] : [],
  };
}

/** A cash sale of `items` lines (prices in fen, totals consistent). */
export function demoSale(items = 3, receiptNo = 'S001-T03-20261125-0042'): Sale {
  const lines = Array.from({ length: items }, (_, i) => line(i));
  const grossFen = lines.reduce((s, l) => s + l.amountFen, 0);
  const discountFen = lines.reduce((s, l) => s + l.discountFen, 0);
  const dueFen = grossFen - discountFen;
  const tenderedFen = Math.ceil(dueFen / 10000) * 10000;
  return {
    id: '0190f5b0-7c1a-7abc-8def-0123456789ab',
    receiptNo,
    storeId: 'S001',
    terminalId: 'T03',
    cashierId: 'C007',
    businessDate: '2026-11-25',
    createdAt: '2026-11-25T08:30:05.000Z',
    lines,
    tenders: [{ id: 't1', kind: 'cash', amountFen: dueFen, tenderedFen, changeFen: tenderedFen - dueFen }],
    totals: { itemCount: lines.reduce((s, l) => s + l.qty, 0), grossFen, discountFen, dueFen },
    roundingFen: 0,
    changeFen: tenderedFen - dueFen,
    status: 'completed',
  };
}

export function demoContext(over: Partial<SaleReceiptContext> = {}): SaleReceiptContext {
  return {
    storeName: '天河店',
    cashierName: '张*',
    locale: 'zh-CN',
    width: 80,
    qrData: 'S001-T03-20261125-0042|17090|签名',
    logo: true,
    ...over,
  };
}

export function demoReceiptDoc(items = 3, over: Partial<SaleReceiptContext> = {}): ReceiptDoc {
  return buildSaleReceipt(demoSale(items), demoContext(over));
}

import { describe, expect, it } from 'vitest';
import { buildShiftReport } from '../../../domain/shift/report';
import type { Refund } from '../../../domain/shift/model';
import { ReceiptDocSchema } from '../../../shared/receiptDoc';
import { buildRefundReceipt } from './refundReceipt';
import { columnsFor, renderReceiptLines } from './render';
import { textWidth } from './textWidth';
import { buildShiftReportDoc } from './xzReport';

const sale = {
  id: 's1',
  receiptNo: 'S001-T03-20261125-000001',
  storeId: 'S001',
  terminalId: 'T03',
  cashierId: 'E1002',
  businessDate: '2026-11-25',
  createdAt: '2026-11-25T02:00:00.000Z',
  lines: [
    {
      lineId: 'l1',
      productId: 'p',
      barcode: '6901234567892',
      name: '伊利纯牛奶 250ml×24',
      nameEn: 'Yili milk',
      categoryId: 'dairy',
      unit: 'piece' as const,
      qty: 2,
      unitPriceFen: 6990,
      amountFen: 13980,
      discountFen: 0,
      discounts: [],
    },
  ],
  tenders: [{ id: 't1', kind: 'cash' as const, amountFen: 13980, tenderedFen: 15000, changeFen: 1020 }],
  totals: { itemCount: 2, grossFen: 13980, discountFen: 0, dueFen: 13980 },
  roundingFen: 0,
  changeFen: 1020,
  status: 'completed' as const,
};

const z = buildShiftReport({
  kind: 'Z',
  zNo: 12,
  shift: {
    id: 'sh',
    storeId: 'S001',
    terminalId: 'T03',
    cashierId: 'E1002',
    businessDate: '2026-11-25',
    openedAt: '2026-11-25T01:00:00.000Z',
    floatFen: 50000,
  },
  at: '2026-11-25T10:00:00.000Z',
  sales: [{ sale }],
  refunds: [],
  moves: [
    {
      id: 'm',
      shiftId: 'sh',
      kind: 'payOut',
      amountFen: 2000,
      reason: '胶带',
      staffId: 'E1002',
      at: '2026-11-25T03:00:00.000Z',
    },
  ],
  pickupsHandedOver: 1,
  count: { counts: { note100: 6, note10: 1 }, note: '少找零', approvedBy: 'E1001' },
});

describe('X/Z report and refund receipt layout', () => {
  for (const width of [58, 80] as const)
    it(`fits ${width} mm paper and says what a manager needs`, () => {
      const doc = buildShiftReportDoc(z, {
        storeName: '天河店',
        cashierName: '王*',
        locale: 'zh-CN',
        width,
        awaitingSync: true,
      });
      expect(ReceiptDocSchema.safeParse(doc).success).toBe(true);
      const lines = renderReceiptLines(doc);
      for (const line of lines) expect(textWidth(line)).toBeLessThanOrEqual(columnsFor(width));
      const text = lines.join('\n');
      expect(text).toContain('Z 报表 第 12 号');
      expect(text).toContain('待同步');
      expect(text).toContain('应有现金');
      expect(text).toContain('￥619.80'); // 500 float + 139.80 - 20 paid out
      expect(text).toContain('-￥9.80'); // counted 610 - expected 619.80
      expect(text).toContain('100 元 ×6');
    });

  it('an X report has no count and no number; English works too', () => {
    const x = buildShiftReport({
      ...{ kind: 'X' as const },
      shift: {
        id: 'sh',
        storeId: 'S001',
        terminalId: 'T03',
        cashierId: 'E',
        businessDate: '2026-11-25',
        openedAt: '2026-11-25T01:00:00.000Z',
        floatFen: 0,
      },
      at: '2026-11-25T02:00:00.000Z',
      sales: [],
      refunds: [],
      moves: [],
      pickupsHandedOver: 0,
    });
    const text = renderReceiptLines(
      buildShiftReportDoc(x, { storeName: 'Store', cashierName: 'W*', locale: 'en', width: 80 }),
    ).join('\n');
    expect(text).toContain('X REPORT');
    expect(text).not.toContain('Counted');
  });

  it('a refund receipt names the original receipt, the lines and where the money went', () => {
    const refund: Refund = {
      id: 'r1',
      receiptNo: 'S001-T03-20261125-R000001',
      originalSaleId: 's1',
      originalReceiptNo: sale.receiptNo,
      storeId: 'S001',
      terminalId: 'T03',
      businessDate: '2026-11-25',
      createdAt: '2026-11-25T04:00:00.000Z',
      staffId: 'E1002',
      approvedBy: 'E1001',
      lines: [{ ...sale.lines[0]!, qty: 1, amountFen: 6990 }],
      tenders: [{ originalTenderId: 't1', kind: 'cash', amountFen: 6990 }],
      totalFen: 6990,
      roundingFen: 0,
      pointsReversed: 7,
      pointsRestored: 0,
      couponsRestored: [],
      full: false,
    };
    const doc = buildRefundReceipt(refund, {
      storeName: '天河店',
      cashierName: '王*',
      locale: 'zh-CN',
      width: 80,
    });
    expect(ReceiptDocSchema.safeParse(doc).success).toBe(true);
    const text = renderReceiptLines(doc).join('\n');
    for (const s of ['退货单', sale.receiptNo, 'R000001', '-1', '-69.90', '退回 现金', '扣回积分'])
      expect(text).toContain(s);
  });
});

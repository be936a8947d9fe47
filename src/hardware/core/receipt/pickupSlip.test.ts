import { describe, expect, it } from 'vitest';
import { ReceiptDocSchema } from '../../../shared/receiptDoc';
import { buildPickupSlip, type PickupSlipData } from './pickupSlip';
import { columnsFor, renderReceiptLines, textWidth } from './index';

const data: PickupSlipData = {
  orderId: 'PO000123',
  code: '30000007',
  customerNameMasked: '张**',
  phoneMasked: '138****1234',
  channel: 'miniProgram',
  lines: [
    { name: '伊利纯牛奶 250ml×24', qty: 2, amountFen: 13960 },
    { name: '农夫山泉饮用天然水550ml×24瓶整箱装家庭实惠特价促销装', qty: 1, amountFen: 2990 },
  ],
  totalFen: 16950,
  handedOverAt: '2026-11-25T08:30:05.000Z',
  storeId: 'S001',
  terminalId: 'T03',
  staffName: '王*',
  collector: { kind: 'proxy', name: '李四', idLast4: '123X' },
  itemCheck: { scanned: 3, expected: 3 },
  offline: true,
};

describe('pickup slip', () => {
  it('is a valid ReceiptDoc with the order, the collector and a signature line', () => {
    const doc = buildPickupSlip(data, { storeName: '天河店', locale: 'zh-CN', width: 80 });
    expect(ReceiptDocSchema.parse(doc)).toEqual(doc);
    const text = renderReceiptLines(doc).join('\n');
    for (const part of [
      '提货单',
      '30000007',
      'PO000123',
      '小程序',
      '张**',
      '138****1234',
      '2026-11-25 16:30:05',
      'S001-T03',
      '王*',
      '离线核销',
      '伊利纯牛奶',
      '￥169.50',
      '已逐件核对',
      '3/3',
      '代取人',
      '李四',
      '123X',
      '提货人签名',
    ])
      expect(text, part).toContain(part);
    expect(doc.blocks.at(-1)).toEqual({ t: 'cut' });
    expect(doc.blocks).toContainEqual({ t: 'barcode', data: '30000007', symbology: 'CODE128' });
  });

  it('fits 58 mm paper, CJK counted double', () => {
    const doc = buildPickupSlip(data, { storeName: '天河店', locale: 'zh-CN', width: 58 });
    for (const line of renderReceiptLines(doc)) expect(textWidth(line)).toBeLessThanOrEqual(columnsFor(58));
  });

  it('speaks English, marks a reprint, and says the customer collected in person', () => {
    const doc = buildPickupSlip(
      { ...data, collector: { kind: 'customer' }, offline: false, itemCheck: undefined as never },
      { storeName: 'Tianhe', locale: 'en', width: 80, reprint: true },
    );
    const text = renderReceiptLines(doc).join('\n');
    expect(text).toContain('STORE PICKUP SLIP');
    expect(text).toContain('REPRINT');
    expect(text).toContain('Collected by the customer');
    expect(text).not.toContain('offline');
    expect(text).not.toContain('Items checked');
  });
});

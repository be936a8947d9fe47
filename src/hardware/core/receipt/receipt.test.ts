import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Sale } from '../../../domain/model';
import { ReceiptDocSchema, type ReceiptBlock, type ReceiptDoc } from '../../../shared/receiptDoc';
import {
  buildSaleReceipt,
  columnsFor,
  formatFenPlain,
  formatKg,
  formatRate,
  formatReceiptTime,
  formatYuan,
  renderReceiptLines,
  textWidth,
  wrapText,
  type SaleReceiptContext,
} from './index';

const LONG_NAME = '农夫山泉饮用天然水550ml×24瓶整箱装家庭实惠特价促销装';

function sale(overrides: Partial<Sale> = {}): Sale {
  return {
    id: '0190f5b0-7c1a-7abc-8def-0123456789ab',
    receiptNo: 'S001-T03-20261125-0042',
    storeId: 'S001',
    terminalId: 'T03',
    cashierId: 'C007',
    businessDate: '2026-11-25',
    createdAt: '2026-11-25T08:30:05.000Z',
    lines: [
      {
        lineId: 'l1',
        productId: 'p1',
        barcode: '6907992500010',
        name: '伊利纯牛奶 250ml×24',
        nameEn: 'Yili Pure Milk 250ml x24',
        categoryId: 'dairy',
        unit: 'piece',
        qty: 2,
        unitPriceFen: 6980,
        amountFen: 13960,
        discountFen: 698,
        discounts: [{ kind: 'member', amountFen: 698, rateBp: 9500 }],
      },
      {
        lineId: 'l2',
        productId: 'p2',
        barcode: '2100230008392',
        name: '红富士苹果',
        nameEn: 'Fuji apples',
        categoryId: 'fruit',
        unit: 'kg',
        qty: 1,
        weightGrams: 525,
        unitPriceFen: 1598,
        amountFen: 839,
        discountFen: 0,
        discounts: [],
      },
      {
        lineId: 'l3',
        productId: 'p3',
        barcode: '6921168509256',
        name: LONG_NAME,
        nameEn: 'Nongfu Spring water 550ml x24 family value pack special offer',
        categoryId: 'drinks',
        unit: 'piece',
        qty: 1,
        unitPriceFen: 2990,
        amountFen: 2990,
        discountFen: 0,
        discounts: [],
      },
    ],
    tenders: [{ id: 't1', kind: 'cash', amountFen: 17090, tenderedFen: 20000, changeFen: 2910 }],
    totals: { itemCount: 4, grossFen: 17789, discountFen: 698, dueFen: 17091 },
    roundingFen: -1,
    changeFen: 2910,
    status: 'completed',
    ...overrides,
  };
}

const ctx = (over: Partial<SaleReceiptContext> = {}): SaleReceiptContext => ({
  storeName: '天河店',
  cashierName: '张*',
  locale: 'zh-CN',
  width: 80,
  qrData: 'R1:S001-T03-20261125-0042:17090:sig',
  ...over,
});

describe('textWidth', () => {
  it('counts ASCII as one column and Chinese, full-width and GBK symbols as two', () => {
    expect(textWidth('abc 12.80')).toBe(9);
    expect(textWidth('伊利')).toBe(4);
    expect(textWidth('￥')).toBe(2);
    expect(textWidth('×')).toBe(2);
    expect(textWidth('伊利纯牛奶 250ml×24')).toBe(10 + 1 + 5 + 2 + 2);
  });

  it('gives control and zero-width characters no width', () => {
    expect(textWidth('a\u001bb')).toBe(2);
    expect(textWidth('e\u0301')).toBe(1);
    expect(textWidth('a\u200bb')).toBe(2);
  });
});

describe('wrapText', () => {
  it('breaks Chinese anywhere and never exceeds the columns', () => {
    const lines = wrapText(LONG_NAME, 32);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join('')).toBe(LONG_NAME);
    for (const l of lines) expect(textWidth(l)).toBeLessThanOrEqual(32);
  });

  it('does not split a Latin word when a space allows a cleaner break', () => {
    expect(wrapText('Nongfu Spring water family pack', 16)).toEqual([
      'Nongfu Spring',
      'water family',
      'pack',
    ]);
  });

  it('keeps every line within the columns for any text (property)', () => {
    const char = fc.oneof(
      fc.constantFrom('伊', '利', '￥', '×', ' ', 'a', 'B', '9', '.', '\n', '\u001b', 'é'),
      fc.string({ unit: 'grapheme', maxLength: 1 }),
    );
    fc.assert(
      fc.property(fc.array(char, { maxLength: 120 }), fc.integer({ min: 2, max: 48 }), (chars, cols) => {
        for (const l of wrapText(chars.join(''), cols)) expect(textWidth(l)).toBeLessThanOrEqual(cols);
      }),
    );
  });
});

describe('money', () => {
  it('formats integer fen with two decimals and a full-width yuan sign', () => {
    expect(formatFenPlain(0)).toBe('0.00');
    expect(formatFenPlain(5)).toBe('0.05');
    expect(formatFenPlain(1280)).toBe('12.80');
    expect(formatFenPlain(-128)).toBe('-1.28');
    expect(formatFenPlain(123456)).toBe('1234.56');
    expect(formatYuan(1280)).toBe('\uFFE512.80');
    expect(formatYuan(-128)).toBe('-\uFFE51.28');
    expect(formatKg(525)).toBe('0.525');
    expect(formatKg(12050)).toBe('12.050');
  });

  it('refuses floats', () => {
    expect(() => formatFenPlain(12.8)).toThrow(RangeError);
    expect(() => formatKg(0.5)).toThrow(RangeError);
  });

  it('formats discount rates and store time', () => {
    expect(formatRate(9500, 'zh-CN')).toBe('95折');
    expect(formatRate(9000, 'zh-CN')).toBe('9折');
    expect(formatRate(8850, 'zh-CN')).toBe('88.5折');
    expect(formatRate(9500, 'en')).toBe('5% off');
    expect(formatReceiptTime('2026-11-25T16:30:05.000Z')).toBe('2026-11-26 00:30:05');
    expect(formatReceiptTime('not a time')).toBe('not a time');
  });
});

describe('buildSaleReceipt + renderReceiptLines', () => {
  for (const width of [58, 80] as const) {
    const cols = columnsFor(width);
    describe(`${width} mm (${cols} columns)`, () => {
      const doc = buildSaleReceipt(sale(), ctx({ width }));
      const lines = renderReceiptLines(doc);

      it('is a valid ReceiptDoc and no line is wider than the paper', () => {
        expect(ReceiptDocSchema.safeParse(doc).success).toBe(true);
        expect(lines.length).toBeGreaterThan(20);
        for (const l of lines) expect(textWidth(l)).toBeLessThanOrEqual(cols);
      });

      it('right-aligns amounts to the last column', () => {
        const amountLines = lines.filter((l) => /\d\.\d\d$/.test(l));
        expect(amountLines.length).toBeGreaterThanOrEqual(8);
        for (const l of amountLines) expect(textWidth(l)).toBe(cols);
        expect(lines).toContain(`  2 × 69.80${' '.repeat(cols - 12 - 6)}139.60`);
      });

      it('wraps a long product name over several lines, losing nothing', () => {
        const start = lines.findIndex((l) => l.startsWith('农夫山泉'));
        expect(start).toBeGreaterThan(0);
        const nameLines: string[] = [];
        for (let i = start; textWidth(nameLines.join('')) < textWidth(LONG_NAME); i++)
          nameLines.push(lines[i] ?? '');
        expect(nameLines.length).toBeGreaterThan(1);
        expect(nameLines.join('')).toBe(LONG_NAME);
      });

      it('prints totals with the full-width ￥ and never the half-width ¥', () => {
        const all = lines.join('\n');
        expect(all).not.toContain('\u00A5');
        expect(lines.find((l) => l.startsWith('应付'))).toMatch(/\uFFE5170\.90$/);
        expect(lines.find((l) => l.startsWith('现金舍入'))).toMatch(/-\uFFE50\.01$/);
        expect(lines.find((l) => l.startsWith('现金 '))).toMatch(/\uFFE5200\.00$/);
        expect(lines.find((l) => l.startsWith('找零'))).toMatch(/\uFFE529\.10$/);
      });

      it('shows weight and price per kg for weighed goods, and the discount with its rate', () => {
        expect(lines.some((l) => l.startsWith('  0.525kg × 15.98/kg') && l.endsWith('8.39'))).toBe(true);
        expect(lines.some((l) => l.startsWith('  会员价 95折') && l.endsWith('-6.98'))).toBe(true);
      });
    });
  }

  it('has header, QR, receipt barcode, thanks and ends with a cut', () => {
    const doc = buildSaleReceipt(sale(), ctx({ width: 58 }));
    const kinds = doc.blocks.map((b) => b.t);
    expect(doc.blocks[0]).toMatchObject({ t: 'text', text: '天河店', align: 'center', double: true });
    expect(doc.blocks.find((b) => b.t === 'qr')).toMatchObject({ data: ctx().qrData });
    expect(doc.blocks.find((b) => b.t === 'barcode')).toMatchObject({
      data: 'S001-T03-20261125-0042',
      symbology: 'CODE128',
    });
    expect(kinds.at(-1)).toBe('cut');
    const lines = renderReceiptLines(doc);
    expect(lines).toContain(`${' '.repeat(14)}[QR]`);
    expect(lines.some((l) => l.includes('[BARCODE]'))).toBe(true);
    expect(lines.some((l) => l.includes('2026-11-25 16:30:05'))).toBe(true);
    expect(lines.some((l) => l.trim() === '谢谢惠顾，欢迎再次光临')).toBe(true);
    expect(lines.join('\n')).not.toContain('** 重印 **');
  });

  it('marks a reprint, a voided sale and prints member points as provisional when unsynced', () => {
    const doc = buildSaleReceipt(
      sale({ status: 'voided' }),
      ctx({
        reprint: true,
        member: {
          label: '138****5678',
          tier: '金卡',
          pointsEarned: 170,
          pointsBalance: 2380,
          provisional: true,
        },
      }),
    );
    const lines = renderReceiptLines(doc);
    expect(lines.some((l) => l.trim() === '** 重印 **')).toBe(true);
    expect(lines.some((l) => l.trim() === '** 已作废 **')).toBe(true);
    expect(lines.some((l) => l.startsWith('会员') && l.endsWith('138****5678'))).toBe(true);
    expect(lines.some((l) => l.startsWith('积分余额') && l.endsWith('(待同步) 2380'))).toBe(true);
  });

  it('never prints a mobile auth code, and prints the transaction reference', () => {
    const doc = buildSaleReceipt(
      sale({
        tenders: [
          {
            id: 't',
            kind: 'wechat',
            amountFen: 17090,
            authCode: '134567890123456789',
            reference: '4200001234',
          },
        ],
        changeFen: 0,
      }),
      ctx({ locale: 'en' }),
    );
    const all = renderReceiptLines(doc).join('\n');
    expect(all).not.toContain('134567890123456789');
    expect(all).toMatch(/WeChat Pay +\uFFE5170\.90/);
    expect(all).toMatch(/Ref +4200001234/);
    expect(all).toContain('Yili Pure Milk');
    expect(all).not.toMatch(/\nChange/);
  });
});

describe('renderReceiptLines', () => {
  it('renders rules, feeds, alignment and double-size text at the paper width', () => {
    const doc: ReceiptDoc = {
      width: 58,
      blocks: [
        { t: 'rule', char: '=' },
        { t: 'text', text: 'AB', align: 'right' },
        { t: 'text', text: '大字', align: 'center', double: true },
        { t: 'feed', lines: 2 },
        { t: 'row', left: '', right: '9.99' },
        { t: 'cut' },
      ],
    };
    expect(renderReceiptLines(doc)).toEqual([
      '='.repeat(32),
      `${' '.repeat(30)}AB`,
      `${' '.repeat(12)}大字`,
      '',
      '',
      `${' '.repeat(28)}9.99`,
    ]);
  });

  it('puts an amount that does not fit beside its label on its own right-aligned line', () => {
    const lines = renderReceiptLines({
      width: 58,
      blocks: [{ t: 'row', left: '很长的商品名称很长的商品名称一二', right: '1234.56' }],
    });
    expect(lines).toEqual(['很长的商品名称很长的商品名称一二', `${' '.repeat(25)}1234.56`]);
  });

  it('strips control characters so text cannot smuggle printer commands', () => {
    const lines = renderReceiptLines({
      width: 80,
      blocks: [{ t: 'text', text: 'milk\u001bd\u0005\u001dV' }],
    });
    expect(lines).toEqual(['milkdV']);
  });

  it('keeps every line within the paper for any document (property)', () => {
    const text = fc.string({
      unit: fc.constantFrom('伊', '利', '￥', 'a', ' ', '1', '.', '×', '\n'),
      maxLength: 80,
    });
    const block: fc.Arbitrary<ReceiptBlock> = fc.oneof(
      fc.record({
        t: fc.constant('text' as const),
        text,
        align: fc.constantFrom('left' as const, 'center' as const, 'right' as const),
        double: fc.boolean(),
      }),
      fc.record({ t: fc.constant('row' as const), left: text, right: text }),
      fc.record({
        t: fc.constant('barcode' as const),
        data: fc.string({ minLength: 1, maxLength: 64 }),
        symbology: fc.constant('CODE128' as const),
      }),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(58 as const, 80 as const),
        fc.array(block, { maxLength: 12 }),
        (width, blocks) => {
          const cols = columnsFor(width);
          for (const l of renderReceiptLines({ width, blocks }))
            expect(textWidth(l)).toBeLessThanOrEqual(cols);
        },
      ),
    );
  });
});

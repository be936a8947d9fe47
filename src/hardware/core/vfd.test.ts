import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { idleView, type CustomerDisplayView } from '../../shared/customerDisplay';
import { textWidth } from './receipt/textWidth';
import { encodeAscii, fitColumns, VFD_COLS, vfdLines, vfdRow, vfdScreenBytes } from './vfd';

const line = (over: Partial<CustomerDisplayView['lines'][number]> = {}) => ({
  lineId: 'l1',
  name: '农夫山泉饮用天然水550ml',
  nameEn: 'Nongfu Spring 550ml',
  code: '6921168509256',
  qty: 1,
  unitPriceFen: 200,
  amountFen: 200,
  discountFen: 0,
  ...over,
});

function saleView(over: Partial<CustomerDisplayView> = {}): CustomerDisplayView {
  return {
    ...idleView('天河店', 'zh-CN', 3),
    phase: 'sale',
    lines: [line()],
    lastLineId: 'l1',
    itemCount: 1,
    dueFen: 200,
    ...over,
  };
}

describe('VFD rows', () => {
  it('are always exactly 20 columns, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.string({ maxLength: 30 }), (l, r) => {
        for (const cs of ['ascii', 'gb18030'] as const) {
          const row = vfdRow(l, r, cs);
          expect(textWidth(row)).toBe(VFD_COLS);
          if (cs === 'ascii') expect(row).toMatch(/^[\x20-\x7e]{20}$/);
        }
      }),
    );
  });

  it('never splits a double-width character', () => {
    expect(fitColumns('可口可乐', 5)).toBe('可口');
    // 13 columns left for the name: six characters fit, the seventh would need two more.
    expect(vfdRow('可口可乐汽水罐装', '￥3.50', 'gb18030')).toBe('可口可乐汽水  ￥3.50');
  });
});

describe('VFD screens', () => {
  it('gb18030: the line just scanned with its amount, over the total', () => {
    expect(vfdLines(saleView(), 'gb18030')).toEqual(['农夫山泉饮用  ￥2.00', '合计          ￥2.00']);
  });

  it('ascii: the English name or the code instead of Chinese, and no currency sign', () => {
    expect(vfdLines(saleView(), 'ascii')).toEqual(['Nongfu Spring 5 2.00', 'TOTAL           2.00']);
    const noEnglish = saleView({ lines: [line({ nameEn: '' })] });
    expect(vfdLines(noEnglish, 'ascii')[0]).toBe('6921168509256   2.00');
  });

  it('shows quantity and the discounted amount of the last changed line', () => {
    const view = saleView({
      lines: [
        line(),
        line({ lineId: 'l2', nameEn: 'Cola', name: '可乐', qty: 3, amountFen: 1050, discountFen: 50 }),
      ],
      lastLineId: 'l2',
      dueFen: 1200,
    });
    expect(vfdLines(view, 'ascii')).toEqual(['3x Cola        10.00', 'TOTAL          12.00']);
  });

  it('welcome when idle, thanks with the change after the sale', () => {
    expect(vfdLines(idleView('天河店', 'zh-CN'), 'gb18030')).toEqual([
      '      欢迎光临      ',
      '       天河店       ',
    ]);
    expect(vfdLines(idleView('天河店', 'zh-CN'), 'ascii')).toEqual(['      WELCOME       ', ' '.repeat(20)]);
    const thanks = saleView({ phase: 'thanks', paidFen: 5000, changeFen: 3000 });
    expect(vfdLines(thanks, 'gb18030')).toEqual(['      谢谢惠顾      ', '找零         ￥30.00']);
    expect(vfdLines({ ...thanks, changeFen: 0 }, 'ascii')).toEqual([
      '     THANK YOU      ',
      'PAID           50.00',
    ]);
    expect(vfdLines(saleView({ locale: 'en' }), 'gb18030')[1]).toBe('TOTAL         ￥2.00');
  });

  it('keeps control characters in names from reaching the display as commands', () => {
    const evil = saleView({ lines: [line({ name: 'A\x1b@\x0cB', nameEn: 'A\x1b@\x0cB' })] });
    for (const cs of ['ascii', 'gb18030'] as const) {
      const [top] = vfdLines(evil, cs);
      expect([...top].every((ch) => ch.charCodeAt(0) >= 0x20)).toBe(true);
      expect(top.startsWith('A@B')).toBe(true);
    }
  });
});

describe('VFD bytes', () => {
  it('positions the cursor on each row, then writes the row', () => {
    const bytes = vfdScreenBytes(['A'.padEnd(20), 'B'.padEnd(20)], encodeAscii);
    expect([...bytes.subarray(0, 5)]).toEqual([0x1f, 0x24, 1, 1, 0x41]);
    expect([...bytes.subarray(24, 29)]).toEqual([0x1f, 0x24, 1, 2, 0x42]);
    expect(bytes).toHaveLength(48);
  });

  it('the ASCII encoder never emits a control byte', () => {
    expect([...encodeAscii('a汉\x1b')]).toEqual([0x61, 0x3f, 0x3f]);
  });
});

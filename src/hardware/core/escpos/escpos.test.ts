import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeEscPos, EscPosDecoder } from '../../../../tests/hardware/escposDecoder';
import { demoReceiptDoc, demoSale } from '../../../../tests/hardware/receiptFixtures';
import type { ReceiptBlock, ReceiptDoc } from '../../../shared/receiptDoc';
import { columnsFor, renderReceiptLines } from '../receipt/render';
import { textWidth } from '../receipt/textWidth';
import {
  bitmapFromPattern,
  code128Commands,
  code128Modules,
  code128Payload,
  conditionToStatus,
  DEFAULT_LOGO,
  encodeDrawerKick,
  encodeGb18030,
  encodeReceipt,
  escpos,
  isStatusByte,
  parseStatusBytes,
  qrCommands,
  rasterCommand,
  statusBytesFor,
  withReprintMark,
} from './index';

const require = createRequire(import.meta.url);
const hex = (bytes: ArrayLike<number>) => Buffer.from(Array.from(bytes)).toString('hex');
const contains = (hay: Uint8Array, needle: number[]) => hex(hay).includes(hex(needle));

/** The preview lines the printer prints as text (graphics placeholders are the printer's own drawings). */
function textOnlyPreview(doc: ReceiptDoc): string[] {
  return renderReceiptLines({
    ...doc,
    blocks: doc.blocks.filter((b) => b.t !== 'qr' && b.t !== 'barcode' && b.t !== 'logo'),
  });
}

describe('encodeReceipt: a sale receipt decoded back', () => {
  for (const width of [58, 80] as const) {
    it(`prints at ${width} mm what the preview shows, with QR, barcode, logo and a cut`, () => {
      const doc = demoReceiptDoc(5, { width });
      const bytes = encodeReceipt(doc, { openDrawer: true });
      const [r, ...more] = decodeEscPos(bytes);
      expect(more).toEqual([]);
      expect(r!.unknown).toEqual([]);
      expect(r!.chinese).toBe(true);
      expect(r!.cut).toBe(true);
      expect(r!.drawerPulses).toBe(1);
      expect(r!.qr).toEqual([
        { data: 'S001-T03-20261125-0042|17090|签名', bytes: 29 + 6, size: 6, level: 'M', model: 2 },
      ]);
      expect(r!.barcodes).toEqual(['S001-T03-20261125-0042']);
      expect(r!.logos).toEqual([{ width: DEFAULT_LOGO.width, height: DEFAULT_LOGO.height }]);
      // Double-size lines are laid out at half the columns; every other line is the preview's, byte for byte.
      const doubled = new Set(r!.styled.filter((s) => s.double).map((s) => s.line.trim()));
      expect(doubled).toEqual(new Set(['天河店']));
      const preview = textOnlyPreview(doc).filter((l) => l.trim() !== '天河店');
      expect(r!.lines.filter((l) => l.trim() !== '天河店')).toEqual(preview);
      for (const l of r!.lines) expect(textWidth(l)).toBeLessThanOrEqual(columnsFor(width));
      expect(r!.lines.some((l) => /^应付 +￥\d+\.\d\d$/.test(l))).toBe(true);
      expect(r!.lines).toContain(`${' '.repeat(width === 80 ? 13 : 5)}谢谢惠顾，欢迎再次光临`);
    });
  }

  it('prints ￥ as A3 A4 and never the four-byte GB18030 ¥', () => {
    const bytes = encodeReceipt(demoReceiptDoc(3));
    expect(contains(bytes, [0xa3, 0xa4])).toBe(true);
    expect(contains(bytes, [0x81, 0x30, 0x84, 0x36])).toBe(false);
    expect(Array.from(encodeGb18030('¥12.80'))).toEqual([0xa3, 0xa4, ...Buffer.from('12.80')]);
  });

  it('starts with ESC @ and FS &, and kicks the drawer only when asked', () => {
    const doc = demoReceiptDoc(1);
    const plain = encodeReceipt(doc);
    expect(Array.from(plain.slice(0, 4))).toEqual([0x1b, 0x40, 0x1c, 0x26]);
    expect(contains(plain, [0x1b, 0x70])).toBe(false);
    expect(decodeEscPos(encodeReceipt(doc, { openDrawer: true }))[0]!.drawerPulses).toBe(1);
  });

  it('keeps a line of Chinese, ×, emoji and control characters to its counted width', () => {
    expect(Array.from(encodeGb18030('伊利×2'))).toEqual([0xd2, 0xc1, 0xc0, 0xfb, 0xa1, 0xc1, 0x32]);
    // No glyph for four-byte characters in a printer font: a full-width ？ keeps the two columns.
    expect(Array.from(encodeGb18030('a😀b'))).toEqual([0x61, 0xa3, 0xbf, 0x62]);
    expect(Array.from(encodeGb18030('milk\u001bd\u0005\u001dV\u0085'))).toEqual(
      Array.from(Buffer.from('milkdV')),
    );
  });

  it('decodes the same whatever the chunking (TCP and serial deliver bytes in pieces)', () => {
    const bytes = encodeReceipt(demoReceiptDoc(4));
    const whole = decodeEscPos(bytes);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 40 }), (sizes) => {
        const d = new EscPosDecoder();
        const events = [];
        let at = 0;
        for (let k = 0; at < bytes.length; k++) {
          const n = sizes[k % sizes.length]!;
          events.push(...d.push(bytes.slice(at, at + n)));
          at += n;
        }
        expect(d.leftover).toBe(0);
        expect(decodeEscPos(bytes)).toEqual(whole);
      }),
      { numRuns: 30 },
    );
  });

  it('prints any text, row and rule document exactly as the preview lays it out (property)', () => {
    const text = fc.string({
      unit: fc.constantFrom('伊', '利', '￥', '¥', 'a', ' ', '1', '.', '×', 'é'),
      maxLength: 60,
    });
    const block: fc.Arbitrary<ReceiptBlock> = fc.oneof(
      fc.record({
        t: fc.constant('text' as const),
        text,
        align: fc.constantFrom('left' as const, 'center' as const, 'right' as const),
        bold: fc.boolean(),
      }),
      fc.record({ t: fc.constant('row' as const), left: text, right: text }),
      fc.record({ t: fc.constant('rule' as const), char: fc.constantFrom('-' as const, '=' as const) }),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(58 as const, 80 as const),
        fc.array(block, { maxLength: 10 }),
        (width, blocks) => {
          const doc: ReceiptDoc = { width, blocks };
          const printed = decodeEscPos(encodeReceipt(doc))[0]!;
          // The preview shows ¥ as typed; paper shows the full-width ￥ in its place.
          expect(printed.lines).toEqual(renderReceiptLines(doc).map((l) => l.replaceAll('¥', '￥')));
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('QR: GS ( k, model 2', () => {
  it('stores the UTF-8 byte length + 3 in pL pH, so a Chinese payload is not cut short', () => {
    const data = '会员码:张三-138****5678';
    const utf8 = Buffer.from(data, 'utf8');
    expect(utf8.length).toBeGreaterThan(data.length);
    const cmd = qrCommands(data, { size: 5, level: 'Q' });
    const store = [0x1d, 0x28, 0x6b, (utf8.length + 3) & 0xff, (utf8.length + 3) >> 8, 49, 80, 48, ...utf8];
    expect(hex(cmd)).toContain(hex(store));
    expect(hex(cmd.slice(0, 9))).toBe('1d286b040031413200'); // model 2
    expect(hex(cmd.slice(-8))).toBe('1d286b0300315130'); // print
    const [r] = decodeEscPos(cmd);
    expect(r!.qr).toEqual([{ data, bytes: utf8.length, size: 5, level: 'Q', model: 2 }]);
  });

  it('uses the 16-bit length for payloads over 255 bytes', () => {
    const data = '积分'.repeat(100); // 600 bytes
    const cmd = qrCommands(data);
    expect(hex(cmd)).toContain(hex([0x1d, 0x28, 0x6b, 603 & 0xff, 603 >> 8, 49, 80, 48]));
    expect(decodeEscPos(cmd)[0]!.qr[0]!.data).toBe(data);
  });

  it('refuses what no QR code can hold and sizes out of range', () => {
    expect(() => qrCommands('x'.repeat(2332))).toThrow(RangeError);
    expect(() => qrCommands('x'.repeat(2332), { level: 'L' })).not.toThrow();
    expect(() => qrCommands('x', { size: 17 })).toThrow(RangeError);
    expect(() => qrCommands('')).toThrow(RangeError);
  });

  it('differs from escpos 3.0.0-alpha.6, which sends a non-Epson command and a character-count length', () => {
    const _ = require('escpos/commands.js') as { CODE2D_FORMAT: { TYPE_QR: string; CODE2D: string } };
    // GS Z / ESC Z is the QS printer dialect, not Epson's GS ( k.
    expect(_.CODE2D_FORMAT.TYPE_QR.startsWith('\x1dZ')).toBe(true);
    expect(hex(qrCommands('a'))).not.toContain(hex(Buffer.from(_.CODE2D_FORMAT.TYPE_QR, 'latin1')));
  });
});

describe('CODE128 (GS k 73)', () => {
  it('packs digit runs into set C and decodes back to the receipt number', () => {
    const payload = code128Payload('S001-T03-20261125-0042');
    expect(Buffer.from(payload.slice(0, 2)).toString()).toBe('{B');
    expect(payload).toContain(20);
    const [r] = decodeEscPos([0x1b, 0x40, ...code128Commands('S001-T03-20261125-0042', { paperDots: 384 })]);
    expect(r!.barcodes).toEqual(['S001-T03-20261125-0042']);
  });

  it('handles an odd digit run, a leading number and a literal brace', () => {
    for (const s of ['12345', '123456789', 'A{B}', '{{', 'x', '0042', 'S1-2-3']) {
      const [r] = decodeEscPos([0x1b, 0x40, ...code128Commands(s, { paperDots: 576 })]);
      expect(r!.barcodes, s).toEqual([s]);
    }
    expect(code128Payload('20261125').slice(0, 2)).toEqual([0x7b, 0x43]);
  });

  it('picks the widest module that fits the paper', () => {
    const text = 'S001-T03-20261125-0042';
    const modules = code128Modules(code128Payload(text));
    expect(modules).toBeLessThan(23 * 11 + 13); // set C made it narrower than all set B
    const width = (dots: number) => code128Commands(text, { paperDots: dots })[5];
    expect((modules + 20) * width(384)!).toBeLessThanOrEqual(384);
    expect((modules + 20) * width(576)!).toBeLessThanOrEqual(576);
    expect(width(576)).toBeGreaterThanOrEqual(2);
  });

  it('refuses characters CODE128 cannot carry', () => {
    expect(() => code128Payload('单号1')).toThrow(RangeError);
    expect(() => code128Payload('')).toThrow(RangeError);
  });
});

describe('DLE EOT status', () => {
  it('reads ready, offline, cover open, paper out, near end and errors', () => {
    expect(parseStatusBytes([0x12, 0x12, 0x12, 0x12])).toEqual({
      online: true,
      drawerPinHigh: false,
      coverOpen: false,
      paperOut: false,
      paperNearEnd: false,
      error: false,
    });
    expect(conditionToStatus(parseStatusBytes(statusBytesFor({})))).toEqual({ state: 'ready' });
    expect(conditionToStatus(parseStatusBytes(statusBytesFor({ paperOut: true })))).toEqual({
      state: 'paperOut',
    });
    expect(conditionToStatus(parseStatusBytes(statusBytesFor({ coverOpen: true })))).toMatchObject({
      state: 'coverOpen',
    });
    expect(conditionToStatus(parseStatusBytes(statusBytesFor({ paperNearEnd: true })))).toEqual({
      state: 'ready',
      paperNearEnd: true,
    });
    expect(conditionToStatus(parseStatusBytes(statusBytesFor({ online: false })))).toMatchObject({
      state: 'offline',
    });
    expect(conditionToStatus(parseStatusBytes(statusBytesFor({ error: true })))).toMatchObject({
      state: 'error',
    });
    // Only the paper sensor says "end": still paper out.
    expect(parseStatusBytes([0x12, 0x12, 0x12, 0x72]).paperOut).toBe(true);
  });

  it('refuses bytes that are not status answers', () => {
    expect(isStatusByte(0x16)).toBe(true);
    expect(isStatusByte(0x0a)).toBe(false);
    expect(() => parseStatusBytes([0x12, 0x12, 0x12])).toThrow(/4 status bytes/);
    expect(() => parseStatusBytes([0x12, 0x12, 0x12, 0x80])).toThrow(/not a status byte/);
  });

  it('agrees bit for bit with escpos statuses.js, which gets the bit meanings right', () => {
    const statuses = require('escpos/statuses.js') as Record<
      string,
      new (b: number) => { toJSON(): { statuses: { status: string; label: string }[] } }
    >;
    const labels = (cls: string, b: number) =>
      new statuses[cls]!(b)
        .toJSON()
        .statuses.filter((s) => s.status === 'error')
        .map((s) => s.label)
        .join('|');
    for (let b = 0; b < 256; b++) {
      if (!isStatusByte(b)) continue;
      const c = parseStatusBytes([b, b, b, b]);
      expect(labels('PrinterStatus', b).includes('Offline'), `printer ${b}`).toBe(!c.online);
      expect(labels('OfflineCauseStatus', b).includes('Cover is open'), `offline ${b}`).toBe(c.coverOpen);
    }
  });

  it('asks with DLE EOT n, as escpos does', () => {
    expect(escpos.statusQuery(4)).toEqual([0x10, 0x04, 4]);
  });
});

describe('drawer, logo, reprint', () => {
  it('kicks pin 2 with the same pulse as escpos CD_KICK_2', () => {
    const _ = require('escpos/commands.js') as { CASH_DRAWER: { CD_KICK_2: string } };
    expect(hex(escpos.drawerKick())).toBe(Buffer.from(_.CASH_DRAWER.CD_KICK_2, 'latin1').toString('hex'));
    const [r] = decodeEscPos(encodeDrawerKick());
    expect(r!.drawerPulses).toBe(1);
    expect(r!.lines).toEqual([]);
  });

  it('rasters a bitmap with GS v 0, one bit per dot', () => {
    const bmp = bitmapFromPattern(['#.#', '.#.'], 4);
    expect([bmp.width, bmp.height]).toEqual([12, 8]);
    const cmd = rasterCommand(bmp);
    expect(cmd.slice(0, 8)).toEqual([0x1d, 0x76, 0x30, 0, 2, 0, 8, 0]);
    expect(cmd[8]).toBe(0b11110000);
    expect(cmd[9]).toBe(0b11110000);
    expect(() => rasterCommand({ width: 8, height: 1, bits: new Uint8Array(2) })).toThrow(RangeError);
  });

  it('marks a reprint on paper once, whoever built the document', () => {
    const doc: ReceiptDoc = { width: 58, blocks: [{ t: 'text', text: '提货单' }, { t: 'cut' }] };
    const marked = withReprintMark(doc);
    expect(decodeEscPos(encodeReceipt(marked))[0]!.lines[0]).toContain('重印 REPRINT');
    expect(withReprintMark(marked)).toBe(marked);
    const sale = demoReceiptDoc(1, { reprint: true });
    expect(withReprintMark(sale)).toBe(sale);
    expect(demoSale(1).receiptNo).toBe('S001-T03-20261125-0042');
  });
});

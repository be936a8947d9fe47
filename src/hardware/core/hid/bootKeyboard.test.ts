import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BootKeyboardDecoder } from './bootKeyboard';
import { encodeKeyboardReports, isKeyboardTypable } from './encode';
import { AutoDecoder } from './autoDecoder';
import { encodePosReports } from './encode';

/** One boot report per line of an 8-byte hex dump (as read from /dev/hidrawN). */
function reports(dump: string): Uint8Array[] {
  return dump
    .trim()
    .split('\n')
    .map(
      (line) =>
        new Uint8Array(
          line
            .trim()
            .split(/\s+/)
            .map((b) => parseInt(b, 16)),
        ),
    );
}

function feed(
  d: { push(r: Uint8Array, at: number): { scans: { code: string }[]; problems: string[] } },
  rs: Uint8Array[],
  at = 0,
) {
  const codes: string[] = [];
  const problems: string[] = [];
  rs.forEach((r, i) => {
    const out = d.push(r, at + i * 2);
    codes.push(...out.scans.map((s) => s.code));
    problems.push(...out.problems);
  });
  return { codes, problems };
}

// A Zebra DS2208 in USB keyboard mode reading EAN-8 96385074 with an Enter suffix: press, release per key.
const EAN8_KEYS = reports(`
00 00 26 00 00 00 00 00
00 00 00 00 00 00 00 00
00 00 23 00 00 00 00 00
00 00 00 00 00 00 00 00
00 00 20 00 00 00 00 00
00 00 00 00 00 00 00 00
00 00 25 00 00 00 00 00
00 00 00 00 00 00 00 00
00 00 22 00 00 00 00 00
00 00 00 00 00 00 00 00
00 00 27 00 00 00 00 00
00 00 00 00 00 00 00 00
00 00 24 00 00 00 00 00
00 00 00 00 00 00 00 00
00 00 21 00 00 00 00 00
00 00 00 00 00 00 00 00
00 00 28 00 00 00 00 00
00 00 00 00 00 00 00 00
`);

// A generic Chinese scanner reading Code 128 "Ab-1" with left shift for A, the report repeated (it sends
// each state twice), then keypad Enter.
const SHIFTED_REPEATED = reports(`
02 00 04 00 00 00 00 00
02 00 04 00 00 00 00 00
00 00 00 00 00 00 00 00
00 00 00 00 00 00 00 00
00 00 05 00 00 00 00 00
00 00 05 00 00 00 00 00
00 00 00 00 00 00 00 00
00 00 2d 00 00 00 00 00
00 00 00 00 00 00 00 00
00 00 1e 00 00 00 00 00
00 00 00 00 00 00 00 00
00 00 58 00 00 00 00 00
00 00 00 00 00 00 00 00
`);

// A fast scanner with rollover reading "12" (2 pressed before 1 is released), a GS1 group separator as
// Ctrl+], and right shift for "Z".
const ROLLOVER_GS_SHIFT = reports(`
00 00 1e 00 00 00 00 00
00 00 1e 1f 00 00 00 00
00 00 1f 00 00 00 00 00
00 00 00 00 00 00 00 00
01 00 30 00 00 00 00 00
00 00 00 00 00 00 00 00
20 00 1d 00 00 00 00 00
00 00 00 00 00 00 00 00
00 00 28 00 00 00 00 00
00 00 00 00 00 00 00 00
`);

describe('boot keyboard decoder', () => {
  it('decodes a recorded keyboard-mode scan ended by Enter', () => {
    expect(feed(new BootKeyboardDecoder(), EAN8_KEYS)).toEqual({ codes: ['96385074'], problems: [] });
  });

  it('applies shift, types repeated reports once, and ends on keypad Enter', () => {
    expect(feed(new BootKeyboardDecoder(), SHIFTED_REPEATED)).toEqual({ codes: ['Ab-1'], problems: [] });
  });

  it('handles rollover, Ctrl+] as the GS1 separator and right shift', () => {
    expect(feed(new BootKeyboardDecoder(), ROLLOVER_GS_SHIFT)).toEqual({
      codes: ['12\x1dZ'],
      problems: [],
    });
  });

  it('reads 9-byte numbered reports and ignores error-rollover reports', () => {
    const d = new BootKeyboardDecoder();
    const rs = encodeKeyboardReports('A1', { reportId: 1 });
    rs.splice(1, 0, new Uint8Array([1, 0, 0, 1, 1, 1, 1, 1, 1]));
    expect(feed(d, rs)).toEqual({ codes: ['A1'], problems: [] });
  });

  it('drops a scan that lost its Enter and reads the next one', () => {
    const d = new BootKeyboardDecoder();
    const half = encodeKeyboardReports('123').slice(0, 4);
    feed(d, half, 0);
    expect(d.pending).toBe(true);
    const next = feed(d, encodeKeyboardReports('456'), 10_000);
    expect(next.codes).toEqual(['456']);
    expect(next.problems[0]).toMatch(/"12" dropped/);
  });

  it('reports keys it cannot type and a report that is too short', () => {
    const d = new BootKeyboardDecoder();
    expect(d.push(new Uint8Array([0, 0, 0x3a, 0, 0, 0, 0, 0]), 0).problems[0]).toMatch(/0x3a/);
    expect(d.push(new Uint8Array([0, 0, 4]), 1).problems[0]).toMatch(/too short/);
  });

  it('round-trips any typable code, with repeated reports and rollover', () => {
    const typable = fc
      .array(fc.constantFrom(...[...Array(95).keys()].map((i) => String.fromCharCode(32 + i)), '\x1d'), {
        minLength: 1,
        maxLength: 80,
        size: 'medium',
      })
      .map((cs) => cs.join(''))
      .filter((s) => [...s].every(isKeyboardTypable));
    fc.assert(
      fc.property(
        typable,
        fc.boolean(),
        fc.boolean(),
        fc.option(fc.constant(1)),
        (code, repeat, rollover, id) => {
          const rs = encodeKeyboardReports(code, { repeat, rollover, ...(id ? { reportId: id } : {}) });
          expect(feed(new BootKeyboardDecoder(), rs)).toEqual({ codes: [code], problems: [] });
        },
      ),
    );
  });
});

describe('auto decoder', () => {
  it('tells keyboard reports from HID POS reports by their size', () => {
    const kb = new AutoDecoder();
    expect(feed(kb, encodeKeyboardReports('6901234567892')).codes).toEqual(['6901234567892']);
    expect(kb.detected).toBe('keyboard');
    const pos = new AutoDecoder();
    expect(feed(pos, encodePosReports('6901234567892', { aim: ']E0' })).codes).toEqual(['6901234567892']);
    expect(pos.detected).toBe('pos');
    expect(new AutoDecoder().push(new Uint8Array(20), 0).problems[0]).toMatch(/20-byte/);
  });
});

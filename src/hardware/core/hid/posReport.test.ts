import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PosReportDecoder } from './posReport';
import { encodePosReports } from './encode';
import { symbologyFromAim } from './symbology';

/** Hex dump (as from `hexdump` of /dev/hidrawN) to bytes, zero padded to a 64-byte report. */
function hex(dump: string, size = 64): Uint8Array {
  const bytes = dump
    .trim()
    .split(/\s+/)
    .map((b) => parseInt(b, 16));
  const r = new Uint8Array(size);
  r.set(bytes);
  return r;
}

/** Bytes at a fixed position of a 64-byte report: the trailer (code id, reserved, continuation). */
function withTrailer(r: Uint8Array, codeId: number, continued: boolean): Uint8Array {
  r[61] = codeId;
  r[63] = continued ? 1 : 0;
  return r;
}

// Honeywell Voyager 1450g in HID POS mode reading EAN-13 6901234567892 (伊利 milk), report id 2,
// 13 data bytes, AIM ']E0', code id 'd' (0x64).
const EAN13_REPORT = withTrailer(hex('02 0d 5d 45 30 36 39 30 31 32 33 34 35 36 37 38 39 32'), 0x64, false);

// The same scanner reading a 70-character member QR code: 56 bytes with "more follows", then 14 bytes.
const QR_LONG = 'MT1.eyJtIjoiTTAwMDAwMTIzNDUiLCJ0IjoxNzM1Njg5NjAwfQ.c2lnbmF0dXJlLXNpZ24';
const QR_REPORT_1 = withTrailer(
  hex(
    '02 38 5d 51 31 4d 54 31 2e 65 79 4a 74 49 6a 6f 69 54 54 41 77 4d 44 41 77 4d 54 49 7a 4e 44 55 69 4c 43 ' +
      '4a 30 49 6a 6f 78 4e 7a 4d 31 4e 6a 67 35 4e 6a 41 77 66 51 2e 63 32 6c 6e 62',
  ),
  0x73,
  true,
);
const QR_REPORT_2 = withTrailer(hex('02 0e 5d 51 31 6d 46 30 64 58 4a 6c 4c 58 4e 70 5a 32 34'), 0x73, false);

// A Newland engine with GB18030 output reading a QR with 提货 (pickup) in it: cc e1 bb f5 is 提货.
const GB_REPORT = withTrailer(hex('02 0a 5d 51 31 cc e1 bb f5 50 4b 2d 31 32 33'), 0, false);

// GS1-128 (01) GTIN, (10) batch ABC, GS (0x1d), (17) expiry 261231; AIM ']C1', code id 'j'.
const GS1_REPORT = withTrailer(
  hex(
    '02 1e 5d 43 31 30 31 30 36 39 30 31 32 33 34 35 36 37 38 39 32 31 30 41 42 43 1d 31 37 32 36 31 32 33 31',
  ),
  0x6a,
  false,
);

describe('HID POS report decoder', () => {
  it('decodes a recorded EAN-13 report with its symbology', () => {
    const d = new PosReportDecoder();
    expect(d.push(EAN13_REPORT, 1000)).toEqual({
      scans: [{ code: '6901234567892', symbology: 'ean13', at: 1000 }],
      problems: [],
    });
    expect(d.pending).toBe(false);
  });

  it('reassembles a code spread over reports with the continuation flag', () => {
    const d = new PosReportDecoder();
    expect(d.push(QR_REPORT_1, 10).scans).toEqual([]);
    expect(d.pending).toBe(true);
    expect(d.push(QR_REPORT_2, 14).scans).toEqual([{ code: QR_LONG, symbology: 'qr', at: 14 }]);
  });

  it('reads GB18030 Chinese and keeps the GS1 group separator', () => {
    const d = new PosReportDecoder();
    expect(d.push(GB_REPORT, 1).scans[0]?.code).toBe('提货PK-123');
    expect(d.push(GS1_REPORT, 2).scans[0]).toEqual({
      code: '010690123456789210ABC\x1d17261231',
      symbology: 'gs1-128',
      at: 2,
    });
  });

  it('reads a device without numbered reports (63 bytes)', () => {
    const d = new PosReportDecoder();
    const [r] = encodePosReports('4006381333931', { aim: ']E0', withReportId: false });
    expect(r).toHaveLength(63);
    expect(d.push(r!, 5).scans).toEqual([{ code: '4006381333931', symbology: 'ean13', at: 5 }]);
  });

  it('drops a half scan whose next chunk never came (unplugged mid-scan) and reads the next one', () => {
    const d = new PosReportDecoder();
    d.push(QR_REPORT_1, 0);
    const out = d.push(EAN13_REPORT, 5000);
    expect(out.scans).toEqual([{ code: '6901234567892', symbology: 'ean13', at: 5000 }]);
    expect(out.problems[0]).toMatch(/partial HID POS scan of 56 bytes dropped/);
  });

  it('refuses a report whose length byte lies, ignores other report ids and empty reports', () => {
    const d = new PosReportDecoder();
    const bad = EAN13_REPORT.slice();
    bad[1] = 57;
    expect(d.push(bad, 1)).toEqual({ scans: [], problems: [expect.stringMatching(/57 data bytes/)] });
    const status = EAN13_REPORT.slice();
    status[0] = 0x04;
    expect(d.push(status, 2)).toEqual({ scans: [], problems: [] });
    expect(d.push(hex('02 00'), 3)).toEqual({ scans: [], problems: [] });
    expect(d.push(new Uint8Array([2, 1]), 4).problems[0]).toMatch(/too short/);
    expect(d.push(EAN13_REPORT, 5).scans).toHaveLength(1);
  });

  it('strips a CR LF suffix the scanner was set to add', () => {
    const d = new PosReportDecoder();
    const [r] = encodePosReports('6901234567892\r\n', { aim: ']E0' });
    expect(d.push(r!, 1).scans[0]?.code).toBe('6901234567892');
  });

  it('round-trips any code through reports, whatever its length and script', () => {
    // Any script, and long ASCII codes that span many reports (up to the 512 characters a scan may have).
    const code = fc
      .oneof(
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 200, size: 'large' }),
        fc.string({ unit: 'grapheme-ascii', minLength: 50, maxLength: 512, size: 'max' }),
      )
      .filter((s) => s.length > 0 && !s.includes('\0') && !/[\r\n]$/.test(s) && s.length <= 512);
    fc.assert(
      fc.property(code, fc.constantFrom(']E0', ']Q1', ']C1', ']d2', '\0\0\0'), (c, aim) => {
        const d = new PosReportDecoder();
        const scans = encodePosReports(c, { aim }).flatMap((r, i) => d.push(r, 100 + i).scans);
        expect(scans).toEqual([
          {
            code: c,
            at: 100 + Math.ceil(new TextEncoder().encode(c).length / 56) - 1,
            ...(symbologyFromAim(aim) ? { symbology: symbologyFromAim(aim) } : {}),
          },
        ]);
      }),
    );
  });
});

describe('AIM symbology', () => {
  it('names the identifiers the till cares about and passes others on', () => {
    expect(symbologyFromAim(']E0')).toBe('ean13');
    expect(symbologyFromAim(']E4')).toBe('ean8');
    expect(symbologyFromAim(']C0')).toBe('code128');
    expect(symbologyFromAim(']Q1')).toBe('qr');
    expect(symbologyFromAim(']X0')).toBe(']X0');
    expect(symbologyFromAim('\0\0\0')).toBeUndefined();
  });
});

// Scanners in HID POS mode (usage page 0x8C, "Scanned Data Report"). The layout Honeywell, Newland and the
// generic engines use, one 64-byte input report per chunk:
//   [0]      report id 0x02 (absent when the device numbers no reports: then everything shifts by one)
//   [1]      number of data bytes in this report, 0..56
//   [2..4]   AIM symbology identifier, e.g. ']E0'
//   [5..60]  up to 56 data bytes, zero padded
//   [61]     vendor code id (Honeywell 'd' = EAN-13), [62] reserved
//   [63]     bit 0: more data follows in the next report (codes longer than 56 bytes)
import { decodeScannedBytes, stripLineEnd } from './text';
import { symbologyFromAim } from './symbology';
import type { HidScanDecoder, HidDecodeOutput } from './types';

export const HID_POS_USAGE_PAGE = 0x8c;
export const POS_REPORT_ID = 0x02;
export const POS_DATA_BYTES = 56;
/** Report size without the report id byte. */
export const POS_REPORT_BODY = 63;
/** A scan's chunks arrive within a few ms; an older partial scan belongs to a scanner that was unplugged. */
export const POS_CHUNK_GAP_MS = 1000;
/** ScanEvent codes are at most 512 characters; 4 bytes each at worst. */
const MAX_SCAN_BYTES = 2048;
const MAX_SCAN_CHARS = 512;

interface Partial {
  bytes: number[];
  aim: string;
  lastAt: number;
}

export class PosReportDecoder implements HidScanDecoder {
  readonly mode = 'pos' as const;
  private partial: Partial | null = null;

  get pending(): boolean {
    return this.partial !== null;
  }

  reset(): void {
    this.partial = null;
  }

  push(report: Uint8Array, at: number): HidDecodeOutput {
    const out: HidDecodeOutput = { scans: [], problems: [] };
    let offset: number;
    if (report.length >= POS_REPORT_BODY + 1) {
      // Another report id (a status or vendor report on the same interface) is no scan.
      if (report[0] !== POS_REPORT_ID) return out;
      offset = 1;
    } else {
      offset = 0;
    }
    const length = report[offset] ?? 0;
    if (report.length < offset + 4) {
      out.problems.push(`HID POS report too short (${report.length} bytes)`);
      return out;
    }
    if (length > POS_DATA_BYTES || report.length < offset + 4 + length) {
      out.problems.push(`HID POS report says ${length} data bytes in a ${report.length}-byte report`);
      this.dropPartial(out, 'a malformed report followed');
      return out;
    }
    const aim = String.fromCharCode(
      report[offset + 1] ?? 0,
      report[offset + 2] ?? 0,
      report[offset + 3] ?? 0,
    );
    const data = report.subarray(offset + 4, offset + 4 + length);
    const flagIndex = offset + POS_REPORT_BODY - 1;
    const continued = report.length > flagIndex && ((report[flagIndex] ?? 0) & 0x01) === 1;

    if (this.partial && at - this.partial.lastAt > POS_CHUNK_GAP_MS) {
      this.dropPartial(out, `its next chunk came ${at - this.partial.lastAt} ms later`);
    }
    if (!this.partial) {
      // Some engines send an empty report after a scan: nothing to do.
      if (length === 0 && !continued) return out;
      this.partial = { bytes: [], aim, lastAt: at };
    }
    const partial = this.partial;
    for (const b of data) partial.bytes.push(b);
    partial.lastAt = at;
    if (partial.bytes.length > MAX_SCAN_BYTES) {
      this.dropPartial(out, `it is longer than ${MAX_SCAN_BYTES} bytes`);
      return out;
    }
    if (continued) return out;

    this.partial = null;
    const code = stripLineEnd(decodeScannedBytes(Uint8Array.from(partial.bytes)));
    if (code.length === 0) return out;
    if (code.length > MAX_SCAN_CHARS || code.includes('\0')) {
      out.problems.push(`HID POS scan refused: ${code.length} characters or a NUL in it`);
      return out;
    }
    const symbology = symbologyFromAim(partial.aim);
    out.scans.push(symbology ? { code, symbology, at } : { code, at });
    return out;
  }

  private dropPartial(out: HidDecodeOutput, why: string): void {
    if (!this.partial) return;
    out.problems.push(`partial HID POS scan of ${this.partial.bytes.length} bytes dropped: ${why}`);
    this.partial = null;
  }
}

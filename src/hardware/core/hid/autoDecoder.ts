// For an interface whose usage page the driver did not tell (older libusb builds report 0): the first
// report's size says what the scanner speaks. Boot keyboard reports are 8 bytes (9 with a report id),
// HID POS reports 63 (64 with the id).
import { BOOT_REPORT_BYTES, BootKeyboardDecoder } from './bootKeyboard';
import { POS_REPORT_BODY, PosReportDecoder } from './posReport';
import type { HidDecodeOutput, HidScanDecoder } from './types';

export class AutoDecoder implements HidScanDecoder {
  readonly mode = 'auto' as const;
  private inner: HidScanDecoder | null = null;

  /** What the reports turned out to be, once one arrived. */
  get detected(): 'pos' | 'keyboard' | null {
    return this.inner ? (this.inner.mode as 'pos' | 'keyboard') : null;
  }

  get pending(): boolean {
    return this.inner?.pending ?? false;
  }

  reset(): void {
    this.inner?.reset();
  }

  push(report: Uint8Array, at: number): HidDecodeOutput {
    if (!this.inner) {
      if (report.length >= POS_REPORT_BODY) this.inner = new PosReportDecoder();
      else if (report.length === BOOT_REPORT_BYTES || report.length === BOOT_REPORT_BYTES + 1)
        this.inner = new BootKeyboardDecoder();
      else return { scans: [], problems: [`unrecognised ${report.length}-byte HID report ignored`] };
    }
    return this.inner.push(report, at);
  }
}

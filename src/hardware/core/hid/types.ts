// What every HID report decoder gives back: finished scans, and problems for the log (never thrown: a bad
// report from a flaky scanner must not stop the next good one).
export interface HidScan {
  code: string;
  symbology?: string;
  /** Epoch ms of the report that finished the scan. */
  at: number;
}

export interface HidDecodeOutput {
  scans: HidScan[];
  problems: string[];
}

export interface HidScanDecoder {
  readonly mode: 'pos' | 'keyboard' | 'auto';
  /** True while a scan is half read (chunks or keys without the end yet). */
  readonly pending: boolean;
  push(report: Uint8Array, at: number): HidDecodeOutput;
  /** Forget a half-read scan (the device went away). */
  reset(): void;
}

// Scanner report decoding, shared by the node-hid adapter (main process) and the fakes.
import { AutoDecoder } from './autoDecoder';
import { BootKeyboardDecoder } from './bootKeyboard';
import { PosReportDecoder } from './posReport';
import type { HidScanDecoder } from './types';

export { AutoDecoder } from './autoDecoder';
export { BootKeyboardDecoder, US_LAYOUT, KEY_ENTER } from './bootKeyboard';
export { PosReportDecoder, HID_POS_USAGE_PAGE, POS_DATA_BYTES } from './posReport';
export { symbologyFromAim } from './symbology';
export type { HidScan, HidDecodeOutput, HidScanDecoder } from './types';

export type HidScannerMode = 'pos' | 'keyboard' | 'unknown';

/** Generic desktop page, keyboard usage: what a keyboard-mode scanner's interface says it is. */
export const USAGE_PAGE_GENERIC_DESKTOP = 0x01;
export const USAGE_KEYBOARD = 0x06;

/** The interface's usage page and usage, as the driver reports them, to the mode of its reports. */
export function scannerModeOf(
  usagePage: number | undefined,
  usage: number | undefined,
): HidScannerMode | null {
  if (usagePage === 0x8c) return 'pos';
  if (usagePage === USAGE_PAGE_GENERIC_DESKTOP && usage === USAGE_KEYBOARD) return 'keyboard';
  // Unknown to the driver: read the first report to tell.
  if (usagePage === undefined || usagePage === 0) return 'unknown';
  return null; // a mouse, a touch screen, a vendor channel: not a scan source
}

export function decoderFor(mode: HidScannerMode): HidScanDecoder {
  if (mode === 'pos') return new PosReportDecoder();
  if (mode === 'keyboard') return new BootKeyboardDecoder();
  return new AutoDecoder();
}

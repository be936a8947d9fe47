// The ESC/POS commands the till uses, as bytes (Epson's reference; the Chinese printers sold with tills follow it).
// Each builder validates its range, since an out-of-range byte becomes a different command on paper.

export const ESC = 0x1b;
export const GS = 0x1d;
export const FS = 0x1c;
export const DLE = 0x10;
export const EOT = 0x04;
export const LF = 0x0a;

function byte(n: number, what: string, min = 0, max = 255): number {
  if (!Number.isInteger(n) || n < min || n > max)
    throw new RangeError(`${what} must be ${min}..${max}, got ${n}`);
  return n;
}

/** ESC @: back to power-on settings, so a half-finished earlier job cannot change this one. */
export const init = (): number[] => [ESC, 0x40];

/** FS &: Chinese (double-byte) mode, so GB18030 pairs print as one glyph instead of two Latin-1 characters. */
export const chineseMode = (): number[] => [FS, 0x26];

export type Align = 'left' | 'center' | 'right';
/** ESC a n. */
export const align = (a: Align): number[] => [ESC, 0x61, a === 'left' ? 0 : a === 'center' ? 1 : 2];

/** ESC E n. */
export const bold = (on: boolean): number[] => [ESC, 0x45, on ? 1 : 0];

/** GS ! n: double width and height (0x11) or normal; it applies to Chinese glyphs as well. */
export const doubleSize = (on: boolean): number[] => [GS, 0x21, on ? 0x11 : 0x00];

/** ESC d n: print and feed n lines. */
export const feedLines = (n: number): number[] => [ESC, 0x64, byte(n, 'feed lines')];

/** GS V 66 n: feed to the cutter (plus n motion units) and cut partially, leaving a hinge the customer tears. */
export const cut = (n = 3): number[] => [GS, 0x56, 0x42, byte(n, 'cut feed')];

/**
 * ESC p m t1 t2: a pulse on the drawer connector (pin 2 = m 0, pin 5 = m 1), on for t1 x 2 ms, off for t2 x 2 ms.
 * 50 ms on and 500 ms off open every drawer we know without cooking the solenoid.
 */
export const drawerKick = (pin: 2 | 5 = 2, onMs = 50, offMs = 500): number[] => [
  ESC,
  0x70,
  pin === 2 ? 0 : 1,
  byte(Math.round(onMs / 2), 'drawer on time', 1),
  byte(Math.round(offMs / 2), 'drawer off time', 1),
];

/** DLE EOT n: real-time status (1 printer, 2 offline cause, 3 error cause, 4 roll paper sensor); one byte back. */
export const statusQuery = (n: 1 | 2 | 3 | 4): number[] => [DLE, EOT, n];

/** All four status queries, answered by four bytes in this order. */
export const STATUS_QUERIES = [1, 2, 3, 4] as const;

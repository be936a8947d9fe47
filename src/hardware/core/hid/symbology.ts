// AIM symbology identifiers (ISO/IEC 15424: ']' + code character + modifier) to the names the till uses.
// An identifier we do not know is passed on as it is, so nothing is lost for the log or a later rule.
const BY_CODE_CHAR: Record<string, string | ((modifier: string) => string)> = {
  A: 'code39',
  C: (m) => (m === '1' ? 'gs1-128' : 'code128'),
  E: (m) => (m === '4' ? 'ean8' : 'ean13'),
  F: 'codabar',
  G: 'code93',
  I: 'itf',
  L: 'pdf417',
  Q: 'qr',
  d: (m) => (m === '2' ? 'gs1-datamatrix' : 'datamatrix'),
  e: 'gs1-databar',
  z: 'aztec',
};

/** ']E0' -> 'ean13'; undefined when the bytes are no AIM identifier (some scanners send zeros). */
export function symbologyFromAim(aim: string): string | undefined {
  if (aim.length !== 3 || aim[0] !== ']') return undefined;
  const rule = BY_CODE_CHAR[aim[1] ?? ''];
  if (rule === undefined) return aim;
  return typeof rule === 'string' ? rule : rule(aim[2] ?? '');
}

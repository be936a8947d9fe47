// Scanned bytes to text. Scanners send ASCII for 1D codes and either UTF-8 or GB18030 (the Chinese default
// of many engines) for QR payloads; the bytes carry no label, so UTF-8 is tried first: GB18030 text is almost
// never valid UTF-8, while UTF-8 text would decode as GB18030 garbage.
const utf8 = new TextDecoder('utf-8', { fatal: true });
let gb18030: TextDecoder | null | undefined;

function gbDecoder(): TextDecoder | null {
  if (gb18030 === undefined) {
    try {
      gb18030 = new TextDecoder('gb18030', { fatal: true });
    } catch {
      gb18030 = null; // a runtime without full ICU
    }
  }
  return gb18030;
}

export function decodeScannedBytes(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    // not UTF-8
  }
  const gb = gbDecoder();
  if (gb) {
    try {
      return gb.decode(bytes);
    } catch {
      // not GB18030 either
    }
  }
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return s;
}

/** A scanner configured with a CR or CR LF suffix in HID POS mode: the suffix is not part of the code. */
export function stripLineEnd(s: string): string {
  return s.replace(/[\r\n]+$/, '');
}

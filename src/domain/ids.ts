// UUIDv7 (RFC 9562): 48-bit Unix ms timestamp, version 7, 12 random bits, variant 10, 62 random bits.
// The clock and the random bytes come from the caller, so ids are reproducible in tests.

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const MAX_MS = 2 ** 48 - 1;

function bytesToUuid(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) s += '-';
    s += HEX[b[i] ?? 0];
  }
  return s;
}

function writeTimestamp(b: Uint8Array, nowMs: number): void {
  // 48 bits do not fit a 32-bit shift: split into high 16 and low 32.
  const high = Math.floor(nowMs / 2 ** 32);
  const low = nowMs % 2 ** 32;
  b[0] = (high >>> 8) & 0xff;
  b[1] = high & 0xff;
  b[2] = (low >>> 24) & 0xff;
  b[3] = (low >>> 16) & 0xff;
  b[4] = (low >>> 8) & 0xff;
  b[5] = low & 0xff;
}

/** A UUIDv7 string (lower case) from a timestamp in ms and at least 10 random bytes. */
export function uuidv7(nowMs: number, random: Uint8Array): string {
  if (!Number.isInteger(nowMs) || nowMs < 0 || nowMs > MAX_MS)
    throw new RangeError(`nowMs out of range: ${nowMs}`);
  if (random.length < 10) throw new RangeError('uuidv7 needs at least 10 random bytes');
  const b = new Uint8Array(16);
  writeTimestamp(b, nowMs);
  b[6] = 0x70 | ((random[0] ?? 0) & 0x0f);
  b[7] = random[1] ?? 0;
  b[8] = 0x80 | ((random[2] ?? 0) & 0x3f);
  for (let i = 0; i < 7; i++) b[9 + i] = random[3 + i] ?? 0;
  return bytesToUuid(b);
}

const UUIDV7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

export function isUuidv7(s: string): boolean {
  return typeof s === 'string' && UUIDV7.test(s);
}

/** The ms timestamp inside a UUIDv7, or null for anything else. */
export function uuidv7Timestamp(s: string): number | null {
  if (!isUuidv7(s)) return null;
  return parseInt(s.slice(0, 8) + s.slice(9, 13), 16);
}

/**
 * A generator whose ids are strictly increasing even when the clock stalls or steps back (NTP,
 * a manual clock change on the till): then it keeps the last timestamp and counts up the random bits.
 */
export function createUuidv7Generator(deps: {
  now: () => number;
  randomBytes: (n: number) => Uint8Array;
}): () => string {
  let lastMs = -1;
  let last: Uint8Array | null = null; // the 10 "random" bytes behind the last id
  return () => {
    const nowMs = deps.now();
    let rnd: Uint8Array;
    let ms: number;
    if (last !== null && nowMs <= lastMs) {
      ms = lastMs;
      rnd = increment(last);
      if (rnd === last) {
        // 74 bits exhausted within one ms: borrow the next ms.
        ms = lastMs + 1;
        rnd = deps.randomBytes(10);
      }
    } else {
      ms = nowMs;
      rnd = deps.randomBytes(10);
    }
    // Keep only the bits that land in the id, so increments carry correctly.
    const kept = Uint8Array.from(rnd.subarray(0, 10));
    kept[0] = (kept[0] ?? 0) & 0x0f;
    kept[2] = (kept[2] ?? 0) & 0x3f;
    lastMs = ms;
    last = kept;
    return uuidv7(ms, kept);
  };
}

/** +1 over the 74 id bits (12 in bytes 0-1, 62 in bytes 2-9); the same array back on overflow. */
function increment(prev: Uint8Array): Uint8Array {
  const next = Uint8Array.from(prev);
  const limits = [0x0f, 0xff, 0x3f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff];
  // Carry order, least significant first: bytes 9..3, byte 2 (6 bits), byte 1, byte 0 (4 bits).
  for (let i = 9; i >= 0; i--) {
    const limit = limits[i] ?? 0xff;
    const v = next[i] ?? 0;
    if (v < limit) {
      next[i] = v + 1;
      return next;
    }
    next[i] = 0;
  }
  return prev;
}

// Staff PINs travel from the CRM only as a salted slow hash, `pbkdf2-sha256$<iterations>$<salt>$<hash>`
// (base64, 32-byte hash), so a till can check a PIN offline with WebCrypto and a stolen cache gives no PIN
// cheaply. Deriving the hash is I/O-free but asynchronous (crypto.subtle): that part lives in src/offline/staff.

export const PIN_HASH_SCHEME = 'pbkdf2-sha256';
export const DEFAULT_PIN_ITERATIONS = 100_000;
/** Below this a hash is refused: a 4-digit PIN space is tiny, the work factor is all the protection there is. */
export const MIN_PIN_ITERATIONS = 1_000;
export const PIN_HASH_BYTES = 32;

export interface PinHash {
  iterations: number;
  salt: Uint8Array;
  hash: Uint8Array;
}

/** What a PIN may look like: 4 to 8 digits (a touch keypad types nothing else). */
export const PIN_PATTERN = /^\d{4,8}$/;

export function isPinFormat(pin: string): boolean {
  return PIN_PATTERN.test(pin);
}

/** A weak new PIN: one repeated digit or a straight run (1234, 9876). Demo PINs are weak on purpose. */
export function isWeakPin(pin: string): boolean {
  if (!isPinFormat(pin)) return true;
  const d = [...pin].map(Number);
  const same = d.every((x) => x === d[0]);
  const up = d.every((x, i) => i === 0 || x === (d[i - 1]! + 1) % 10);
  const down = d.every((x, i) => i === 0 || x === (d[i - 1]! + 9) % 10);
  return same || up || down;
}

export function base64ToBytes(b64: string): Uint8Array | null {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 !== 0) return null;
  try {
    const bin = atob(b64);
    return Uint8Array.from(bin, (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

export function bytesToBase64(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

/** The parts of an encoded PIN hash, or null when it is not one this till can check. */
export function parsePinHash(encoded: string): PinHash | null {
  const parts = encoded.split('$');
  if (parts.length !== 4 || parts[0] !== PIN_HASH_SCHEME) return null;
  if (!/^\d{1,9}$/.test(parts[1]!)) return null;
  const iterations = Number(parts[1]);
  const salt = base64ToBytes(parts[2]!);
  const hash = base64ToBytes(parts[3]!);
  if (iterations < MIN_PIN_ITERATIONS || !salt || salt.length < 8 || !hash || hash.length !== PIN_HASH_BYTES)
    return null;
  return { iterations, salt, hash };
}

export function formatPinHash(p: PinHash): string {
  return `${PIN_HASH_SCHEME}$${p.iterations}$${bytesToBase64(p.salt)}$${bytesToBase64(p.hash)}`;
}

/** Compares every byte whatever the first difference, so timing says nothing about how close a guess was. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  let diff = a.length ^ b.length;
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

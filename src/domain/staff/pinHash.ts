// Staff PIN verifiers travel from the CRM to the till, which checks a PIN offline against them. A stolen till
// holds them, so they must make an offline search of the PIN space expensive (docs/decisions/0046):
// - `argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<hash>` (base64, 32-byte hash): memory-hard, what the
//   CRM writes now; its cost travels in the string, so it can be raised later without a format change;
// - `pbkdf2-sha256$<iterations>$<salt>$<hash>`: the old format, still checked so existing verifiers keep
//   working until the CRM rewrites them (a migration path, never written again).
// Deriving is I/O-free but asynchronous (WebCrypto, WebAssembly): that part lives in ./pinKdf.ts.

export const PIN_HASH_SCHEME = 'pbkdf2-sha256';
export const ARGON2_SCHEME = 'argon2id';
export const ARGON2_VERSION = 19;
export const DEFAULT_PIN_ITERATIONS = 100_000;
/** Below this a hash is refused: a 4-digit PIN space is tiny, the work factor is all the protection there is. */
export const MIN_PIN_ITERATIONS = 1_000;
export const PIN_HASH_BYTES = 32;

export interface Argon2Params {
  /** Memory in KiB. */
  memoryKiB: number;
  /** Passes over the memory. */
  iterations: number;
  /** Lanes. */
  parallelism: number;
}

/**
 * The production cost: 64 MiB, 2 passes, one lane, about a quarter second on a till (measured in
 * `npm run bench`, recorded in docs/decisions/0046-stolen-till.md). Raise it here; old verifiers keep theirs.
 */
export const DEFAULT_ARGON2: Argon2Params = { memoryKiB: 65_536, iterations: 2, parallelism: 1 };
/** Tests only: the floor a till still accepts, about a millisecond. Never a default. */
export const TEST_ARGON2: Argon2Params = { memoryKiB: 1_024, iterations: 1, parallelism: 1 };
/** Below these a verifier is refused (a CRM or a cache writing a trivially cheap one is broken or hostile). */
export const MIN_ARGON2: Argon2Params = TEST_ARGON2;
/** Above these too: a verifier must not make a till allocate gigabytes or spin for minutes. */
export const MAX_ARGON2: Argon2Params = { memoryKiB: 1_048_576, iterations: 64, parallelism: 8 };

export type PinHash =
  | { scheme: 'pbkdf2-sha256'; iterations: number; salt: Uint8Array; hash: Uint8Array }
  | ({ scheme: 'argon2id'; salt: Uint8Array; hash: Uint8Array } & Argon2Params);

/** What a PIN may look like: 4 to 8 digits (a touch keypad types nothing else). */
export const PIN_PATTERN = /^\d{4,8}$/;

export function isPinFormat(pin: string): boolean {
  return PIN_PATTERN.test(pin);
}

/** Managers approve refunds, voids and cash: their PINs have at least 6 digits (a million, not ten thousand). */
export const MIN_MANAGER_PIN_DIGITS = 6;

/** Why a PIN may not be set for a role, or null when it may (4-8 digits; a manager's at least 6). */
export function pinPolicyError(pin: string, role: string): 'format' | 'managerTooShort' | null {
  if (!isPinFormat(pin)) return 'format';
  if (role === 'manager' && pin.length < MIN_MANAGER_PIN_DIGITS) return 'managerTooShort';
  return null;
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

function inRange(p: Argon2Params): boolean {
  return (
    p.memoryKiB >= MIN_ARGON2.memoryKiB &&
    p.memoryKiB <= MAX_ARGON2.memoryKiB &&
    p.iterations >= MIN_ARGON2.iterations &&
    p.iterations <= MAX_ARGON2.iterations &&
    p.parallelism >= MIN_ARGON2.parallelism &&
    p.parallelism <= MAX_ARGON2.parallelism &&
    p.memoryKiB >= 8 * p.parallelism
  );
}

/** The parts of an encoded PIN verifier, or null when it is not one this till can check. */
export function parsePinHash(encoded: string): PinHash | null {
  const parts = encoded.split('$');
  if (parts[0] === ARGON2_SCHEME) {
    if (parts.length !== 5 || parts[1] !== `v=${ARGON2_VERSION}`) return null;
    const m = /^m=(\d{1,8}),t=(\d{1,3}),p=(\d{1,2})$/.exec(parts[2]!);
    if (!m) return null;
    const params = { memoryKiB: Number(m[1]), iterations: Number(m[2]), parallelism: Number(m[3]) };
    const salt = base64ToBytes(parts[3]!);
    const hash = base64ToBytes(parts[4]!);
    if (!inRange(params) || !salt || salt.length < 8 || !hash || hash.length !== PIN_HASH_BYTES) return null;
    return { scheme: ARGON2_SCHEME, ...params, salt, hash };
  }
  if (parts.length !== 4 || parts[0] !== PIN_HASH_SCHEME) return null;
  if (!/^\d{1,9}$/.test(parts[1]!)) return null;
  const iterations = Number(parts[1]);
  const salt = base64ToBytes(parts[2]!);
  const hash = base64ToBytes(parts[3]!);
  if (iterations < MIN_PIN_ITERATIONS || !salt || salt.length < 8 || !hash || hash.length !== PIN_HASH_BYTES)
    return null;
  return { scheme: PIN_HASH_SCHEME, iterations, salt, hash };
}

export function formatPinHash(p: PinHash): string {
  if (p.scheme === ARGON2_SCHEME)
    return `${ARGON2_SCHEME}$v=${ARGON2_VERSION}$m=${p.memoryKiB},t=${p.iterations},p=${p.parallelism}$${bytesToBase64(p.salt)}$${bytesToBase64(p.hash)}`;
  return `${PIN_HASH_SCHEME}$${p.iterations}$${bytesToBase64(p.salt)}$${bytesToBase64(p.hash)}`;
}

/** True for a verifier in the old PBKDF2 format (the CRM should rewrite it at the next PIN change). */
export function isLegacyPinHash(encoded: string): boolean {
  return encoded.startsWith(`${PIN_HASH_SCHEME}$`);
}

/** Compares every byte whatever the first difference, so timing says nothing about how close a guess was. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  let diff = a.length ^ b.length;
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

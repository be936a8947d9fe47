// Deriving and checking staff PIN verifiers (./pinHash.ts has the format). argon2id runs in hash-wasm's
// WebAssembly build (the same code in the till's renderer, in Node tests and at the CRM); the legacy PBKDF2
// verifiers are checked with WebCrypto. Asynchronous: never call these inside a Dexie transaction.
import { argon2id } from 'hash-wasm';
import {
  constantTimeEqual,
  DEFAULT_ARGON2,
  formatPinHash,
  parsePinHash,
  PIN_HASH_BYTES,
  type Argon2Params,
} from './pinHash';

export async function deriveArgon2id(pin: string, salt: Uint8Array, p: Argon2Params): Promise<Uint8Array> {
  return argon2id({
    password: pin,
    salt,
    memorySize: p.memoryKiB,
    iterations: p.iterations,
    parallelism: p.parallelism,
    hashLength: PIN_HASH_BYTES,
    outputType: 'binary',
  });
}

export async function derivePbkdf2(pin: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const subtle = globalThis.crypto.subtle;
  const key = await subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveBits']);
  const bits = await subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: salt as Uint8Array<ArrayBuffer>, iterations },
    key,
    PIN_HASH_BYTES * 8,
  );
  return new Uint8Array(bits);
}

/** A fresh argon2id verifier of a PIN, with a random 16-byte salt (CRM seed and PIN changes, demo tills, tests). */
export async function makePinVerifier(
  pin: string,
  params: Argon2Params = DEFAULT_ARGON2,
  salt?: Uint8Array,
): Promise<string> {
  const s = salt ?? globalThis.crypto.getRandomValues(new Uint8Array(16));
  return formatPinHash({
    scheme: 'argon2id',
    ...params,
    salt: s,
    hash: await deriveArgon2id(pin, s, params),
  });
}

/** True when `pin` matches; false for a wrong PIN and for a verifier this till cannot read. */
export async function checkPinVerifier(pin: string, encoded: string): Promise<boolean> {
  const parsed = parsePinHash(encoded);
  if (!parsed) return false;
  try {
    const got =
      parsed.scheme === 'argon2id'
        ? await deriveArgon2id(pin, parsed.salt, parsed)
        : await derivePbkdf2(pin, parsed.salt, parsed.iterations);
    return constantTimeEqual(got, parsed.hash);
  } catch {
    return false; // WebAssembly refused (a CSP without 'wasm-unsafe-eval') or out of memory: no login, no throw
  }
}

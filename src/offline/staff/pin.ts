// PIN hashing and checking through WebCrypto's PBKDF2 (browsers and Node 20 alike), against the CRM's
// `pbkdf2-sha256$...` hashes. Asynchronous: never call it inside a Dexie transaction (it would commit early).
import {
  constantTimeEqual,
  DEFAULT_PIN_ITERATIONS,
  formatPinHash,
  parsePinHash,
  PIN_HASH_BYTES,
} from '../../domain/staff/pinHash';

async function derive(pin: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const subtle = globalThis.crypto.subtle;
  const key = await subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveBits']);
  const bits = await subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: salt as Uint8Array<ArrayBuffer>, iterations },
    key,
    PIN_HASH_BYTES * 8,
  );
  return new Uint8Array(bits);
}

/** A fresh salted hash of a PIN (demo staff on a till without a CRM; tests). */
export async function hashPin(pin: string, iterations = DEFAULT_PIN_ITERATIONS): Promise<string> {
  const salt = new Uint8Array(16);
  globalThis.crypto.getRandomValues(salt);
  return formatPinHash({ iterations, salt, hash: await derive(pin, salt, iterations) });
}

/** True when `pin` matches; false for a wrong PIN and for a hash this till cannot read. */
export async function verifyPin(pin: string, encoded: string): Promise<boolean> {
  const parsed = parsePinHash(encoded);
  if (!parsed) return false;
  const got = await derive(pin, parsed.salt, parsed.iterations);
  return constantTimeEqual(got, parsed.hash);
}

// PIN verifiers on the till (docs/decisions/0034, 0046): new ones argon2id, old PBKDF2 ones still checked.
// Asynchronous: never call these inside a Dexie transaction (it would commit early).
import { DEFAULT_ARGON2, type Argon2Params } from '../../domain/staff/pinHash';
import { checkPinVerifier, makePinVerifier } from '../../domain/staff/pinKdf';

/** A fresh argon2id verifier of a PIN (demo staff on a till without a CRM; tests pass a low cost). */
export async function hashPin(pin: string, params: Argon2Params = DEFAULT_ARGON2): Promise<string> {
  return makePinVerifier(pin, params);
}

/** True when `pin` matches; false for a wrong PIN and for a verifier this till cannot read. */
export async function verifyPin(pin: string, encoded: string): Promise<boolean> {
  return checkPinVerifier(pin, encoded);
}

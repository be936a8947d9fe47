// Ids made by the CRM itself (issues, seed rows): UUIDv7 from the domain generator, with Node's randomness.
import { randomBytes } from 'node:crypto';
import { createUuidv7Generator } from '../src/domain/ids';
import { sha256Hex } from '../src/domain/hash';

export const newId: () => string = createUuidv7Generator({
  now: () => Date.now(),
  randomBytes: (n) => randomBytes(n),
});

/** An unguessable bearer token (credential, enrollment code). */
export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** Secrets are stored only as their hash. */
export function hashSecret(secret: string): string {
  return sha256Hex(secret);
}

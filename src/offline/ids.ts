// Ids made on this terminal: UUIDv7, so they sort by creation time and never need the CRM to be unique.
import { uuidv7 } from '../domain/ids';

/** A fresh UUIDv7 from the wall clock and the platform's CSPRNG (browsers and Node 20 both have it). */
export function newId(nowMs: number = Date.now()): string {
  const random = new Uint8Array(16);
  globalThis.crypto.getRandomValues(random);
  return uuidv7(nowMs, random);
}

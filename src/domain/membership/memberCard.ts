// Member card numbers on a till (docs/decisions/0046): a till keeps no full card number. Its member cache and the
// member stream carry the card's hash (to match a scan: the scanned number is hashed the same way) and its last
// 4 digits (to show, 'M******1234'). The card space is small (9 digits and a check digit), so the hash slows a
// thief little on its own; what protects the rest of the chain is that a till holds only its own store's
// recently active members, within a cap.
import { sha256Hex } from '../hash';

/** Hex SHA-256 of a card number under a fixed label (so it matches no other hash of the same digits). */
export function memberCardHash(cardNo: string): string {
  return sha256Hex(`store-terminal/member-card/v1:${cardNo.trim().toUpperCase()}`);
}

export function memberCardLast4(cardNo: string): string {
  return cardNo.trim().slice(-4);
}

/** 'M1000000134' -> 'M******0134': what a cashier sees and what a till may keep. */
export function maskMemberCard(cardNoOrLast4: string): string {
  const last4 = cardNoOrLast4.trim().slice(-4);
  return `M******${last4}`;
}

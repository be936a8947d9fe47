// A staff badge (工牌) carries `SB1.<employee number>.<secret>` as a barcode or QR. The CRM sends only the
// badge's SHA-256 with the staff record, so a till checks a scanned badge offline; a lost badge is replaced
// by a new secret at the CRM. The secret is long and random, so a fast hash is enough (unlike a 4-digit PIN).
import { sha256Hex } from '../hash';

export const STAFF_BADGE_PREFIX = 'SB1.';
const BADGE = /^SB1\.([A-Za-z0-9_-]{1,32})\.([A-Z0-9]{12,40})$/;

export function parseStaffBadge(code: string): { staffId: string; code: string } | null {
  const m = BADGE.exec(code.trim());
  return m ? { staffId: m[1]!, code: m[0] } : null;
}

/** What the CRM stores and sends for a badge: hex SHA-256 of the whole code. */
export function staffBadgeHash(code: string): string {
  return sha256Hex(code.trim());
}

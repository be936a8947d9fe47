// What a refused PIN or badge check says to the person at the till.
import type { StaffCheck } from '../../../offline/staff';
import { msg, type UiMessage } from '../../app/uiMessage';

export function checkFailureMessage(
  r: Extract<StaffCheck, { ok: false }>,
  purpose: 'login' | 'unlock' | 'approval',
): UiMessage {
  const id = r.staff?.id ?? '';
  switch (r.reason) {
    case 'unknown':
      return msg('staff.error.unknown');
    case 'inactive':
      return msg('staff.error.inactive', { id });
    case 'wrongPin':
      return msg('staff.error.wrongPin', { n: r.remaining ?? 0 });
    case 'locked': {
      const minutes = r.lockedUntil
        ? Math.max(1, Math.ceil((Date.parse(r.lockedUntil) - Date.now()) / 60_000))
        : 15;
      return msg(r.lockedNow ? 'staff.error.lockedNow' : 'staff.error.locked', { id, minutes });
    }
    case 'notAllowed':
      return msg(
        purpose === 'approval'
          ? 'staff.error.notManager'
          : purpose === 'unlock'
            ? 'staff.error.notThisCashier'
            : 'staff.error.roleNotAllowed',
        { id },
      );
    case 'badBadge':
      return msg('staff.error.badBadge');
  }
}

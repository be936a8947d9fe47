// How sync facts read on screen: ages in the largest whole unit, errors by what the cashier can do about them.
import type { SyncError } from '../../../offline/sync';
import { msg, type UiMessage } from '../../app/uiMessage';

export function ageMessage(fromIso: string, nowMs: number): UiMessage {
  const s = Math.max(0, Math.floor((nowMs - Date.parse(fromIso)) / 1000));
  if (s < 60) return msg('sync.age.s', { n: s });
  if (s < 3600) return msg('sync.age.m', { n: Math.floor(s / 60) });
  if (s < 86_400) return msg('sync.age.h', { n: Math.floor(s / 3600) });
  return msg('sync.age.d', { n: Math.floor(s / 86_400) });
}

export function errorMessage(e: SyncError): UiMessage {
  if (e.code === 'network') return msg('sync.error.network');
  if (e.code === 'timeout') return msg('sync.error.timeout');
  if (e.code === 'not-enrolled') return msg('sync.error.notEnrolled');
  if (e.kind === 'badAnswer') return msg('sync.error.badAnswer');
  if (e.kind === 'local') return msg('sync.error.local');
  if (e.status !== undefined) return msg('sync.error.http', { status: e.status });
  return msg('sync.error.other', { code: e.code });
}

/** A till clock this far off the CRM's is shown as wrong (the CRM flags sales stamped 5 minutes ahead). */
export const CLOCK_WARN_MS = 3 * 60_000;

/**
 * "The till's clock is N minutes fast/slow" when the CRM's clock differs by more than CLOCK_WARN_MS, else null.
 * offsetMs is the CRM's clock minus the till's: positive means the till is slow.
 */
export function clockSkewMessage(offsetMs: number | null | undefined): UiMessage | null {
  if (offsetMs === null || offsetMs === undefined || Math.abs(offsetMs) <= CLOCK_WARN_MS) return null;
  const minutes = Math.round(Math.abs(offsetMs) / 60_000);
  const dir = offsetMs < 0 ? 'fast' : 'slow';
  if (minutes < 120) return msg(`sync.clock.${dir}.m`, { n: minutes });
  const hours = Math.round(minutes / 60);
  if (hours < 48) return msg(`sync.clock.${dir}.h`, { n: hours });
  return msg(`sync.clock.${dir}.d`, { n: Math.round(hours / 24) });
}

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

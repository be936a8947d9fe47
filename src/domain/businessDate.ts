// The business date is the store's calendar day, not the UTC one: a sale at 01:30 in Shanghai is
// still 17:30 UTC of the day before. Stores open past midnight can move the day's start.

import type { BusinessDate, IsoTime } from './model';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // en-CA with numeric parts; read through formatToParts so the locale's order does not matter.
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * yyyy-mm-dd of an instant in the store's time zone. dayStartMinutes (e.g. 240 for 04:00) counts
 * sales before that hour to the previous business day. Throws RangeError on a time that is not an
 * ISO-8601 instant with a zone, or an unknown time zone.
 */
export function businessDateOf(
  isoTimeUtc: IsoTime,
  timeZone = 'Asia/Shanghai',
  dayStartMinutes = 0,
): BusinessDate {
  if (typeof isoTimeUtc !== 'string' || !ISO_WITH_ZONE.test(isoTimeUtc))
    throw new RangeError(`not an ISO instant: ${isoTimeUtc}`);
  const ms = Date.parse(isoTimeUtc);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO instant: ${isoTimeUtc}`);
  if (!Number.isInteger(dayStartMinutes) || dayStartMinutes < 0 || dayStartMinutes >= 24 * 60) {
    throw new RangeError(`dayStartMinutes must be 0..1439: ${dayStartMinutes}`);
  }
  const parts = formatterFor(timeZone).formatToParts(new Date(ms - dayStartMinutes * 60_000));
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

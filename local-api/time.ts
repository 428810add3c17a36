/**
 * Timestamps the way the real backend prints them: Python `datetime.isoformat()` of an
 * asyncpg `timestamptz`, i.e. `2026-02-16T14:03:48.512345+00:00`, microseconds only when
 * non-zero, never a `Z` suffix.
 */

/** Converts Postgres' text output of a timestamptz (`2026-02-16 14:03:48.5123+00`) to Python isoformat. */
export function pgTimestampToIso(text: string): string {
  const match = /^(\d{4,}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?([+-]\d{2})(?::?(\d{2}))?(?::?(\d{2}))?$/.exec(text);
  if (!match) return text;
  const [, date, time, fraction, offsetHours, offsetMinutes] = match;
  const micros = (fraction ?? '').padEnd(6, '0');
  const fractionPart = /^0+$/.test(micros) ? '' : `.${micros}`;
  return `${date}T${time}${fractionPart}${offsetHours}:${offsetMinutes ?? '00'}`;
}

/** Go's RFC 3339 (nano) rendering used by GoTrue: `2026-02-16T14:03:48.512345Z`. */
export function isoToGoTime(iso: string | null): string | null {
  if (iso === null) return null;
  const match = /^(.*T\d{2}:\d{2}:\d{2})(?:\.(\d+))?\+00:00$/.exec(iso);
  if (!match) return iso;
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  return `${match[1]}${fraction ? `.${fraction}` : ''}Z`;
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

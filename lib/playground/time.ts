// Times in the Playground: entered and shown in the user's time zone, sent as UTC with `Z`.
// Pure: the time zone is the runtime's (Intl), so tests can run under any TZ.

/** `2026-02-16T14:00:00Z` (no fraction when it is zero). */
export function toUtcZ(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The value of an `<input type="datetime-local" step="1">` for a UTC time, in local time. */
export function localInputValue(utc: string): string {
  const ms = Date.parse(utc);
  if (Number.isNaN(ms)) return '';
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** A datetime-local value (local wall time) as UTC with `Z`; '' when empty or unreadable. */
export function utcFromLocalInput(value: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?/.exec(value);
  if (!m) return '';
  const [, y, mo, d, h, mi, s] = m;
  const ms = new Date(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0)).getTime();
  return Number.isNaN(ms) ? '' : toUtcZ(ms);
}

/** The user's time zone, e.g. `America/Los_Angeles`. */
export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'local time';
}

/** A server time (`+00:00`, `Z`, or a candle bucket without offset = UTC) shown in local time with its zone. */
export function showLocal(time: string | null | undefined): string {
  if (!time) return '—';
  const iso = /[zZ]|[+-]\d{2}:?\d{2}$/.test(time) || /^\d{4}-\d{2}-\d{2}$/.test(time) ? time : `${time}Z`;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return time;
  if (/^\d{4}-\d{2}-\d{2}$/.test(time)) return time;
  return new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'short' }).format(ms);
}

/** Milliseconds of a server time, UTC when it has no offset; NaN when unreadable. */
export function serverTimeMs(time: string): number {
  if (/^\d{4}-\d{2}-\d{2}$/.test(time)) return Date.parse(`${time}T00:00:00Z`);
  return Date.parse(/[zZ]|[+-]\d{2}:?\d{2}$/.test(time) ? time : `${time}Z`);
}

// "Try an example": a valid request for a market the search returned (never a hard-coded ticker),
// inside the market's range of data.
import type { EndpointSpec } from '../api/data-endpoints';
import { serverTimeMs, toUtcZ } from './time';
import type { SearchHit } from './types';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** First and last instant with data: exact times from GET /markets, whole UTC days from the playground search. */
function range(hit: SearchHit): { first: number; last: number } | null {
  if (!hit.first) return null;
  const first = serverTimeMs(hit.first);
  if (Number.isNaN(first)) return null;
  const dayOnly = /^\d{4}-\d{2}-\d{2}$/.test(hit.first);
  const lastRaw = hit.last ? serverTimeMs(hit.last) : NaN;
  const last = Number.isNaN(lastRaw) ? first : dayOnly && hit.last && /^\d{4}-\d{2}-\d{2}$/.test(hit.last) ? lastRaw + DAY - 1000 : lastRaw;
  return { first, last: Math.max(first, last) };
}

/** Form values for `spec` with this market; null when the market has no range of data. */
export function exampleValues(spec: EndpointSpec, hit: SearchHit): Record<string, string> | null {
  const values: Record<string, string> = {};
  const r = range(hit);
  for (const field of spec.fields) {
    if (field.kind === 'ticker') values[field.name] = field.name === 'event_ticker' ? (hit.eventTicker ?? '') : hit.ticker;
  }
  if (spec.id === 'settlements' && hit.eventTicker) values.event_ticker = hit.eventTicker;
  if (spec.id === 'event' && !hit.eventTicker) return null;
  const times = spec.fields.some((f) => f.kind === 'datetime');
  if (!times) return values;
  if (!r) return null;
  if (spec.id === 'orderbook') {
    // The middle of the range: after the first snapshot, so the book exists.
    values.timestamp = toUtcZ(Math.floor((r.first + (r.last - r.first) / 2) / 60_000) * 60_000);
    values.depth = '10';
  } else {
    const start = Math.floor(r.first / 1000) * 1000;
    const end = Math.min(start + DAY, Math.max(r.last + 1000, start + HOUR));
    values.start_time = toUtcZ(start);
    values.end_time = toUtcZ(end);
    if (spec.id === 'candles') values.interval = '1h';
    else values.limit = '100';
  }
  return values;
}

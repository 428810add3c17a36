// Times in the Playground (entered and shown in the user's zone, sent as UTC with Z) and "Try an
// example" (a valid request inside the found market's range). Runs in any TZ; `npm run test:tz`
// runs it in America/Los_Angeles.
import { describe, expect, it } from 'vitest';
import { endpointById } from '@/lib/api/data-endpoints';
import { checkParams } from '@/lib/api/data-request';
import { exampleValues } from '@/lib/playground/example';
import { localInputValue, serverTimeMs, showLocal, toUtcZ, utcFromLocalInput } from '@/lib/playground/time';
import type { SearchHit } from '@/lib/playground/types';

describe('time', () => {
  it('a local datetime-local value round-trips through UTC with Z', () => {
    const utc = '2026-02-16T14:05:09Z';
    const local = localInputValue(utc);
    expect(local).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    expect(utcFromLocalInput(local)).toBe(utc);
    // The local value is the wall time of this zone.
    const d = new Date(Date.parse(utc));
    expect(Number(local.slice(11, 13))).toBe(d.getHours());
  });

  it('rejects what it cannot read', () => {
    expect(utcFromLocalInput('')).toBe('');
    expect(utcFromLocalInput('soon')).toBe('');
    expect(localInputValue('garbage')).toBe('');
  });

  it('reads server times: +00:00, a candle bucket without offset (UTC), a bare date', () => {
    expect(serverTimeMs('2026-02-16T14:00:00+00:00')).toBe(Date.UTC(2026, 1, 16, 14));
    expect(serverTimeMs('2026-02-16T14:00:00')).toBe(Date.UTC(2026, 1, 16, 14));
    expect(serverTimeMs('2026-02-16')).toBe(Date.UTC(2026, 1, 16));
    expect(toUtcZ(Date.UTC(2026, 1, 16, 14))).toBe('2026-02-16T14:00:00Z');
    expect(showLocal(null)).toBe('—');
    expect(showLocal('2026-02-16')).toBe('2026-02-16');
    expect(showLocal('2026-02-16T14:00:00')).toMatch(/2026/);
  });
});

describe('Try an example', () => {
  const days: SearchHit = { ticker: 'KXA', title: 'A', eventTicker: 'EA', first: '2026-02-16', last: '2026-02-17' };
  const exact: SearchHit = { ticker: 'KXB', title: 'B', eventTicker: null, first: '2026-02-16T14:00:00+00:00', last: '2026-02-16T18:40:00+00:00' };

  it('fills a request that passes the checks, inside the market’s range, for every endpoint it can', () => {
    for (const id of ['orderbook', 'deltas', 'trades', 'candles', 'markets', 'market', 'events', 'event', 'settlements', 'settlement']) {
      const spec = endpointById(id)!;
      for (const hit of [days, exact]) {
        const values = exampleValues(spec, hit);
        if (id === 'event' && !hit.eventTicker) {
          expect(values).toBeNull();
          continue;
        }
        expect(checkParams(spec, values!).ok, `${id} ${hit.ticker}`).toBe(true);
        for (const name of ['timestamp', 'start_time']) {
          if (!values![name]) continue;
          const t = Date.parse(values![name]!);
          expect(t).toBeGreaterThanOrEqual(serverTimeMs(hit.first!));
          expect(t).toBeLessThanOrEqual(serverTimeMs(hit.last!) + 86_400_000);
        }
      }
    }
  });

  it('uses the market it was given, never another ticker', () => {
    expect(exampleValues(endpointById('orderbook')!, exact)).toEqual({ market_ticker: 'KXB', timestamp: '2026-02-16T16:20:00Z', depth: '10' });
    expect(exampleValues(endpointById('candles')!, days)).toMatchObject({ ticker: 'KXA', start_time: '2026-02-16T00:00:00Z', end_time: '2026-02-17T00:00:00Z', interval: '1h' });
    expect(exampleValues(endpointById('trades')!, { ...exact, first: null })).toBeNull();
  });
});

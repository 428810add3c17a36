/** The synthetic data and its query helpers, without a server: determinism, replay invariants, cursor decoding. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MARKETS } from '../../local-api/market-data/markets';
import { dataset, generateMarket } from '../../local-api/market-data/generate';
import { parseDateTime } from '../../local-api/market-data/params';
import { decodeCursor, encodeCursor, reconstruct } from '../../local-api/market-data/queries';

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('generated data', () => {
  it('depends on nothing but the catalog: not the clock, not Math.random', () => {
    const first = MARKETS.map(generateMarket);
    vi.useFakeTimers({ now: new Date('2031-07-04T12:00:00Z') });
    vi.spyOn(Math, 'random').mockImplementation(() => {
      throw new Error('Math.random must not be used');
    });
    expect(MARKETS.map(generateMarket)).toEqual(first);
  });

  it('every snapshot equals the previous snapshot plus the deltas up to it (§15.8, §15.16)', () => {
    let checked = 0;
    for (const market of dataset().markets) {
      for (let i = 1; i < market.snapshots.length; i++) {
        const snapshot = market.snapshots[i] as (typeof market.snapshots)[number];
        const previous = market.snapshots[i - 1] as (typeof market.snapshots)[number];
        const windows = market.def.windows.map(([start]) => Date.parse(start) * 1000);
        if (windows.includes(snapshot.us)) continue; // a new recording window starts from a fresh book
        const replayed = reconstruct({ ...market, snapshots: [previous] }, snapshot.us, null);
        expect(replayed.kind).toBe('ok');
        if (replayed.kind !== 'ok') continue;
        expect(replayed.yes.map((l) => [l.price, l.quantity])).toEqual(snapshot.yes);
        expect(replayed.no.map((l) => [l.price, l.quantity])).toEqual(snapshot.no);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(80);
  });

  it('books never cross, ids are unique and follow time, rows stay inside their windows', () => {
    const ids = new Set<number>();
    for (const market of dataset().markets) {
      for (const snapshot of market.snapshots) {
        const bestYes = snapshot.yes[0]?.[0] ?? 0;
        const bestNo = snapshot.no[0]?.[0] ?? 0;
        expect(bestYes + bestNo).toBeLessThan(100);
      }
      let previous = -Infinity;
      for (const delta of market.deltas) {
        expect(ids.has(delta.id)).toBe(false);
        ids.add(delta.id);
        expect(delta.us).toBeGreaterThan(previous);
        previous = delta.us;
        const inside = market.def.windows.some(([start, end]) => delta.us > Date.parse(start) * 1000 && delta.us <= Date.parse(end) * 1000 + 1_000_000);
        expect(inside).toBe(true);
      }
      for (const trade of market.trades) expect(trade.yes_price + trade.no_price).toBe(100);
    }
  });
});

describe('cursor decoding (Python base64.b64decode + fromisoformat + int)', () => {
  it('round-trips, skips characters outside the alphabet, accepts naive times and numeric ids', () => {
    const cursor = encodeCursor(Date.parse('2026-02-16T14:05:00.274Z') * 1000, 382);
    expect(Buffer.from(cursor, 'base64').toString()).toBe('{"ts":"2026-02-16T14:05:00.274000+00:00","id":382}');
    expect(decodeCursor(cursor)).toEqual({ us: Date.parse('2026-02-16T14:05:00.274Z') * 1000, id: 382 });
    expect(decodeCursor(`-_${cursor}`)).toEqual(decodeCursor(cursor));
    const naive = Buffer.from('{"ts":"2026-02-16T12:08:00","id":"0"}').toString('base64');
    expect(decodeCursor(naive)).toEqual({ us: Date.parse('2026-02-16T12:08:00Z') * 1000, id: 0 });
    const offset = Buffer.from('{"ts":"2026-02-16T17:38:00+05:30","id":7.9}').toString('base64');
    expect(decodeCursor(offset)).toEqual({ us: Date.parse('2026-02-16T12:08:00Z') * 1000, id: 7 });
  });

  it('rejects what Python rejects: bad padding, not JSON, missing keys, bad dates', () => {
    for (const bad of ['', 'abc', '!!!', 'e30=', Buffer.from('[1]').toString('base64'), Buffer.from('{"ts":"2026-02-30T00:00:00","id":1}').toString('base64')]) {
      expect(decodeCursor(bad)).toBeUndefined();
    }
    expect(decodeCursor(Buffer.from('{"ts":"2026-02-16","id":"x"}').toString('base64'))).toBeUndefined();
  });
});

describe('request datetimes (Pydantic 2 lax)', () => {
  it('reads ISO forms, dates, Unix seconds and milliseconds; keeps the offset for isoformat()', () => {
    expect(parseDateTime('2026-02-16T19:31:00+05:30')).toEqual({ ok: true, value: { us: Date.parse('2026-02-16T14:01:00Z') * 1000, iso: '2026-02-16T19:31:00+05:30' } });
    expect(parseDateTime('2026-02-16 14:01Z')).toMatchObject({ ok: true, value: { iso: '2026-02-16T14:01:00+00:00' } });
    expect(parseDateTime('2026-02-16T14:01:00-00:00')).toMatchObject({ ok: true, value: { iso: '2026-02-16T14:01:00+00:00' } });
    expect(parseDateTime('2026-02-16')).toMatchObject({ ok: true, value: { iso: '2026-02-16T00:00:00' } });
    expect(parseDateTime(1771250340)).toMatchObject({ ok: true, value: { iso: '2026-02-16T13:59:00+00:00' } });
    expect(parseDateTime(1771250340500)).toMatchObject({ ok: true, value: { iso: '2026-02-16T13:59:00.500000+00:00' } });
    expect(parseDateTime('2026-02-16T14:00:00 00:00')).toMatchObject({ ok: false });
    expect(parseDateTime('2026-13-01')).toEqual({ ok: false, msg: 'Input should be a valid datetime or date, month value is outside expected range of 1-12' });
    expect(parseDateTime(true)).toEqual({ ok: false, msg: 'Input should be a valid datetime' });
  });
});

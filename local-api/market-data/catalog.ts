/**
 * The fixed part of the local API's synthetic market data: events and settlements; the markets
 * (with the windows in which each one has data) are in markets.ts. The order books, deltas and
 * trades inside those windows are generated from a seeded PRNG in generate.ts. All times are UTC,
 * February 2026, inside the partitions the real migrations create (contract §15.16).
 */

export interface EventDef {
  event_ticker: string;
  series_ticker: string | null;
  title: string | null;
  sub_title: string | null;
  category: string | null;
  mutually_exclusive: boolean | null;
  status: string | null;
}

export interface SettlementDef {
  market_ticker: string;
  event_ticker: string | null;
  result: 'yes' | 'no' | 'all_no' | 'all_yes' | 'void' | null;
  settlement_value: number | null;
  determined_at: string | null;
  settled_at: string | null;
}

export const EVENTS: EventDef[] = [
  {
    event_ticker: 'KXBTCD-26FEB1617',
    series_ticker: 'KXBTCD',
    title: 'Bitcoin price on Feb 16, 2026 at 5pm EST?',
    sub_title: 'On Feb 16, 2026 at 5pm EST',
    category: 'Crypto',
    mutually_exclusive: false,
    status: 'settled',
  },
  {
    event_ticker: 'KXETHD-26FEB1817',
    series_ticker: 'KXETHD',
    title: 'Ethereum price on Feb 18, 2026 at 5pm EST?',
    sub_title: 'On Feb 18, 2026 at 5pm EST',
    category: 'Crypto',
    mutually_exclusive: false,
    status: 'active',
  },
  {
    event_ticker: 'KXFEDDECISION-26MAR',
    series_ticker: 'KXFEDDECISION',
    title: 'Fed decision in March 2026?',
    sub_title: 'March 18, 2026 FOMC meeting',
    category: 'Economics',
    mutually_exclusive: true,
    status: 'active',
  },
  {
    event_ticker: 'KXGDP-26Q1',
    series_ticker: 'KXGDP',
    title: 'US GDP growth in Q1 2026?',
    sub_title: 'Advance estimate',
    category: 'Economics',
    mutually_exclusive: false,
    status: 'active',
  },
  {
    event_ticker: 'KXHIGHNY-26FEB16',
    series_ticker: 'KXHIGHNY',
    title: 'Highest temperature in NYC on Feb 16, 2026?',
    sub_title: 'On Feb 16, 2026',
    category: 'Climate and Weather',
    mutually_exclusive: true,
    status: 'settled',
  },
  {
    event_ticker: 'KXNBAGAME-26FEB19LALBOS',
    series_ticker: 'KXNBAGAME',
    title: 'Los Angeles L vs Boston (Feb 19, 2026)',
    sub_title: 'LAL at BOS',
    category: 'Sports',
    mutually_exclusive: true,
    status: 'determined',
  },
];

export const SETTLEMENTS: SettlementDef[] = [
  {
    market_ticker: 'KXBTCD-26FEB1617-T97499.99',
    event_ticker: 'KXBTCD-26FEB1617',
    result: 'yes',
    settlement_value: 100,
    determined_at: '2026-02-16T22:00:05Z',
    settled_at: '2026-02-16T23:00:00Z',
  },
  {
    market_ticker: 'KXBTCD-26FEB1617-T99999.99',
    event_ticker: 'KXBTCD-26FEB1617',
    result: 'no',
    settlement_value: 0,
    determined_at: '2026-02-16T22:00:05Z',
    settled_at: '2026-02-16T23:00:00Z',
  },
  {
    market_ticker: 'KXHIGHNY-26FEB16-B45.5',
    event_ticker: 'KXHIGHNY-26FEB16',
    result: 'no',
    settlement_value: 0,
    determined_at: '2026-02-17T14:05:00Z',
    settled_at: '2026-02-17T16:00:00Z',
  },
  {
    market_ticker: 'KXHIGHNY-26FEB16-B47.5',
    event_ticker: 'KXHIGHNY-26FEB16',
    result: 'yes',
    settlement_value: 100,
    determined_at: '2026-02-17T14:05:00Z',
    settled_at: '2026-02-17T16:00:00Z',
  },
  {
    market_ticker: 'KXNBAGAME-26FEB19LALBOS-LAL',
    event_ticker: 'KXNBAGAME-26FEB19LALBOS',
    result: 'no',
    settlement_value: 0,
    determined_at: '2026-02-20T03:41:17Z',
    settled_at: null,
  },
  {
    market_ticker: 'KXNBAGAME-26FEB19LALBOS-BOS',
    event_ticker: 'KXNBAGAME-26FEB19LALBOS',
    result: 'yes',
    settlement_value: 100,
    determined_at: '2026-02-20T03:41:17Z',
    settled_at: null,
  },
];

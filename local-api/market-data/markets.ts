/**
 * The local API's synthetic markets (part of the fixed market data; events and settlements are in
 * catalog.ts): each with its event, rules, strike, collector metadata, the windows [start, end]
 * in which it has data, and the starting mid price generate.ts's order books move from. All
 * times are UTC, February 2026 (contract §15.16).
 */

export interface MarketDef {
  ticker: string;
  title: string | null;
  event_ticker: string | null;
  status: string;
  category: string | null;
  rules: string | null;
  strike_price: number | null;
  discovered_at: string;
  metadata: Record<string, unknown> | null;
  /** Windows [start, end] (ISO, UTC) in which the collector recorded this market. */
  windows: [string, string][];
  /** Starting mid price in cents. */
  mid: number;
  /** Only trades were recorded (no snapshots, no deltas): like a market the book feed missed. */
  tradesOnly?: boolean;
}

const btcRules = (strike: string) =>
  `If the CF Benchmarks Bitcoin Real-Time Index is above ${strike} at 5pm EST on Feb 16, 2026, the market resolves to Yes.`;
const collectorMetadata = (series: string, close: string) => ({ series_ticker: series, close_time: close, source: 'ws_subscribe' });

export const MARKETS: MarketDef[] = [
  {
    ticker: 'KXBTCD-26FEB1617-T97499.99',
    title: 'Bitcoin price above $97,499.99 on Feb 16, 2026 at 5pm EST?',
    event_ticker: 'KXBTCD-26FEB1617',
    status: 'settled',
    category: 'Crypto',
    rules: btcRules('$97,499.99'),
    strike_price: 97499.99,
    discovered_at: '2026-02-15T23:58:12.418000Z',
    metadata: collectorMetadata('KXBTCD', '2026-02-16T22:00:00Z'),
    windows: [['2026-02-16T00:00:00Z', '2026-02-16T22:00:00Z']],
    mid: 47,
  },
  {
    ticker: 'KXBTCD-26FEB1617-T99999.99',
    title: 'Bitcoin price above $99,999.99 on Feb 16, 2026 at 5pm EST?',
    event_ticker: 'KXBTCD-26FEB1617',
    status: 'settled',
    category: 'Crypto',
    rules: btcRules('$99,999.99'),
    strike_price: 99999.99,
    discovered_at: '2026-02-15T23:58:12.902000Z',
    metadata: collectorMetadata('KXBTCD', '2026-02-16T22:00:00Z'),
    windows: [['2026-02-16T00:00:00Z', '2026-02-16T22:00:00Z']],
    mid: 18,
  },
  {
    ticker: 'KXETHD-26FEB1817-T2799.99',
    title: 'Ethereum price above $2,799.99 on Feb 18, 2026 at 5pm EST?',
    event_ticker: 'KXETHD-26FEB1817',
    status: 'active',
    category: 'Crypto',
    rules: 'If the CF Benchmarks Ether Real-Time Index is above $2,799.99 at 5pm EST on Feb 18, 2026, the market resolves to Yes.',
    strike_price: 2799.99,
    discovered_at: '2026-02-16T05:59:40.007000Z',
    metadata: collectorMetadata('KXETHD', '2026-02-18T22:00:00Z'),
    windows: [['2026-02-16T06:00:00Z', '2026-02-18T22:00:00Z']],
    mid: 55,
  },
  {
    ticker: 'KXHIGHNY-26FEB16-B45.5',
    title: 'Will the high temp in NYC be 45-46° on Feb 16, 2026?',
    event_ticker: 'KXHIGHNY-26FEB16',
    status: 'settled',
    category: 'Climate and Weather',
    rules: 'If the highest temperature recorded in Central Park on Feb 16, 2026 is between 45-46°, the market resolves to Yes.',
    strike_price: 45.5,
    discovered_at: '2026-02-15T11:58:03.250000Z',
    metadata: null,
    windows: [['2026-02-15T12:00:00Z', '2026-02-17T06:00:00Z']],
    mid: 13,
  },
  {
    ticker: 'KXHIGHNY-26FEB16-B47.5',
    title: 'Will the high temp in NYC be 47-48° on Feb 16, 2026?',
    event_ticker: 'KXHIGHNY-26FEB16',
    status: 'settled',
    category: 'Climate and Weather',
    rules: 'If the highest temperature recorded in Central Park on Feb 16, 2026 is between 47-48°, the market resolves to Yes.',
    strike_price: 47.5,
    discovered_at: '2026-02-15T11:58:03.731000Z',
    metadata: null,
    windows: [['2026-02-15T12:00:00Z', '2026-02-17T06:00:00Z']],
    mid: 30,
  },
  {
    ticker: 'KXFEDDECISION-26MAR-H0',
    title: 'Will the Fed hold rates at its March 2026 meeting?',
    event_ticker: 'KXFEDDECISION-26MAR',
    status: 'active',
    category: 'Economics',
    rules: 'If the FOMC leaves the target range unchanged at its March 18, 2026 meeting, the market resolves to Yes.',
    strike_price: null,
    discovered_at: '2026-02-15T23:55:31.120000Z',
    metadata: collectorMetadata('KXFEDDECISION', '2026-03-18T18:00:00Z'),
    windows: [['2026-02-16T00:00:00Z', '2026-02-19T00:00:00Z']],
    mid: 88,
  },
  {
    ticker: 'KXFEDDECISION-26MAR-C25',
    title: 'Will the Fed cut rates by 25bps at its March 2026 meeting?',
    event_ticker: 'KXFEDDECISION-26MAR',
    status: 'active',
    category: 'Economics',
    rules: 'If the FOMC lowers the target range by 25 basis points at its March 18, 2026 meeting, the market resolves to Yes.',
    strike_price: null,
    discovered_at: '2026-02-15T23:55:31.544000Z',
    metadata: collectorMetadata('KXFEDDECISION', '2026-03-18T18:00:00Z'),
    windows: [['2026-02-16T00:00:00Z', '2026-02-19T00:00:00Z']],
    mid: 10,
  },
  {
    ticker: 'KXNBAGAME-26FEB19LALBOS-LAL',
    title: 'Will Los Angeles L win the LAL vs BOS game on Feb 19, 2026?',
    event_ticker: 'KXNBAGAME-26FEB19LALBOS',
    status: 'determined',
    category: 'Sports',
    rules: 'If Los Angeles L wins the game on Feb 19, 2026, the market resolves to Yes.',
    strike_price: null,
    discovered_at: '2026-02-18T11:57:48.600000Z',
    metadata: null,
    windows: [['2026-02-18T12:00:00Z', '2026-02-20T04:00:00Z']],
    mid: 42,
  },
  {
    ticker: 'KXNBAGAME-26FEB19LALBOS-BOS',
    title: 'Will Boston win the LAL vs BOS game on Feb 19, 2026?',
    event_ticker: 'KXNBAGAME-26FEB19LALBOS',
    status: 'determined',
    category: 'Sports',
    rules: 'If Boston wins the game on Feb 19, 2026, the market resolves to Yes.',
    strike_price: null,
    discovered_at: '2026-02-18T11:57:49.013000Z',
    metadata: null,
    windows: [['2026-02-18T12:00:00Z', '2026-02-19T23:00:00Z']],
    mid: 58,
    tradesOnly: true,
  },
  {
    // As the collector writes markets: no event, no category (contract §15.12); two windows.
    ticker: 'KXCPI-26JAN-T0.3',
    title: 'Will CPI rise more than 0.3% in January 2026?',
    event_ticker: null,
    status: 'active',
    category: null,
    rules: null,
    strike_price: 0.3,
    discovered_at: '2026-02-15T23:50:00Z',
    metadata: null,
    windows: [
      ['2026-02-16T00:00:00Z', '2026-02-17T12:00:00Z'],
      ['2026-02-19T00:00:00Z', '2026-02-19T18:00:00Z'],
    ],
    mid: 35,
  },
  {
    // A market row without any data.
    ticker: 'KXGDP-26Q1-T2.0',
    title: 'Will US GDP grow more than 2.0% in Q1 2026?',
    event_ticker: 'KXGDP-26Q1',
    status: 'active',
    category: 'Economics',
    rules: 'If the advance estimate of Q1 2026 real GDP growth is above 2.0%, the market resolves to Yes.',
    strike_price: 2,
    discovered_at: '2026-02-18T09:00:00Z',
    metadata: null,
    windows: [],
    mid: 50,
  },
];

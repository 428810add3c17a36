// The Playground's code generators (lib/playground/code.ts): curl, Python with the official SDK,
// JavaScript fetch. The generated Python is compiled with `python3 -m py_compile` when python3 is
// present; the generated curl is run against the local API in tests/local-api/playground-code.test.ts.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATA_ENDPOINTS, endpointById } from '@/lib/api/data-endpoints';
import type { Params } from '@/lib/api/data-request';
import { codeFor, curlCode, javascriptCode, maskedKey, pythonCode } from '@/lib/playground/code';

const KEY = 'kb-AbC1defghijklmnopqrstuvwxyz0123456789ABCDEFG';
const PROD = 'https://api.kalshibook.io';
const spec = (id: string) => endpointById(id)!;
const T0 = '2026-02-16T14:00:00Z';
const T1 = '2026-02-16T15:00:00Z';

/** A valid set of values for every endpoint. */
const SAMPLE: Record<string, Params> = {
  orderbook: { market_ticker: 'KXBTCD-26FEB1617-T97499.99', timestamp: T1, depth: 10 },
  deltas: { market_ticker: 'KXBTCD', start_time: T0, end_time: T1, limit: 50 },
  trades: { market_ticker: 'KXBTCD', start_time: T0, end_time: T1 },
  candles: { ticker: 'KXBTCD', start_time: T0, end_time: T1, interval: '1m' },
  markets: {},
  market: { ticker: 'KXHIGHNY-26FEB16-B45.5' },
  events: { category: 'Crypto' },
  event: { event_ticker: 'KXHIGHNY-26FEB16' },
  settlements: { result: 'no' },
  settlement: { ticker: 'KXHIGHNY-26FEB16-B45.5' },
};

function hasPython(): boolean {
  try {
    execFileSync('python3', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('curl', () => {
  it('POST: method, URL, key, JSON body; the base URL from Settings', () => {
    expect(curlCode({ spec: spec('orderbook'), params: SAMPLE.orderbook!, baseUrl: 'http://127.0.0.1:8123/', key: KEY })).toBe(
      [
        `curl -X POST "http://127.0.0.1:8123/orderbook"`,
        `  -H "Authorization: Bearer ${KEY}"`,
        `  -H "Content-Type: application/json"`,
        `  -d '{"market_ticker":"KXBTCD-26FEB1617-T97499.99","timestamp":"2026-02-16T15:00:00Z","depth":10}'`,
      ].join(' \\\n'),
    );
  });

  it('GET: the query percent-encoded; no key: the environment variable', () => {
    const text = curlCode({ spec: spec('candles'), params: SAMPLE.candles!, baseUrl: PROD, key: null });
    expect(text).toBe(`curl 'https://api.kalshibook.io/candles/KXBTCD?start_time=2026-02-16T14%3A00%3A00Z&end_time=2026-02-16T15%3A00%3A00Z&interval=1m' \\\n  -H "Authorization: Bearer $KALSHIBOOK_API_KEY"`);
  });

  it('a masked key shows on screen; a key with foreign characters is refused', () => {
    expect(curlCode({ spec: spec('markets'), params: {}, baseUrl: PROD, key: maskedKey('kb-AbC1') })).toContain('Bearer kb-AbC1••••••••');
    expect(() => curlCode({ spec: spec('markets'), params: {}, baseUrl: PROD, key: 'kb-x"; rm -rf /' })).toThrow(/not copied/);
  });
});

describe('Python (official SDK, §15.18)', () => {
  it('uses the SDK method, datetimes with an offset, keywords as the SDK names them', () => {
    const text = pythonCode({ spec: spec('candles'), params: SAMPLE.candles!, baseUrl: PROD, key: KEY });
    expect(text).toContain('from datetime import datetime');
    expect(text).toContain(`client = KalshiBook("${KEY}")`);
    expect(text).toContain('result = client.get_candles("KXBTCD", start_time=datetime.fromisoformat("2026-02-16T14:00:00+00:00"), end_time=datetime.fromisoformat("2026-02-16T15:00:00+00:00"), interval="1m")');
  });

  it('pages with a for loop, and names base_url only when Settings differ from the SDK default', () => {
    const text = pythonCode({ spec: spec('trades'), params: SAMPLE.trades!, baseUrl: 'http://127.0.0.1:8000', key: null });
    expect(text).toContain('client = KalshiBook.from_env(base_url="http://127.0.0.1:8000")');
    expect(text).toContain('for row in client.list_trades("KXBTCD", datetime.fromisoformat(');
    expect(pythonCode({ spec: spec('markets'), params: {}, baseUrl: PROD, key: KEY })).not.toContain('base_url');
  });

  it.runIf(hasPython())('every endpoint’s snippet compiles (python3 -m py_compile)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kb-py-'));
    try {
      const files: string[] = [];
      for (const e of DATA_ENDPOINTS) {
        for (const [i, key] of [KEY, null, maskedKey('kb-AbC1')].entries()) {
          const file = path.join(dir, `${e.id}_${i}.py`);
          writeFileSync(file, pythonCode({ spec: e, params: SAMPLE[e.id]!, baseUrl: i ? 'http://localhost:8000' : PROD, key }));
          files.push(file);
        }
      }
      execFileSync('python3', ['-m', 'py_compile', ...files], { stdio: 'pipe' });
      // The check can fail: a broken snippet does not compile.
      writeFileSync(path.join(dir, 'bad.py'), 'client = KalshiBook("x"\n');
      expect(() => execFileSync('python3', ['-m', 'py_compile', path.join(dir, 'bad.py')], { stdio: 'pipe' })).toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('JavaScript fetch', () => {
  it('is valid JavaScript with the same URL and body', () => {
    for (const e of DATA_ENDPOINTS) {
      const text = javascriptCode({ spec: e, params: SAMPLE[e.id]!, baseUrl: PROD, key: KEY });
      // Parses as the body of an async function (top-level await in a module).
      const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => unknown;
      expect(() => new AsyncFunction('fetch', 'process', text)).not.toThrow();
      expect(text).toContain(`"Bearer ${KEY}"`);
    }
    const post = codeFor('javascript', { spec: spec('deltas'), params: SAMPLE.deltas!, baseUrl: PROD, key: null });
    expect(post).toContain('method: "POST"');
    expect(post).toContain('"limit": 50');
    expect(post).toContain('process.env.KALSHIBOOK_API_KEY');
  });

  it('runs: it calls fetch with the request the Playground sends', async () => {
    const text = javascriptCode({ spec: spec('orderbook'), params: SAMPLE.orderbook!, baseUrl: PROD, key: KEY });
    const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => (...a: unknown[]) => Promise<unknown>;
    const calls: [string, RequestInit][] = [];
    const fakeFetch = async (url: string, init: RequestInit) => {
      calls.push([url, init]);
      return { status: 200, json: async () => ({}) };
    };
    const logged: unknown[][] = [];
    await new AsyncFunction('fetch', 'process', 'console', text)(fakeFetch, { env: {} }, { log: (...a: unknown[]) => logged.push(a) });
    expect(logged).toEqual([[200, {}]]);
    expect(calls[0]![0]).toBe(`${PROD}/orderbook`);
    expect(JSON.parse(calls[0]![1].body as string)).toEqual(SAMPLE.orderbook);
    expect((calls[0]![1].headers as Record<string, string>).Authorization).toBe(`Bearer ${KEY}`);
  });
});

// The Playground's generated curl, run for real against the local API: it answers 200 with the
// body the endpoint's schema describes, and is charged the endpoint's cost. GET /markets exists on
// every local API; the other data routes are tried when this local API serves them.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalApi } from '../../local-api/server';
import { endpointById } from '../../lib/api/data-endpoints';
import { curlCode } from '../../lib/playground/code';
import { call, signUp, startTestApi } from './helpers';

let api: LocalApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

function hasCurl(): boolean {
  try {
    execFileSync('curl', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs the command through a shell, as a user pasting it would (asynchronously: the server runs in
 * this process); returns status and body.
 */
async function runCurl(command: string): Promise<{ status: number; body: unknown }> {
  const { stdout: out } = await promisify(execFile)('sh', ['-c', `${command} -s -w '\\n%{http_code}'`], { encoding: 'utf8', timeout: 120_000 });
  const cut = out.lastIndexOf('\n');
  return { status: Number(out.slice(cut + 1)), body: JSON.parse(out.slice(0, cut)) };
}

describe.runIf(hasCurl())('generated curl against the local API', () => {
  it('GET /markets: 200, the documented body, 1 credit', async () => {
    const user = await signUp(api);
    const created = await call(api, 'POST', '/keys', { token: user.accessToken, json: { name: 'playground' } });
    const key = created.body.data.key as string;
    const spec = endpointById('markets')!;
    const res = await runCurl(curlCode({ spec, params: {}, baseUrl: api.url, key }));
    expect(res.status).toBe(200);
    expect(spec.schema.safeParse(res.body).success).toBe(true);
    const status = await call(api, 'GET', '/billing/status', { token: user.accessToken });
    expect(status.body.credits_used).toBe(1);
    // And a wrong key is refused: the command really reaches the server.
    expect((await runCurl(curlCode({ spec, params: {}, baseUrl: api.url, key: 'kb-wrongwrongwrong' }))).status).toBe(401);
  });

  it('POST /trades and GET /candles, when this local API serves them', async () => {
    const user = await signUp(api);
    const created = await call(api, 'POST', '/keys', { token: user.accessToken, json: { name: 'playground' } });
    const key = created.body.data.key as string;
    const probe = await call(api, 'POST', '/trades', { token: key, json: { market_ticker: 'x', start_time: '2026-02-16T00:00:00Z', end_time: '2026-02-16T01:00:00Z' } });
    if (probe.status === 404) return; // not served by this branch's local API yet
    const markets = (await call(api, 'GET', '/markets', { token: key })).body.data as { ticker: string; first_data_at: string | null }[];
    const market = markets.find((m) => m.first_data_at);
    expect(market).toBeDefined();
    const start = new Date(Date.parse(market!.first_data_at!)).toISOString().replace('.000Z', 'Z');
    const end = new Date(Date.parse(market!.first_data_at!) + 86_400_000).toISOString().replace('.000Z', 'Z');
    for (const [id, params] of [
      ['trades', { market_ticker: market!.ticker, start_time: start, end_time: end, limit: 5 }],
      ['candles', { ticker: market!.ticker, start_time: start, end_time: end, interval: '1h' }],
    ] as const) {
      const spec = endpointById(id)!;
      const res = await runCurl(curlCode({ spec, params, baseUrl: api.url, key }));
      expect(res.status, id).toBe(200);
      expect(spec.schema.safeParse(res.body).success, id).toBe(true);
    }
  });
});

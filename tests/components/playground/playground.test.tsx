// The Playground section against a fake background: fields checked before sending, the price on
// the button, search → example → demo → send, next steps of errors ("Use the earliest time"),
// "Load more", code copied through the reveal + keyCopied path, history re-run and Clear.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import PlaygroundSection, { keyFromHash } from '@/components/playground/PlaygroundSection';
import type { Outcome, PlaygroundCall, SearchAnswer } from '@/lib/playground/types';
import { playgroundHistoryItem } from '@/lib/storage';
import { createFakeClient, ok } from '../../helpers/fake-client';
import { keyRow, RAW_KEY } from '../../helpers/fixtures';
import { renderWithAccount } from '../../helpers/render';

const TICKER = 'KXBTCD-26FEB1617-T97499.99';
const SEARCH: SearchAnswer = {
  source: 'playground',
  charged: 0,
  demoAvailable: true,
  hits: [{ ticker: TICKER, title: 'Bitcoin above $97,499.99?', eventTicker: 'KXBTCD-26FEB1617', first: '2026-02-16', last: '2026-02-17' }],
};
const research = keyRow({ id: 'k-research', name: 'research', key_prefix: 'kb-AbC1' });

function outcome(over: Partial<Outcome> = {}): Outcome {
  return {
    via: 'key',
    endpoint: 'orderbook',
    method: 'POST',
    path: '/orderbook',
    status: 200,
    timeMs: 42,
    requestId: 'req_0123456789ab',
    credits: { charged: 5, chargedFrom: 'header', remaining: 745, remainingFrom: 'header', paygEnabled: false },
    body: { market_ticker: TICKER, timestamp: '2026-02-17T00:00:00+00:00', snapshot_basis: '2026-02-16T14:00:00+00:00', deltas_applied: 2, yes: [{ price: 44, quantity: 500 }], no: [{ price: 54, quantity: 200 }], request_id: 'req_0123456789ab', response_time: 0.001 },
    problem: null,
    ...over,
  };
}

function setup(answer: (call: PlaygroundCall) => unknown = () => ({ kind: 'outcome', outcome: outcome() })) {
  const calls: PlaygroundCall[] = [];
  const client = createFakeClient({
    listKeys: async () => ok([research]),
    revealKey: async () => ok({ key: RAW_KEY }),
    playgroundSend: async (call: PlaygroundCall) => {
      calls.push(call);
      if (call.action === 'search') return ok({ kind: 'search', search: SEARCH });
      if (call.action === 'cancel' || call.action === 'clear-history') return ok({ kind: 'done' });
      return ok(answer(call));
    },
  });
  const utils = renderWithAccount(<PlaygroundSection />, client);
  const sent = () => calls.filter((c) => c.action === 'send' || c.action === 'demo');
  return { ...utils, calls, sent, user: userEvent.setup() };
}

/** The search's first results are in (they load with the section), then "Try an example". */
async function exampleFromSearch(user: ReturnType<typeof userEvent.setup>) {
  await user.click(screen.getByRole('combobox', { name: /ticker/i }));
  await screen.findByRole('option', { name: new RegExp(TICKER.replace(/\./g, '\\.')) });
  await user.click(screen.getByRole('button', { name: 'Try an example' }));
}

beforeEach(() => {
  window.location.hash = '';
});

describe('Playground', () => {
  it('reads the key from #playground?key=<id>', () => {
    expect(keyFromHash('#playground?key=k-1')).toBe('k-1');
    expect(keyFromHash('#playground')).toBeNull();
    expect(keyFromHash('#keys?key=k-1')).toBeNull();
  });

  it('puts the price on the button and catches invalid fields before sending', async () => {
    const { user, sent } = setup();
    const send = await screen.findByRole('button', { name: 'Send with research · 5 credits' });
    await user.click(send);
    expect(await screen.findByText('Market ticker is required.')).toBeTruthy();
    expect(screen.getByText('Timestamp is required.')).toBeTruthy();
    expect(sent()).toHaveLength(0);
    await user.selectOptions(screen.getByLabelText('Endpoint'), 'markets');
    expect(screen.getByRole('button', { name: 'Send with research · 1 credit' })).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Run free (demo)' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('search → Try an example → Run free (demo) → Send: the example uses a market the search found', async () => {
    const { user, sent } = setup((call) => ({ kind: 'outcome', outcome: outcome({ via: call.action === 'demo' ? 'demo' : 'key', body: call.action === 'demo' ? { endpoint: 'orderbook', data: outcome().body, response_time: 0, request_id: 'r', credits_cost: 0 } : outcome().body }) }));
    await user.click(screen.getByRole('combobox', { name: 'Market ticker' }));
    expect(await screen.findByRole('option', { name: /KXBTCD-26FEB1617-T97499\.99.*Data: 2026-02-16 – 2026-02-17/ })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Try an example' }));
    expect((screen.getByRole('combobox', { name: 'Market ticker' }) as HTMLInputElement).value).toBe(TICKER);
    await user.click(screen.getByRole('button', { name: 'Run free (demo)' }));
    await waitFor(() => expect(sent()).toHaveLength(1));
    expect(sent()[0]).toMatchObject({ action: 'demo', endpoint: 'orderbook', values: { market_ticker: TICKER, timestamp: '2026-02-16T23:59:00Z', depth: '10' } });
    expect(await screen.findByText('Free (demo): no credits charged')).toBeTruthy();
    await user.click(await screen.findByRole('button', { name: 'Send with research · 5 credits' }));
    await waitFor(() => expect(sent()).toHaveLength(2));
    expect(sent()[1]).toMatchObject({ action: 'send', keyId: 'k-research', keyName: 'research' });
    expect(JSON.stringify(sent())).not.toContain(RAW_KEY);
    expect(await screen.findByText('Charged 5 credits · 745 left')).toBeTruthy();
    expect(screen.getByRole('img', { name: /Depth chart: 1 Yes levels, 1 No levels/ })).toBeTruthy();
    expect(screen.getByRole('table', { name: 'Yes ladder' })).toBeTruthy();
    await user.click(screen.getByRole('tab', { name: 'JSON' }));
    expect(screen.getByLabelText('Response JSON').textContent).toContain('"snapshot_basis"');
  });

  it('no data before the earliest time: one click fills it and sends again', async () => {
    let n = 0;
    const { user, sent } = setup(() =>
      n++ === 0
        ? { kind: 'outcome', outcome: outcome({ status: 404, body: null, problem: { code: 'no_data', title: 'No data this early: the market’s data starts later.', detail: 'Use the earliest time with data and send again.', earliest: '2026-02-16T14:00:00Z', next: ['use-earliest'] } }) }
        : { kind: 'outcome', outcome: outcome() },
    );
    await exampleFromSearch(user);
    await user.click(await screen.findByRole('button', { name: 'Send with research · 5 credits' }));
    const alert = (await screen.findAllByRole('alert')).find((a) => a.textContent?.includes('No data this early'))!;
    expect(alert.textContent).toContain('No data this early');
    await user.click(within(alert).getByRole('button', { name: 'Use the earliest time' }));
    await waitFor(() => expect(sent()).toHaveLength(2));
    expect(sent()[1]!).toMatchObject({ values: { timestamp: '2026-02-16T14:00:00Z' } });
  });

  it('server field errors land on their fields', async () => {
    const { user } = setup(() => ({ kind: 'outcome', outcome: outcome({ status: 422, body: null, problem: { code: 'fields', title: 'The server did not accept some values.', detail: 'Fix the fields marked below and send again.', fields: { depth: 'Depth: Input should be a valid integer' }, next: [] } }) }));
    await exampleFromSearch(user);
    await user.click(await screen.findByRole('button', { name: 'Send with research · 5 credits' }));
    const depth = await screen.findByLabelText('Depth');
    await waitFor(() => expect(depth.getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByText('Depth: Input should be a valid integer')).toBeTruthy();
  });

  it('trades: a table, and Load more resends the same request with the cursor', async () => {
    const row = (i: number) => ({ trade_id: `t${i}`, market_ticker: TICKER, yes_price: 40, no_price: 60, count: 1, taker_side: 'yes', ts: '2026-02-16T14:00:00+00:00' });
    const { user, sent } = setup((call) => {
      const cursor = call.action === 'send' ? call.values.cursor : undefined;
      return { kind: 'outcome', outcome: outcome({ endpoint: 'trades', body: { data: cursor ? [row(2)] : [row(0), row(1)], next_cursor: cursor ? null : 'CUR', has_more: !cursor, request_id: 'r', response_time: 0 } }) };
    });
    await user.selectOptions(screen.getByLabelText('Endpoint'), 'trades');
    await exampleFromSearch(user);
    await user.click(await screen.findByRole('button', { name: 'Send with research · 2 credits' }));
    expect(await screen.findByText('2 rows')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await screen.findByText('3 rows')).toBeTruthy();
    expect(sent()[1]).toMatchObject({ values: { ...(sent()[0] as { values: object }).values, cursor: 'CUR' } });
    expect(screen.getByText('All pages loaded.')).toBeTruthy();
  });

  it('Copy puts the full key in the code through reveal, then keyCopied (clipboard clearing)', async () => {
    const { user, client } = setup();
    await user.selectOptions(screen.getByLabelText('Endpoint'), 'markets');
    const code = await screen.findByText(/curl "https:\/\/api\.kalshibook\.io\/markets"/);
    expect(code.textContent).toContain('kb-AbC1••••••••');
    expect(code.textContent).not.toContain(RAW_KEY);
    await user.click(screen.getByRole('button', { name: 'Copy' }));
    await waitFor(() => expect(client.keyCopied).toHaveBeenCalled());
    expect(client.revealKey).toHaveBeenCalledWith({ id: 'k-research' });
    expect(await navigator.clipboard.readText()).toBe(`curl "https://api.kalshibook.io/markets" \\\n  -H "Authorization: Bearer ${RAW_KEY}"`);
    await user.click(screen.getByRole('tab', { name: 'Python' }));
    expect(screen.getByText(/client\.list_markets\(\)/)).toBeTruthy();
  });

  it('history: shows the entries, re-runs one, and clears', async () => {
    await playgroundHistoryItem.setValue([
      { id: 'h1', at: Date.UTC(2026, 1, 16), via: 'key', endpoint: 'markets', values: {}, keyId: 'k-research', keyName: 'research', status: 200, problem: null, timeMs: 80 },
    ]);
    const { user, sent, calls } = setup(() => ({ kind: 'outcome', outcome: outcome({ endpoint: 'markets', body: { data: [], request_id: 'r', response_time: 0 } }) }));
    await user.click(await screen.findByRole('button', { name: 'Run again: GET /markets' }));
    await waitFor(() => expect(sent()).toHaveLength(1));
    expect(sent()[0]).toMatchObject({ action: 'send', endpoint: 'markets', keyId: 'k-research' });
    await user.click(screen.getByRole('button', { name: 'Clear' }));
    expect(calls.at(-1)).toEqual({ action: 'clear-history' });
  });
});

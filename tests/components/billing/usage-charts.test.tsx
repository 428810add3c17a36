// Billing's usage views from the recorded history: the forecast line in every state (options and
// popup), the three charts' summaries and "Show as table" numbers, "Recorded by this browser
// since", unreadable points, and the chart module loaded only when the charts are shown.
// happy-dom cannot draw on a canvas: the uPlot module is replaced by a recorder here; the real
// charts are drawn in the browser suite and in `npm run bench`.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { BillingSection } from '@/components/billing';
import { BillingSummary } from '@/components/billing/BillingSummary';
import type { UsageHistoryView } from '@/lib/background/usage-history';
import type { BillingStatus } from '@/lib/api/schemas';
import type { AccountHistory, UsagePoint } from '@/lib/usage/history';
import { createFakeClient, fail, ok } from '../../helpers/fake-client';
import { billing, keyRow } from '../../helpers/fixtures';
import { renderWithAccount } from '../../helpers/render';
import { setNow } from '../../helpers/clock';

const chartModule = vi.hoisted(() => ({ loads: 0, draws: [] as { lines: { label: string; values: (number | null)[] }[]; x: number[] }[] }));
vi.mock('@/components/usage/uplot-chart', () => {
  chartModule.loads += 1;
  return {
    drawChart: (_el: HTMLElement, spec: { lines: { label: string; values: (number | null)[] }[]; x: number[] }) => {
      chartModule.draws.push(spec);
      return { focus: () => undefined, resize: () => undefined, destroy: () => undefined };
    },
  };
});

const DEC = '2026-12-01T00:00:00+00:00';
const DEC_1 = Date.parse('2026-12-01T00:00:00Z');
const DAY = 86_400_000;
const K1 = '11111111-1111-4111-8111-111111111111';
const K2 = '22222222-2222-4222-8222-222222222222';

const status = (used: number, extra: Partial<BillingStatus> = {}) =>
  billing({ credits_total: 1000, credits_used: used, credits_remaining: Math.max(0, 1000 - used), billing_cycle_start: DEC, ...extra });
const point = (day: number, u: number, k: (number | null)[] = []): UsagePoint => ({ t: DEC_1 + day * DAY, u, c: 1000, tier: 'free', g: 0, k });
const hist = (points: UsagePoint[], extra: AccountHistory['series'] = []): AccountHistory => ({
  keys: [K1, K2],
  series: [...extra, { start: '2026-12-01T00:00:00.000Z', points }],
});

async function renderOptions(data: BillingStatus, view: UsageHistoryView | null, extra: Parameters<typeof createFakeClient>[0] = {}) {
  const client = createFakeClient({
    getBilling: async () => ok(data),
    getUsageHistory: async () => ok(view),
    listKeys: async () => ok([keyRow({ id: K1, name: 'backtest', credits_used: 300 }), keyRow({ id: K2, name: 'live', key_prefix: 'kb-Zz9', credits_used: 200 })]),
    ...extra,
  });
  const result = renderWithAccount(<BillingSection />, client);
  await screen.findByText('Current Plan');
  return result;
}

describe('forecast line (options)', () => {
  it('runs out: 500 of 1,000 ten days in → around December 21, with the pace named', async () => {
    setNow('2026-12-11T00:00:00Z');
    await renderOptions(status(500), { history: hist([]), dropped: 0 });
    expect(await screen.findByText('At this pace: ≈ 1,600 / 1,000 by January 1 — credits run out around December 21.')).toBeTruthy();
    expect(screen.getByText('Average since the cycle began: ≈ 50 credits a day.')).toBeTruthy();
  });

  it.each([
    ['on pace', status(200), 'At this pace: ≈ 620 / 1,000 by January 1.'],
    ['PAYG', status(1500, { tier: 'payg', payg_enabled: true }), 'At this pace: ≈ 3,700 credits over · ≈ $29.60 this cycle (estimate).'],
    ['ran out', status(1000), 'Credits ran out before December 11.'],
    ['too early', status(5), 'Too early to forecast.'],
    ['ended cycle', status(900, { billing_cycle_start: '2026-11-01T00:00:00+00:00' }), 'Too early to forecast.'],
  ])('%s', async (_name, data, text) => {
    setNow('2026-12-11T00:00:00Z');
    await renderOptions(data, { history: hist([]), dropped: 0 });
    expect(await screen.findByText(text)).toBeTruthy();
  });

  it('the history cannot be had from the background: Billing and the forecast still work, the charts say why they are missing', async () => {
    setNow('2026-12-11T00:00:00Z');
    await renderOptions(status(500), null, { getUsageHistory: async () => fail({ message: 'The KalshiBook extension is not responding.' }) });
    expect(screen.getByText('500 / 1,000 used')).toBeTruthy();
    expect(await screen.findByText('The usage charts could not be loaded. The KalshiBook extension is not responding.')).toBeTruthy();
    expect(screen.queryByTestId('usage-charts')).toBeNull();
    // The forecast still comes from the billing status alone.
    expect(screen.getByText(/^At this pace: ≈ 1,600 \/ 1,000/)).toBeTruthy();
  });
});

describe('usage charts (options)', () => {
  it('no history: each chart says so, nothing is drawn, the note says nothing was recorded', async () => {
    setNow('2026-12-11T00:00:00Z');
    await renderOptions(status(5), { history: { keys: [], series: [] }, dropped: 0 });
    expect(await screen.findByText('No usage recorded in this cycle yet.')).toBeTruthy();
    expect(screen.getByText('No key has recorded credits in this cycle yet.')).toBeTruthy();
    expect(screen.getByText('No earlier cycle recorded yet.')).toBeTruthy();
    expect(screen.getByText(/Nothing recorded by this browser yet/)).toBeTruthy();
    expect(screen.queryByRole('img', { name: /chart$/ })).toBeNull();
  });

  it('summaries, accessible names and tables with the stored numbers; keys named from the key list, top 5 + Other', async () => {
    setNow('2026-12-11T00:00:00Z');
    const user = userEvent.setup();
    const points = [point(1, 100, [60, 40]), point(4, 250, [150, 100]), point(9, 480, [290, 190])];
    const nov = { start: '2026-11-01T00:00:00.000Z', points: [{ t: Date.parse('2026-11-30T20:00:00Z'), u: 870, c: 1000, tier: 'free' as const, g: 0 as const, k: [] }] };
    await renderOptions(status(500), { history: hist(points, [nov]), dropped: 0 });

    const cycle = (await screen.findByRole('heading', { name: 'Usage this cycle' })).closest('section')!;
    expect(within(cycle).getByRole('img', { name: 'Usage this cycle chart' })).toBeTruthy();
    expect(within(cycle).getByText('480 of 1,000 credits used by Dec 10, 00:00 UTC, from 3 points recorded since December 2; ≈ 1,400 projected by January 1.')).toBeTruthy();
    await user.click(within(cycle).getByRole('button', { name: 'Show as table' }));
    const rows = within(within(cycle).getByRole('table')).getAllByRole('row').slice(1).map((r) => r.textContent);
    expect(rows).toEqual(['Dec 2, 00:00 UTC1001,000', 'Dec 5, 00:00 UTC2501,000', 'Dec 10, 00:00 UTC4801,000', 'January 1, 2027 (projected)≈ 1,4001,000']);
    expect(within(cycle).getByRole('button', { name: 'Hide table' }).getAttribute('aria-expanded')).toBe('true');

    const keys = screen.getByRole('heading', { name: 'Usage by key' }).closest('section')!;
    expect(within(keys).getByText('backtest used the most credits this cycle (290), then live (190).')).toBeTruthy();
    await user.click(within(keys).getByRole('button', { name: 'Show as table' }));
    const keyTable = within(keys).getByRole('table');
    expect(within(keyTable).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Recorded (UTC)', 'backtest', 'live']);
    expect(within(keyTable).getAllByRole('row').slice(1).map((r) => r.textContent)).toEqual(['Dec 2, 00:00 UTC6040', 'Dec 5, 00:00 UTC150100', 'Dec 10, 00:00 UTC290190']);

    const previous = screen.getByRole('heading', { name: 'Previous cycles' }).closest('section')!;
    expect(within(previous).getByText('From November 1, 2026: 870 of 1,000 credits.')).toBeTruthy();
    expect(screen.getByText('Recorded by this browser since November 30, 2026.')).toBeTruthy();

    // The chart module was loaded once, on demand, and drew the same numbers.
    await waitFor(() => expect(chartModule.draws.length).toBeGreaterThanOrEqual(3));
    const drawn = chartModule.draws.findLast((d) => d.lines[0]?.label === 'Credits used' && d.lines.some((l) => l.label === 'Projection'))!;
    expect(drawn.lines[0]!.values.filter((v) => v !== null)).toEqual([100, 250, 480]);
  });

  it('more than five keys: the top five and "Other"', async () => {
    setNow('2026-12-11T00:00:00Z');
    const ids = Array.from({ length: 7 }, (_, i) => `id-${i}`);
    const view = { history: { keys: ids, series: [{ start: '2026-12-01T00:00:00.000Z', points: [point(9, 280, [70, 60, 50, 40, 30, 20, 10])] }] }, dropped: 0 };
    await renderOptions(status(280), view, { listKeys: async () => ok(ids.map((id, i) => keyRow({ id, name: `key ${i}` }))) });
    const keys = (await screen.findByRole('heading', { name: 'Usage by key' })).closest('section')!;
    expect(within(keys).getByText('key 0 used the most credits this cycle (70), then key 1 (60), key 2 (50), key 3 (40), key 4 (30), Other (30).')).toBeTruthy();
  });

  it('points that could not be read are left out, and the page says so', async () => {
    setNow('2026-12-11T00:00:00Z');
    await renderOptions(status(500), { history: hist([point(9, 480)]), dropped: 3 });
    expect(await screen.findByText(/Some recorded points could not be read and were left out\./)).toBeTruthy();
  });

  it('keyboard: focusing the chart reads the last point, arrows move through the points', async () => {
    setNow('2026-12-11T00:00:00Z');
    const user = userEvent.setup();
    await renderOptions(status(500), { history: hist([point(1, 100), point(4, 250), point(9, 480)]), dropped: 0 });
    const chart = await screen.findByRole('img', { name: 'Usage this cycle chart' });
    chart.focus();
    await waitFor(() => expect(screen.getByText('Jan 1, 00:00 UTC: ≈ 1,400 credits projected')).toBeTruthy());
    await user.keyboard('{Home}');
    expect(screen.getByText('Dec 2, 00:00 UTC: 100 credits used')).toBeTruthy();
    await user.keyboard('{ArrowRight}');
    expect(screen.getByText('Dec 5, 00:00 UTC: 250 credits used')).toBeTruthy();
  });
});

describe('popup', () => {
  it('forecast line and sparkline under the credits bar; the chart module is not loaded', async () => {
    setNow('2026-12-11T00:00:00Z');
    const loadsBefore = chartModule.loads;
    const client = createFakeClient({ getBilling: async () => ok(status(500)), getUsageHistory: async () => ok({ history: hist([point(1, 100), point(9, 480)]), dropped: 0 }) });
    renderWithAccount(<BillingSummary />, client);
    // 48 h recorded: the recent pace (400 credits in 9 days since the point before the 7-day window).
    expect(await screen.findByText('At this pace: ≈ 1,400 / 1,000 by January 1 — credits run out around December 22.')).toBeTruthy();
    expect(screen.getByTestId('sparkline').querySelector('path')?.getAttribute('d')).toMatch(/^M[\d.]+ [\d.]+ L[\d.]+ [\d.]+$/);
    expect(chartModule.loads).toBe(loadsBefore);
  });
});

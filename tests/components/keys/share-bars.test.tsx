// Which key spends: each Usage cell of the options table carries a bar of the key's share of this
// cycle's credits (decoration: the text stays the reading); in a cycle that has ended the numbers
// are last cycle's and say so (options table and popup list), without bars.
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { KeysList } from '@/components/keys/KeysList';
import { KeysSection } from '@/components/keys/KeysSection';
import type { BillingStatus, KeyUsageItem } from '@/lib/api/schemas';
import { setNow } from '../../helpers/clock';
import { createFakeClient, ok } from '../../helpers/fake-client';
import { billing, keyRow } from '../../helpers/fixtures';
import { renderWithAccount } from '../../helpers/render';

const keys: KeyUsageItem[] = [
  keyRow({ id: 'a', name: 'backfill', key_prefix: 'kb-Aaaa', credits_used: 100, created_at: '2026-11-03T00:00:00Z' }),
  keyRow({ id: 'b', name: 'live', key_prefix: 'kb-Bbbb', credits_used: 600, created_at: '2026-11-02T00:00:00Z' }),
  keyRow({ id: 'c', name: 'notebook', key_prefix: 'kb-Cccc', credits_used: 300, created_at: '2026-11-01T00:00:00Z' }),
  keyRow({ id: 'd', name: 'idle', key_prefix: 'kb-Dddd', credits_used: 0, created_at: '2026-10-01T00:00:00Z' }),
];
const current = billing({ billing_cycle_start: '2026-12-01T00:00:00+00:00', credits_used: 1000 });
const ended = billing({ billing_cycle_start: '2026-11-01T00:00:00+00:00', credits_used: 1000 });

function render(ui: React.ReactElement, status: BillingStatus, rows = keys) {
  setNow('2026-12-02T09:00:00Z');
  return renderWithAccount(ui, createFakeClient({ listKeys: async () => ok(rows), getBilling: async () => ok(status) }));
}

const usageCell = (name: string) => {
  const row = screen.getAllByRole('row').find((r) => within(r).queryAllByRole('cell')[0]?.textContent === name)!;
  return within(row).getAllByRole('cell')[2]!;
};

describe('options keys table: share bars', () => {
  it('each Usage cell: the credits as text, and an aria-hidden bar of its share of all keys’ credits', async () => {
    render(<KeysSection />, current);
    await screen.findByText('live');
    await waitFor(() => expect(usageCell('live').querySelector('[data-share-bar]')).not.toBeNull());
    const share = (name: string) => usageCell(name).querySelector('[data-share-bar]')!;
    expect(['live', 'notebook', 'backfill', 'idle'].map((n) => share(n).getAttribute('data-share-bar'))).toEqual(['60.00', '30.00', '10.00', '0.00']);
    expect(share('live').getAttribute('aria-hidden')).toBe('true');
    expect((share('live').firstElementChild as HTMLElement).style.width).toBe('60%');
    // The accessible reading of the cell is the number alone.
    expect(usageCell('live').textContent).toBe('600 credits');
  });

  it('shares are of all keys, also while a search shows only some', async () => {
    const many = [...keys, ...Array.from({ length: 5 }, (_, i) => keyRow({ id: `x${i}`, name: `extra ${i}`, key_prefix: `kb-X${i}xx`, credits_used: 0, created_at: '2026-09-01T00:00:00Z' }))];
    const { container } = render(<KeysSection />, current, many);
    await screen.findByText('live');
    const search = screen.getByLabelText('Search keys');
    const { fireEvent } = await import('@testing-library/react');
    fireEvent.change(search, { target: { value: 'live' } });
    await waitFor(() => expect(screen.queryByText('notebook')).toBeNull());
    expect(container.querySelector('[data-share-bar]')?.getAttribute('data-share-bar')).toBe('60.00');
  });

  it('no usage at all: no bars to show', async () => {
    render(<KeysSection />, current, [keyRow({ credits_used: 0 })]);
    await screen.findByText('default');
    expect(document.querySelector('[data-share-bar]')).toBeNull();
  });

  it('an ended cycle: last cycle’s numbers say so, and no share bars', async () => {
    render(<KeysSection />, ended);
    await screen.findByText('live');
    await waitFor(() => expect(screen.getByRole('note').textContent).toContain('Usage below is from the last billing cycle.'));
    expect(usageCell('live').textContent).toBe('600 creditslast cycle');
    expect(document.querySelector('[data-share-bar]')).toBeNull();
  });
});

describe('popup keys list in an ended cycle', () => {
  it('marks the usage as last cycle’s', async () => {
    render(<KeysList />, ended);
    const row = await screen.findByRole('listitem', { name: 'live' });
    await waitFor(() => expect(row.textContent).toContain('600 credits(last cycle)'));
  });

  it('the current cycle: just the credits', async () => {
    render(<KeysList />, current);
    const row = await screen.findByRole('listitem', { name: 'live' });
    await waitFor(() => expect(row.textContent).toContain('600 credits'));
    expect(row.textContent).not.toContain('last cycle');
  });
});

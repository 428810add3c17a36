// The popup shell: cache-first (keys and plan appear before any answer from the background) and
// the first requests sent together.
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { PopupApp } from '@/entrypoints/popup/App';
import { dataCacheItem } from '@/lib/storage';
import { createFakeClient } from '../helpers/fake-client';
import { billing, keyRow } from '../helpers/fixtures';

const never = () => new Promise<never>(() => undefined);
const cache = {
  userId: 'user-1',
  keys: [keyRow({ id: 'k1', name: 'production', key_prefix: 'kb-Prod' }), keyRow({ id: 'k2', name: 'research', key_prefix: 'kb-Rsch' })],
  billing: billing({ tier: 'project', credits_total: 4000, credits_used: 100, credits_remaining: 3900 }),
  updatedAt: 1,
};

describe('popup, cache first', () => {
  it('shows cached keys and plan while the background has not answered anything yet', async () => {
    const client = createFakeClient({ getSession: never, listKeys: never, getBilling: never });
    render(<PopupApp client={client} initialCache={cache} />);
    const list = screen.getByRole('region', { name: 'API keys' });
    expect(within(list).getByText('production')).toBeTruthy();
    expect(within(list).getByText('research')).toBeTruthy();
    expect(screen.getByRole('banner').textContent).toContain('Project');
    // Both first requests went out at once, neither waiting for the other or for the session.
    expect(client.listKeys).toHaveBeenCalledTimes(1);
    expect(client.getBilling).toHaveBeenCalledTimes(1);
  });

  it('reads the cache from storage when it was not handed over, still before any answer', async () => {
    await dataCacheItem.setValue(cache);
    const client = createFakeClient({ getSession: never, listKeys: never, getBilling: never });
    render(<PopupApp client={client} />);
    expect(await screen.findByText('production')).toBeTruthy();
  });

  it('with nothing cached shows a loading state, not an empty list', async () => {
    const client = createFakeClient({ getSession: never, listKeys: never, getBilling: never });
    render(<PopupApp client={client} initialCache={null} />);
    expect(screen.queryByText('No API keys yet')).toBeNull();
    expect(document.querySelector('[aria-busy="true"]')).toBeTruthy();
  });
});

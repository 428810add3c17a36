import { act, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useAccount } from '@/components/account/AccountProvider';
import type { KeyUsageItem } from '@/lib/api/schemas';
import type { Result } from '@/lib/messaging';
import { createFakeClient, ok } from '../helpers/fake-client';
import { keyRow } from '../helpers/fixtures';
import { renderWithAccount } from '../helpers/render';

function Names() {
  const { keys, reloadKeys, removeKey } = useAccount();
  return (
    <div>
      <p data-testid="names">{(keys.data ?? []).map((k) => k.name).join(',')}</p>
      <button onClick={() => void reloadKeys()}>reload</button>
      <button onClick={() => removeKey('k1')}>remove k1</button>
    </div>
  );
}

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** A fake client whose every listKeys call waits until the test resolves it (in call order). */
function clientWithHeldLists() {
  const pending: { resolve: (v: Result<KeyUsageItem[]>) => void }[] = [];
  const client = createFakeClient({
    listKeys: () => {
      const d = deferred<Result<KeyUsageItem[]>>();
      pending.push(d);
      return d.promise;
    },
  });
  return { client, pending };
}

const both = [keyRow({ id: 'k1', name: 'one' }), keyRow({ id: 'k2', name: 'two' })];

describe('AccountProvider with answers out of order', () => {
  it('a list answered after a revoke does not bring the revoked key back', async () => {
    const { client, pending } = clientWithHeldLists();
    renderWithAccount(<Names />, client);
    await act(async () => pending[0]!.resolve(ok(both)));
    expect(screen.getByTestId('names').textContent).toBe('one,two');

    act(() => screen.getByText('reload').click()); // sent before the revoke
    act(() => screen.getByText('remove k1').click());
    expect(screen.getByTestId('names').textContent).toBe('two');
    await act(async () => pending[1]!.resolve(ok(both))); // the stale answer arrives
    expect(screen.getByTestId('names').textContent).toBe('two');
  });

  it('of two reloads, the newer answer wins even when the older one arrives last', async () => {
    const { client, pending } = clientWithHeldLists();
    renderWithAccount(<Names />, client);
    await act(async () => pending[0]!.resolve(ok(both)));
    act(() => screen.getByText('reload').click());
    act(() => screen.getByText('reload').click());
    await act(async () => pending[2]!.resolve(ok([keyRow({ id: 'k2', name: 'two' })])));
    await act(async () => pending[1]!.resolve(ok(both)));
    await waitFor(() => expect(screen.getByTestId('names').textContent).toBe('two'));
  });
});

describe('AccountProvider follows the session changed in another page', () => {
  it('signs in when another page signed in, and out when another page signed out', async () => {
    const { sessionChangeItem } = await import('@/lib/storage');
    let signedIn = false;
    const client = createFakeClient({
      getSession: async () => ok(signedIn ? { signedIn: true, email: 'ada@example.com', userId: 'user-1', reason: null } : { signedIn: false, email: null, userId: null, reason: null }),
    });
    function Who() {
      const { session } = useAccount();
      return <p data-testid="who">{session === null ? 'loading' : session.signedIn ? session.email : 'signed out'}</p>;
    }
    renderWithAccount(<Who />, client);
    await waitFor(() => expect(screen.getByTestId('who').textContent).toBe('signed out'));
    signedIn = true;
    await act(async () => sessionChangeItem.setValue({ signedIn: true, userId: 'user-1', at: 1 }));
    await waitFor(() => expect(screen.getByTestId('who').textContent).toBe('ada@example.com'));
    expect(client.listKeys.mock.calls.length).toBeGreaterThanOrEqual(2); // reloaded for the new session
    signedIn = false;
    await act(async () => sessionChangeItem.setValue({ signedIn: false, userId: null, at: 2 }));
    await waitFor(() => expect(screen.getByTestId('who').textContent).toBe('signed out'));
  });
});

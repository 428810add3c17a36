// No wrong or stale errors next to data (issue 19, item 4). An error belongs to the request that
// failed: it goes when the session it was made under goes, and when a later request for the same
// data succeeds — also when that success reaches the page first as the background's cache write
// (Firefox delivers that storage change before the message answer: the race seen there, where
// "Sign in to KalshiBook first." from the request made while signed out showed above the keys
// of the account just created).
import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { useAccount } from '@/components/account/AccountProvider';
import { SignInForm } from '@/components/auth';
import { KeysSection } from '@/components/keys/KeysSection';
import type { BillingStatus, KeyUsageItem } from '@/lib/api/schemas';
import type { Result } from '@/lib/messaging';
import { dataCacheItem } from '@/lib/storage';
import { createFakeClient, fail, ok } from '../helpers/fake-client';
import { billing, keyRow } from '../helpers/fixtures';
import { renderWithAccount } from '../helpers/render';

const SIGNED_OUT = { kind: 'signed_out' as const, code: 'signed_out', message: 'Sign in to KalshiBook first.' };
const ACCOUNT = { signedIn: true, email: 'new@example.com', userId: 'user-1', reason: null };

/** The options page's API Keys tab: the sign-in form while signed out, the keys once signed in. */
function KeysTab() {
  const { session } = useAccount();
  if (!session) return null;
  return session.signedIn ? <KeysSection /> : <SignInForm />;
}

const alerts = () => screen.queryAllByRole('alert').map((a) => a.textContent ?? '');

describe('creating an account: no error next to the new keys at any moment', () => {
  it('the error of the request made while signed out is gone before the new session shows; the cache write that beats the answer brings no error', async () => {
    let signedIn = false;
    const lists: { resolve: (r: Result<KeyUsageItem[]>) => void }[] = [];
    const bills: { resolve: (r: Result<BillingStatus>) => void }[] = [];
    const client = createFakeClient({
      getSession: async () => ok(signedIn ? ACCOUNT : { signedIn: false, email: null, userId: null, reason: null }),
      createAccount: async () => {
        signedIn = true;
        return ok(ACCOUNT);
      },
      // Signed out, the background answers at once; signed in, the test decides when.
      listKeys: () => (signedIn ? new Promise((resolve) => lists.push({ resolve })) : Promise.resolve(fail(SIGNED_OUT))),
      getBilling: () => (signedIn ? new Promise((resolve) => bills.push({ resolve })) : Promise.resolve(fail(SIGNED_OUT))),
    });
    const user = userEvent.setup();
    renderWithAccount(<KeysTab />, client);
    // The page loaded signed out: its first requests failed with "Sign in to KalshiBook first."
    await user.click(await screen.findByRole('button', { name: 'Create account' }));
    await waitFor(() => expect(client.listKeys).toHaveBeenCalledTimes(1));
    await act(async () => {});

    await user.type(screen.getByLabelText('Email'), 'new@example.com');
    await user.type(screen.getByLabelText('Password'), '12345678');
    await user.click(screen.getByRole('button', { name: 'Create account' }));
    await screen.findByRole('heading', { name: 'API Keys' });
    // The new session shows; its requests are still out. No error from the old one.
    expect(alerts()).toEqual([]);
    await waitFor(() => expect(lists.length).toBeGreaterThan(0));

    // The background's listKeys succeeded: it writes the cache, and that change reaches the page
    // before the answer (as Firefox delivers them).
    const keys = [keyRow({ id: 'k1', name: 'default' })];
    await act(async () => dataCacheItem.setValue({ userId: 'user-1', keys, billing: null, updatedAt: Date.now(), fetchedAt: { keys: Date.now() } }));
    expect(await screen.findByRole('cell', { name: 'default' })).toBeTruthy();
    expect(alerts()).toEqual([]);

    await act(async () => {
      for (const l of lists) l.resolve(ok(keys));
      for (const b of bills) b.resolve(ok(billing()));
    });
    expect(screen.getByRole('cell', { name: 'default' })).toBeTruthy();
    expect(alerts()).toEqual([]);
  });
});

describe('an error belongs to the request that failed', () => {
  const NETWORK = { kind: 'network' as const, code: 'network', message: 'Could not reach KalshiBook. Check your connection.' };

  /** Signed in with cached keys; the first list fails, later ones wait for the test. */
  async function failedOnce() {
    const t0 = Date.now();
    const keys = [keyRow({ id: 'k1', name: 'alpha' })];
    await dataCacheItem.setValue({ userId: 'user-1', keys, billing: billing(), updatedAt: t0 - 60_000, fetchedAt: { keys: t0 - 60_000 } });
    const later: { resolve: (r: Result<KeyUsageItem[]>) => void }[] = [];
    let calls = 0;
    const client = createFakeClient({
      listKeys: () => (++calls === 1 ? Promise.resolve(fail(NETWORK)) : new Promise((resolve) => later.push({ resolve }))),
    });
    renderWithAccount(<KeysSection />, client);
    await screen.findByRole('cell', { name: 'alpha' });
    await waitFor(() => expect(alerts()).toEqual([`${NETWORK.message}Retry`]));
    return { t0, later, keys };
  }

  it('goes when another page’s later request for the keys succeeded (its cache write arrives)', async () => {
    const { keys } = await failedOnce();
    const renamed = [{ ...keys[0]!, name: 'alpha-2' }];
    await act(async () => dataCacheItem.setValue({ userId: 'user-1', keys: renamed, billing: billing(), updatedAt: Date.now(), fetchedAt: { keys: Date.now() } }));
    expect(await screen.findByRole('cell', { name: 'alpha-2' })).toBeTruthy();
    expect(alerts()).toEqual([]);
  });

  it('stays when the cache brings keys fetched by a request sent before the failed one', async () => {
    const { t0, keys } = await failedOnce();
    const older = [{ ...keys[0]!, name: 'alpha-old' }];
    await act(async () => dataCacheItem.setValue({ userId: 'user-1', keys: older, billing: billing(), updatedAt: Date.now(), fetchedAt: { keys: t0 - 30_000 } }));
    expect(await screen.findByRole('cell', { name: 'alpha-old' })).toBeTruthy();
    expect(alerts()).toEqual([`${NETWORK.message}Retry`]);
  });

  it('stays while the retry is out and goes when the retry succeeds', async () => {
    const { later, keys } = await failedOnce();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Retry' }));
    expect(alerts()).toEqual([`${NETWORK.message}Retry`]);
    await act(async () => later[0]!.resolve(ok(keys)));
    expect(alerts()).toEqual([]);
  });
});

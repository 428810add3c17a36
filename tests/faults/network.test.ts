// Every network and server fault, through the whole background (BackgroundService on a fake
// server → handlers → the Result a page receives): the message and kind the user gets, that
// nothing signs them out, and that the last good data stays in the cache the pages render from.
// The fault table is network-cases.ts; schema drift, timeouts, the auth server during a refresh and
// the API base URL are drift-and-timeouts.test.ts.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { BackgroundService } from '@/lib/background/service';
import { dataCacheItem, pendingCheckoutItem, pendingKeyItem } from '@/lib/storage';
import { createFakeServer, EMAIL, PASSWORD, type FakeServer } from '../helpers/fake-server';
import { configure, serviceClient, service, type ServiceClient } from './harness';
import { bgSession, FAULTS, goodDataSession, OPERATIONS } from './network-cases';

let server: FakeServer;
let bg: BackgroundService;
let client: ServiceClient;

async function signedInWithGoodData() {
  ({ server, bg, client } = await goodDataSession());
}

beforeEach(async () => {
  await configure();
});

afterEach(async () => {
  // Stops a checkout watch an openCheckout may have started.
  await bg?.signOut().catch(() => undefined);
});

describe.each(FAULTS)('$fault', ({ respond, kind, message }) => {
  beforeEach(signedInWithGoodData);

  it.each(OPERATIONS)('$op → a short message, still signed in, last good data kept', async ({ route, run }) => {
    const cacheBefore = await dataCacheItem.getValue();
    const tabs = vi.spyOn(fakeBrowser.tabs, 'create');
    server.fault(route, respond);

    const result = await run(client);

    expect(result).toEqual({ ok: false, error: expect.objectContaining({ kind, message }) });
    if (!result.ok) {
      expect(result.error.message.length).toBeLessThan(300);
      expect(result.error.message).not.toMatch(/\n\s*at /);
    }
    expect(await bgSession(client)).toBe(true);
    // The keys and plan the pages show stay as they were.
    expect((await dataCacheItem.getValue())?.keys).toEqual(cacheBefore?.keys);
    expect((await dataCacheItem.getValue())?.billing).toEqual(cacheBefore?.billing);
    // Nothing half-done: no pending key, no Stripe tab, no checkout being watched.
    expect(await pendingKeyItem.getValue()).toBeNull();
    expect(tabs).not.toHaveBeenCalled();
    expect(await pendingCheckoutItem.getValue()).toBeNull();

    // The fault clears: the same action works (this is what "Retry" does).
    server.clearFaults();
    const again = await run(client);
    expect(again.ok).toBe(true);
  });
});

describe.each(FAULTS)('sign-in while: $fault', ({ respond, kind, message }) => {
  it('shows the message, stays signed out, keeps no session', async () => {
    server = createFakeServer();
    client = serviceClient(service(server));
    server.fault('POST /auth/login', respond);
    const result = await client.signIn({ email: EMAIL, password: PASSWORD });
    expect(result).toEqual({ ok: false, error: expect.objectContaining({ kind, message }) });
    expect(await bgSession(client)).toBe(false);
    const session = await fakeBrowser.storage.session.get(null);
    expect(Object.values(session).filter((v) => v !== null)).toEqual([]);
  });
});

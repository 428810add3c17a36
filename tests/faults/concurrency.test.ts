// Concurrency at the background: double clicks, two pages doing the same thing, quick toggles,
// many calls failing at once. The fake server counts what really reached it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { SESSION_EXPIRED_MESSAGE } from '@/lib/api/errors';
import { runHandler, handlersFor } from '@/lib/background/register';
import type { BackgroundService } from '@/lib/background/service';
import { dataCacheItem } from '@/lib/storage';
import { createFakeServer, reply, type FakeServer } from '../helpers/fake-server';
import { configure, signedInService } from './harness';

let server: FakeServer;
let bg: BackgroundService;

beforeEach(async () => {
  await configure();
  server = createFakeServer();
  server.addKey('default', 'dev');
  server.addKey('ci', 'prod');
  bg = await signedInService(server);
  await bg.listKeys();
  await bg.getBilling();
});

afterEach(async () => {
  await bg.signOut().catch(() => undefined);
});

const firstKeyId = () => [...server.keys.values()][0]!.id;

describe('revoke', () => {
  it('two revokes of one key at once (double click) send one DELETE and both succeed', async () => {
    const id = firstKeyId();
    const held = server.hold('DELETE /keys/*', 'request');
    const a = bg.revokeKey(id);
    const b = bg.revokeKey(id);
    await held.reached;
    held.release();
    await expect(Promise.all([a, b])).resolves.toEqual([{ alreadyRevoked: false }, { alreadyRevoked: false }]);
    expect(server.requests('DELETE /keys/*')).toHaveLength(1);
    expect((await dataCacheItem.getValue())?.keys?.map((k) => k.id)).not.toContain(id);
  });

  it('revoke from two pages (popup and options) at once: one DELETE, no error for either', async () => {
    const id = firstKeyId();
    const handlers = handlersFor(bg);
    const popup = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') };
    const options = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/options.html#keys') };
    const [a, b] = await Promise.all([
      runHandler(popup, () => handlers.revokeKey({ id })),
      runHandler(options, () => handlers.revokeKey({ id })),
    ]);
    expect(a).toEqual({ ok: true, data: { alreadyRevoked: false } });
    expect(b.ok).toBe(true);
    expect(server.requests('DELETE /keys/*')).toHaveLength(1);
  });

  it('a revoke after the key was revoked elsewhere (404 key_not_found) is a success: alreadyRevoked', async () => {
    const id = firstKeyId();
    server.keys.get(id)!.revoked = true; // the web dashboard or another device revoked it
    await expect(bg.revokeKey(id)).resolves.toEqual({ alreadyRevoked: true });
    expect((await dataCacheItem.getValue())?.keys?.map((k) => k.id)).not.toContain(id);
  });

  it('the second of two revokes one after the other is alreadyRevoked, not an error', async () => {
    const id = firstKeyId();
    await expect(bg.revokeKey(id)).resolves.toEqual({ alreadyRevoked: false });
    await expect(bg.revokeKey(id)).resolves.toEqual({ alreadyRevoked: true });
    expect(server.requests('DELETE /keys/*')).toHaveLength(2);
  });

  it('a failed revoke is an error for every caller that shared it, and the next one tries again', async () => {
    const id = firstKeyId();
    server.fault('DELETE /keys/*', reply.networkError, 1);
    const results = await Promise.allSettled([bg.revokeKey(id), bg.revokeKey(id)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(server.requests('DELETE /keys/*')).toHaveLength(1);
    await expect(bg.revokeKey(id)).resolves.toEqual({ alreadyRevoked: false });
    expect(server.keys.get(id)!.revoked).toBe(true);
  });

  it('revoking two different keys at once revokes both', async () => {
    const [k1, k2] = [...server.keys.keys()];
    await Promise.all([bg.revokeKey(k1!), bg.revokeKey(k2!)]);
    expect(server.requests('DELETE /keys/*')).toHaveLength(2);
    expect((await dataCacheItem.getValue())?.keys).toEqual([]);
  });
});

describe('create', () => {
  it('createKey twice at once (double click) sends one POST and both get the same key', async () => {
    const held = server.hold('POST /keys', 'request');
    const a = bg.createKey('testing', 'dev', false);
    const b = bg.createKey('testing', 'dev', false);
    await held.reached;
    held.release();
    const [ka, kb] = await Promise.all([a, b]);
    expect(ka.id).toBe(kb.id);
    expect(server.requests('POST /keys')).toHaveLength(1);
    expect([...server.keys.values()].filter((k) => k.name === 'testing')).toHaveLength(1);
  });

  it('a double click with stray spaces is still one key', async () => {
    await Promise.all([bg.createKey('testing', 'dev', true), bg.createKey(' testing ', 'dev', true)]);
    expect(server.requests('POST /keys')).toHaveLength(1);
  });

  it('two different keys at once are two keys', async () => {
    await Promise.all([bg.createKey('a', 'dev', false), bg.createKey('b', 'dev', false), bg.createKey('a', 'prod', false)]);
    expect(server.requests('POST /keys')).toHaveLength(3);
  });

  it('creating the same name again later is a new key (only simultaneous requests are merged)', async () => {
    const first = await bg.createKey('testing', 'dev', false);
    const second = await bg.createKey('testing', 'dev', false);
    expect(first.id).not.toBe(second.id);
  });
});

describe('Pay-As-You-Go toggled twice quickly', () => {
  it('requests go out in order, one at a time, and the final state is the server’s (off)', async () => {
    const held = server.hold('POST /billing/payg', 'response');
    const on = bg.setPayg(true);
    const off = bg.setPayg(false);
    await held.reached;
    // The second toggle waits for the first answer.
    expect(server.requests('POST /billing/payg').map((c) => c.json)).toEqual([{ enable: true }]);
    held.release();
    await expect(on).resolves.toMatchObject({ payg_enabled: true });
    await expect(off).resolves.toMatchObject({ payg_enabled: false });
    expect(server.requests('POST /billing/payg').map((c) => c.json)).toEqual([{ enable: true }, { enable: false }]);
    expect(server.billing.payg_enabled).toBe(false);
    // The billing refresh after each toggle settles on the server's final state.
    await expect.poll(async () => (await dataCacheItem.getValue())?.billing?.payg_enabled).toBe(false);
    expect(await bg.getBilling()).toMatchObject({ payg_enabled: false, tier: 'free' });
  });

  it('a stale billing answer that arrives last does not overwrite the newer state', async () => {
    // The status fetched after "on" is answered only after the one fetched after "off".
    const staleStatus = server.hold('GET /billing/status', 'response');
    const on = bg.setPayg(true);
    const off = bg.setPayg(false);
    await Promise.all([on, off, staleStatus.reached]);
    await expect.poll(() => server.requests('GET /billing/status').length).toBeGreaterThanOrEqual(3);
    await expect.poll(async () => (await dataCacheItem.getValue())?.billing?.payg_enabled).toBe(false);
    staleStatus.release();
    await new Promise((r) => setTimeout(r, 20));
    expect(server.billing.payg_enabled).toBe(false);
    expect((await dataCacheItem.getValue())?.billing).toMatchObject({ payg_enabled: false, tier: 'free' });
  });

  it('a failed first toggle does not block the second', async () => {
    server.fault('POST /billing/payg', () => reply.envelope(502, 'stripe_error', 'Payment service temporarily unavailable. Please try again.'), 1);
    const on = bg.setPayg(true);
    const off = bg.setPayg(false);
    await expect(on).rejects.toMatchObject({ code: 'stripe_error' });
    await expect(off).resolves.toMatchObject({ payg_enabled: false });
    expect(server.billing.payg_enabled).toBe(false);
  });
});

describe('many calls failing at once', () => {
  it('20 different calls failing with 401 at once cause one refresh, and all succeed', async () => {
    server.expireAccessTokens();
    const id = firstKeyId();
    const calls = Array.from({ length: 20 }, (_, i) =>
      [() => bg.listKeys(), () => bg.getBilling(), () => bg.revealKey(id), () => bg.renameKey(id, `n${i}`)][i % 4]!(),
    );
    const results = await Promise.allSettled(calls);
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(server.refreshCalls).toBe(1);
  });

  it('20 calls at once with a revoked refresh token: one refresh, all end in "session expired", signed out once', async () => {
    server.revokeAll();
    let signOuts = 0;
    const original = bg.session.signOut.bind(bg.session);
    bg.session.signOut = async (reason) => {
      signOuts += 1;
      return original(reason);
    };
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => bg.listKeys()));
    expect(server.refreshCalls).toBe(1);
    for (const r of results) {
      expect(r.status).toBe('rejected');
      if (r.status === 'rejected') expect(['session_expired', 'signed_out']).toContain(r.reason.kind);
    }
    expect(results.some((r) => r.status === 'rejected' && r.reason.message === SESSION_EXPIRED_MESSAGE)).toBe(true);
    expect(signOuts).toBe(1);
    expect(await bg.getSession()).toMatchObject({ signedIn: false, reason: SESSION_EXPIRED_MESSAGE });
  });

  it('20 calls at once while the auth server is down: one refresh attempt, 20 errors, still signed in', async () => {
    server.expireAccessTokens();
    server.fault('POST /auth/v1/token', reply.networkError);
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => bg.listKeys()));
    expect(results.every((r) => r.status === 'rejected' && r.reason.kind === 'network')).toBe(true);
    expect(server.requests('POST /auth/v1/token')).toHaveLength(1);
    expect((await bg.getSession()).signedIn).toBe(true);
    server.clearFaults();
    await expect(bg.listKeys()).resolves.toHaveLength(2);
  });
});

describe('a list answer older than a change', () => {
  it('a key list requested before a revoke and answered after it does not bring the key back', async () => {
    const id = firstKeyId();
    const staleList = server.hold('GET /keys/usage', 'response');
    const list = bg.listKeys();
    await staleList.reached; // the server listed the key, its answer is on the way
    await bg.revokeKey(id);
    staleList.release();
    await list;
    expect((await dataCacheItem.getValue())?.keys?.map((k) => k.id)).not.toContain(id);
    // A list requested after the change is taken as is.
    await bg.listKeys();
    expect((await dataCacheItem.getValue())?.keys?.map((k) => k.id)).toEqual([...server.keys.values()].filter((k) => !k.revoked).map((k) => k.id));
  });

  it('a create and a revoke finishing together both land in the cache', async () => {
    const id = firstKeyId();
    const [created] = await Promise.all([bg.createKey('new one', 'dev', false), bg.revokeKey(id), bg.renameKey([...server.keys.keys()][1]!, 'renamed')]);
    const cached = (await dataCacheItem.getValue())?.keys ?? [];
    expect(cached.map((k) => k.id)).toContain(created.id);
    expect(cached.map((k) => k.id)).not.toContain(id);
    expect(cached.find((k) => k.name === 'renamed')).toBeTruthy();
  });
});

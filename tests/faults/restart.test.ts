// The service worker stopped in the middle of a flow: Chrome kills an idle worker (after ~30 s)
// and starts a fresh one for the next message or alarm. A new BackgroundService on the same
// storage stands for that fresh worker; the next action must work.
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { BADGE_ALARM, CHECKOUT_ALARM, PENDING_KEY_ALARM } from '@/lib/background/service';
import { REFRESH_ALARM } from '@/lib/session/session';
import { checkoutOutcomeItem, dataCacheItem, pendingCheckoutItem, pendingKeyItem, PENDING_KEY_TTL_MS } from '@/lib/storage';
import { createFakeServer, reply, type FakeServer } from '../helpers/fake-server';
import { configure, service, signedInService } from './harness';

let server: FakeServer;
let clock: number;

beforeEach(async () => {
  clock = Date.UTC(2026, 1, 20, 9, 0, 0);
  await configure();
  server = createFakeServer({ now: () => clock });
  server.addKey('default', 'dev');
});

const restart = () => service(server, { now: () => clock });

describe('service worker restarted mid-flow', () => {
  it('a key created in the popup (keepPending) is still shown by the restarted worker', async () => {
    const a = await signedInService(server, { now: () => clock });
    const created = await a.createKey('ci', 'dev', true);
    const b = restart();
    expect((await b.getPendingKey())?.key).toBe(created.key);
    await b.clearPendingKey();
    expect(await restart().getPendingKey()).toBeNull();
  });

  it('after sign-in on one worker, the restarted worker can revoke (no refresh, no sign-in)', async () => {
    const a = await signedInService(server, { now: () => clock });
    await a.listKeys();
    const id = [...server.keys.keys()][0]!;
    const b = restart();
    await expect(b.revokeKey(id)).resolves.toEqual({ alreadyRevoked: false });
    expect(server.requests('DELETE /keys/*')).toHaveLength(1);
    expect(server.refreshCalls).toBe(0);
    expect((await dataCacheItem.getValue())?.keys).toEqual([]);
  });

  it('a create whose worker died before the answer: the next worker creates again, without a stale merge', async () => {
    const a = await signedInService(server, { now: () => clock });
    server.fault('POST /keys', reply.hang, 1);
    void a.createKey('ci', 'dev', true).catch(() => undefined); // the worker is gone before the answer
    await expect.poll(() => server.requests('POST /keys').length).toBe(1);
    const b = restart();
    const created = await b.createKey('ci', 'dev', true);
    expect(server.requests('POST /keys')).toHaveLength(2);
    expect((await b.getPendingKey())?.key).toBe(created.key);
  });

  it('the refresh alarm wakes a new worker, which refreshes with the stored refresh token', async () => {
    await signedInService(server, { now: () => clock });
    expect(await fakeBrowser.alarms.get(REFRESH_ALARM)).toBeDefined();
    clock += 3_550_000; // close to expiry
    const b = restart();
    await b.onAlarm(REFRESH_ALARM);
    expect(server.refreshCalls).toBe(1);
    await expect(b.listKeys()).resolves.toHaveLength(1);
    expect(server.refreshCalls).toBe(1);
  });

  it('the access token expired while no worker ran: the next action refreshes transparently', async () => {
    await signedInService(server, { now: () => clock });
    clock += 2 * 3600_000;
    server.expireAccessTokens();
    await expect(restart().listKeys()).resolves.toHaveLength(1);
    expect(server.refreshCalls).toBe(1);
  });

  it('a pending key that expired while no worker ran is erased by the alarm on a new worker', async () => {
    const a = await signedInService(server, { now: () => clock });
    const created = await a.createKey('ci', 'dev', true);
    clock += PENDING_KEY_TTL_MS + 1;
    await restart().onAlarm(PENDING_KEY_ALARM);
    expect(await pendingKeyItem.getValue()).toBeNull();
    expect(JSON.stringify(await fakeBrowser.storage.session.get(null))).not.toContain(created.key);
  });

  it('a checkout opened by a worker that stopped is still watched by the next one', async () => {
    const a = await signedInService(server, { now: () => clock });
    await a.getBilling();
    await a.openCheckout();
    a.checkout.stopPolling(); // the worker is gone
    expect(await pendingCheckoutItem.getValue()).not.toBeNull();
    // The subscription goes through while no worker runs.
    server.billing.tier = 'project';
    server.billing.subscription = true;
    server.billing.credits_total = 4000;
    const b = restart();
    await b.onAlarm(CHECKOUT_ALARM);
    expect(await checkoutOutcomeItem.getValue()).toMatchObject({ outcome: 'success' });
    expect(await pendingCheckoutItem.getValue()).toBeNull();
    expect((await dataCacheItem.getValue())?.billing).toMatchObject({ tier: 'project', credits_total: 4000 });
    b.checkout.stopPolling();
  });

  it('the badge alarm on a new worker refreshes billing, and does nothing signed out', async () => {
    await signedInService(server, { now: () => clock });
    server.billing.credits_used = 1000;
    await restart().onAlarm(BADGE_ALARM);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('0');
    await restart().signOut();
    const before = server.calls.length;
    await restart().onAlarm(BADGE_ALARM);
    expect(server.calls.length).toBe(before);
  });

  it('a sign-out on one worker is seen by the next one: no stale session in memory', async () => {
    const a = await signedInService(server, { now: () => clock });
    await a.signOut();
    const b = restart();
    expect((await b.getSession()).signedIn).toBe(false);
    await expect(b.listKeys()).rejects.toMatchObject({ kind: 'signed_out' });
  });
});

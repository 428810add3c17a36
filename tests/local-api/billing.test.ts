/** Billing endpoints (contract §5.9–§5.12, §7) and the local Stripe stand-in pages. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalApi } from '../../local-api/server';
import { call, envelopeOf, ISO_TIMESTAMP, signUp, startTestApi, type TestUser } from './helpers';

const DASHBOARD = 'http://dashboard.test:3000';
let api: LocalApi;

beforeAll(async () => {
  api = await startTestApi({ dashboardUrl: DASHBOARD });
});
afterAll(() => api.close());

const status = async (user: TestUser) => (await call(api, 'GET', '/billing/status', { token: user.accessToken })).body;
const payg = (user: TestUser, json: unknown) => call(api, 'POST', '/billing/payg', { token: user.accessToken, json });
/** A page of the local Stripe stand-in, as a browser would load it (same origin as the API). */
const page = (url: string, method = 'GET') => fetch(url, { method, redirect: 'manual' });

describe('GET /billing/status', () => {
  it('a new account: free, 1000 credits, cycle start = first instant of the month in UTC', async () => {
    const user = await signUp(api);
    const response = await call(api, 'GET', '/billing/status', { token: user.accessToken });
    expect(Object.keys(response.body)).toEqual([
      'tier',
      'credits_total',
      'credits_used',
      'credits_remaining',
      'payg_enabled',
      'billing_cycle_start',
      'request_id',
    ]);
    const now = new Date();
    const monthStart = `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}-01T00:00:00+00:00`;
    expect(response.body).toMatchObject({
      tier: 'free',
      credits_total: 1000,
      credits_used: 0,
      credits_remaining: 1000,
      payg_enabled: false,
      billing_cycle_start: monthStart,
    });
    expect(response.body.billing_cycle_start).toMatch(ISO_TIMESTAMP);
  });
});

describe('POST /billing/payg', () => {
  it('enable → payg tier; disable → back to free; same state twice is fine', async () => {
    const user = await signUp(api);
    const on = await payg(user, { enable: true });
    expect(on.status).toBe(200);
    expect(on.body).toEqual({
      payg_enabled: true,
      message: 'Pay-As-You-Go enabled. Overage credits will be billed at $0.008/credit.',
      request_id: on.headers.get('x-request-id'),
    });
    expect(await status(user)).toMatchObject({ tier: 'payg', payg_enabled: true, credits_total: 1000 });
    expect((await payg(user, { enable: 'yes' })).body.payg_enabled).toBe(true);
    const off = await payg(user, { enable: 0 });
    expect(off.body).toMatchObject({
      payg_enabled: false,
      message: 'Pay-As-You-Go disabled. API access will stop when credits are exhausted.',
    });
    expect(await status(user)).toMatchObject({ tier: 'free', payg_enabled: false });
  });

  it('accepts lax booleans and rejects the rest like Pydantic', async () => {
    const user = await signUp(api);
    for (const enable of [true, 1, 'true', 'on', 'Y', '1', 'off', 'false', 'no', 0]) {
      expect((await payg(user, { enable })).status).toBe(200);
    }
    const message = async (json: unknown) => envelopeOf(await payg(user, json)).message;
    expect(await message({ enable: 'maybe' })).toBe('body.enable: Input should be a valid boolean, unable to interpret input');
    expect(await message({ enable: 2 })).toBe('body.enable: Input should be a valid boolean, unable to interpret input');
    expect(await message({ enable: null })).toBe('body.enable: Input should be a valid boolean');
    expect(await message({ enable: 0.5 })).toBe('body.enable: Input should be a valid boolean');
    expect(await message({})).toBe('body.enable: Field required');
    expect(envelopeOf(await call(api, 'POST', '/billing/payg', { token: user.accessToken })).message).toBe('body: Field required');
  });
});

describe('POST /billing/portal', () => {
  it('400 no_billing_account before any checkout (or PAYG)', async () => {
    const user = await signUp(api);
    const response = await call(api, 'POST', '/billing/portal', { token: user.accessToken });
    expect(response.status).toBe(400);
    expect(envelopeOf(response)).toEqual({
      code: 'no_billing_account',
      message: 'No billing account found. Subscribe first via POST /billing/checkout.',
      status: 400,
    });
  });

  it('works once PAYG created a Stripe customer', async () => {
    const user = await signUp(api);
    await payg(user, { enable: true });
    await payg(user, { enable: false });
    const response = await call(api, 'POST', '/billing/portal', { token: user.accessToken });
    expect(response.status).toBe(200);
    expect(response.body.portal_url).toMatch(new RegExp(`^${api.url}/stripe/portal/bps_local_\\w+$`));
  });
});

describe('checkout and the local Stripe pages', () => {
  it('checkout → Subscribe → project / 4000; the session is then used up', async () => {
    const user = await signUp(api);
    const checkout = await call(api, 'POST', '/billing/checkout', { token: user.accessToken });
    expect(checkout.status).toBe(200);
    expect(Object.keys(checkout.body)).toEqual(['checkout_url', 'request_id']);
    expect(checkout.body.checkout_url).toMatch(new RegExp(`^${api.url}/stripe/checkout/cs_local_\\w+$`));

    const html = await page(checkout.body.checkout_url);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toContain('text/html');
    const text = await html.text();
    expect(text).toContain('Project plan — $30/month');
    expect(text).toContain('>Subscribe</button>');
    expect(text).toContain('>Cancel</button>');
    expect(text).toContain(user.email);

    const subscribe = await page(`${checkout.body.checkout_url}/subscribe`, 'POST');
    expect(subscribe.status).toBe(303);
    expect(subscribe.headers.get('location')).toBe(`${DASHBOARD}/billing?success=true`);
    expect(await status(user)).toMatchObject({ tier: 'project', credits_total: 4000, credits_remaining: 4000 });

    expect((await page(checkout.body.checkout_url)).status).toBe(404);
    expect((await page(`${checkout.body.checkout_url}/subscribe`, 'POST')).status).toBe(404);
  });

  it('Cancel returns to the dashboard with ?canceled=true and changes nothing — but the customer exists now', async () => {
    const user = await signUp(api);
    const checkout = await call(api, 'POST', '/billing/checkout', { token: user.accessToken });
    const cancel = await page(`${checkout.body.checkout_url}/cancel`, 'POST');
    expect(cancel.status).toBe(303);
    expect(cancel.headers.get('location')).toBe(`${DASHBOARD}/billing?canceled=true`);
    expect(await status(user)).toMatchObject({ tier: 'free', credits_total: 1000 });
    expect((await call(api, 'POST', '/billing/portal', { token: user.accessToken })).status).toBe(200);
  });

  it('the portal shows the plan and cancels the subscription like the webhook', async () => {
    const user = await signUp(api);
    const checkout = await call(api, 'POST', '/billing/checkout', { token: user.accessToken });
    await page(`${checkout.body.checkout_url}/subscribe`, 'POST');
    await payg(user, { enable: true });
    const portal = await call(api, 'POST', '/billing/portal', { token: user.accessToken });
    const before = await (await page(portal.body.portal_url)).text();
    expect(before).toContain('Project');
    expect(before).toContain('0 / 4,000 used');
    expect(before).toContain('>Cancel subscription</button>');
    expect(before).toContain(`href="${DASHBOARD}/billing">Return</a>`);

    const cancel = await page(`${portal.body.portal_url}/cancel-subscription`, 'POST');
    expect(cancel.status).toBe(303);
    expect(await status(user)).toMatchObject({ tier: 'free', credits_total: 1000, payg_enabled: false });
    const after = await (await page(`${api.url}${cancel.headers.get('location')}`)).text();
    expect(after).toContain('Your subscription has been canceled.');
    expect(after).not.toContain('>Cancel subscription</button>');
  });

  it('unknown sessions are 404 pages', async () => {
    expect((await page(`${api.url}/stripe/checkout/cs_local_nope`)).status).toBe(404);
    expect((await page(`${api.url}/stripe/portal/bps_local_nope`)).status).toBe(404);
  });

  it('GET /billing is a landing page for the return from Stripe', async () => {
    const success = await (await page(`${api.url}/billing?success=true`)).text();
    expect(success).toContain('<title>KalshiBook — Billing</title>');
    expect(success).toContain('Subscription activated!');
    expect(await (await page(`${api.url}/billing?canceled=true`)).text()).toContain('Checkout canceled.');
  });

  it('POST /billing/webhook rejects anything not signed by Stripe', async () => {
    const response = await call(api, 'POST', '/billing/webhook', { json: { type: 'customer.subscription.created' } });
    expect(response.status).toBe(400);
    expect(envelopeOf(response)).toEqual({ code: 'invalid_signature', message: 'Invalid Stripe webhook signature.', status: 400 });
  });
});

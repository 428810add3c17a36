/**
 * Stripe's hosted pages, in the spirit of Stripe test mode: a Checkout page for the Project plan
 * and a Customer Portal page. Their buttons apply what Stripe's webhooks would make the real
 * backend do, then send the browser where Stripe would (`{dashboard}/billing?…`).
 * Also the local `GET /billing` page, so those redirects land somewhere real.
 */
import { Hono } from 'hono';
import type { AppContext } from '../context';
import { applySubscriptionActive, applySubscriptionCanceled, getBillingAccount } from '../services/billing';
import { completeStripeSession, findStripeSession, stripeId } from '../services/stripe';
import { escapeHtml, notFoundPage, page } from './html';

const seeOther = (location: string): Response => new Response(null, { status: 303, headers: { location } });

const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
const TIER_NAMES: Record<string, string> = { free: 'Free', payg: 'Pay-As-You-Go', project: 'Project' };
const formatNumber = (value: number): string => value.toLocaleString('en-US');

export function stripePages(app: AppContext): Hono {
  const routes = new Hono();
  const dashboardBilling = (query = ''): string => `${app.settings.dashboardUrl.replace(/\/+$/, '')}/billing${query}`;

  routes.get('/stripe/checkout/:id', async (c) => {
    const session = await findStripeSession(app.db, 'checkout', c.req.param('id'));
    if (!session || session.completed_at !== null) return notFoundPage('This checkout session does not exist or has already been completed.');
    const base = `/stripe/checkout/${encodeURIComponent(session.id)}`;
    return page(
      'Subscribe to KalshiBook Project plan',
      `<span class="badge">Test mode</span>
<h1>Project plan — $30/month</h1>
<p class="muted">KalshiBook</p>
<p class="price">$30.00 <span class="muted" style="font-size:15px;font-weight:400">per month</span></p>
<dl>
  <dt>Credits</dt><dd>4,000 per month</dd>
  <dt>Email</dt><dd>${escapeHtml(session.email)}</dd>
  <dt>Payment</dt><dd>Local test mode — no card needed</dd>
</dl>
<div class="actions">
  <form method="post" action="${base}/subscribe"><button class="primary" type="submit">Subscribe</button></form>
  <form method="post" action="${base}/cancel"><button type="submit">Cancel</button></form>
</div>
<footer>Served by the KalshiBook local API in place of Stripe Checkout. No payment is taken.</footer>`,
    );
  });

  routes.post('/stripe/checkout/:id/subscribe', async (c) => {
    const session = await findStripeSession(app.db, 'checkout', c.req.param('id'));
    if (!session || !(await completeStripeSession(app.db, session.id))) {
      return notFoundPage('This checkout session does not exist or has already been completed.');
    }
    // customer.subscription.created with status "active".
    await applySubscriptionActive(app.db, session.stripe_customer_id, stripeId('sub'));
    return seeOther(dashboardBilling('?success=true'));
  });

  routes.post('/stripe/checkout/:id/cancel', async (c) => {
    const session = await findStripeSession(app.db, 'checkout', c.req.param('id'));
    if (!session || session.completed_at !== null) {
      return notFoundPage('This checkout session does not exist or has already been completed.');
    }
    return seeOther(dashboardBilling('?canceled=true'));
  });

  routes.get('/stripe/portal/:id', async (c) => {
    const session = await findStripeSession(app.db, 'portal', c.req.param('id'));
    if (!session) return notFoundPage('This billing portal session does not exist.');
    const account = await getBillingAccount(app.db, session.user_id);
    const tier = account?.tier ?? 'free';
    const subscribed = Boolean(account?.stripe_subscription_id);
    const base = `/stripe/portal/${encodeURIComponent(session.id)}`;
    const notice =
      c.req.query('canceled') === 'true'
        ? '<p class="notice info" role="status">Your subscription has been canceled.</p>'
        : '';
    return page(
      'KalshiBook billing portal',
      `<span class="badge">Test mode</span>
<h1>KalshiBook billing</h1>
<p class="muted">${escapeHtml(session.email)}</p>
${notice}
<dl>
  <dt>Current plan</dt><dd>${escapeHtml(TIER_NAMES[tier] ?? capitalise(tier))}</dd>
  <dt>Credits</dt><dd>${formatNumber(account?.credits_used ?? 0)} / ${formatNumber(account?.credits_total ?? 1000)} used</dd>
  <dt>Pay-As-You-Go</dt><dd>${account?.payg_enabled ? 'Enabled' : 'Disabled'}</dd>
  <dt>Subscription</dt><dd>${subscribed ? 'Project plan — $30/month' : 'None'}</dd>
</dl>
<div class="actions">
  ${
    subscribed
      ? `<form method="post" action="${base}/cancel-subscription"><button class="danger" type="submit">Cancel subscription</button></form>`
      : ''
  }
  <a class="button" href="${escapeHtml(dashboardBilling())}">Return</a>
</div>
<footer>Served by the KalshiBook local API in place of the Stripe customer portal.</footer>`,
    );
  });

  routes.post('/stripe/portal/:id/cancel-subscription', async (c) => {
    const session = await findStripeSession(app.db, 'portal', c.req.param('id'));
    if (!session) return notFoundPage('This billing portal session does not exist.');
    // customer.subscription.deleted
    await applySubscriptionCanceled(app.db, session.stripe_customer_id);
    return seeOther(`/stripe/portal/${encodeURIComponent(session.id)}?canceled=true`);
  });

  routes.get('/billing', (c) => {
    const success = c.req.query('success') === 'true';
    const canceled = c.req.query('canceled') === 'true';
    const notice = success
      ? '<p class="notice ok" role="status"><strong>Subscription activated!</strong> Your credits have been updated.</p>'
      : canceled
        ? '<p class="notice info" role="status">Checkout canceled.</p>'
        : '';
    return page(
      'KalshiBook — Billing',
      `<span class="badge">Local</span>
<h1>KalshiBook — Billing</h1>
${notice}
<p class="muted">Manage your plan, credits and Pay-As-You-Go from the KalshiBook extension. You can close this tab.</p>
<footer>This page stands in for the KalshiBook dashboard's billing page.</footer>`,
    );
  });

  return routes;
}

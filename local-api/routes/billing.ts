/** Billing (src/api/routes/billing.py), with the local Stripe stand-in behind it. */
import { requireUser } from '../deps';
import { errors, jsonResponse } from '../errors';
import type { RequestContext } from '../fastapi';
import { ensureBillingAccount, getBillingAccount, togglePayg } from '../services/billing';
import { createStripeSession, ensureStripeCustomer } from '../services/stripe';
import { PaygToggleRequest, validateBody } from '../validation';

export async function billingStatus(ctx: RequestContext): Promise<Response> {
  const user = await requireUser(ctx);
  // Reads the row, creating it only when missing; never runs the monthly reset.
  const account = (await getBillingAccount(ctx.app.db, user.userId)) ?? (await ensureBillingAccount(ctx.app.db, user.userId));
  return jsonResponse({
    tier: account.tier,
    credits_total: account.credits_total,
    credits_used: account.credits_used,
    credits_remaining: Math.max(0, account.credits_total - account.credits_used),
    payg_enabled: account.payg_enabled,
    billing_cycle_start: account.billing_cycle_start,
    request_id: ctx.requestId,
  });
}

export async function createCheckout(ctx: RequestContext): Promise<Response> {
  const user = await requireUser(ctx);
  const account = await ensureBillingAccount(ctx.app.db, user.userId);
  const customerId = await ensureStripeCustomer(ctx.app.db, user.userId, account);
  const checkoutUrl = await createStripeSession(ctx.app, 'checkout', user.userId, customerId);
  return jsonResponse({ checkout_url: checkoutUrl, request_id: ctx.requestId });
}

export async function createPortal(ctx: RequestContext): Promise<Response> {
  const user = await requireUser(ctx);
  const account = await getBillingAccount(ctx.app.db, user.userId);
  if (!account?.stripe_customer_id) throw errors.noBillingAccount();
  const portalUrl = await createStripeSession(ctx.app, 'portal', user.userId, account.stripe_customer_id);
  return jsonResponse({ portal_url: portalUrl, request_id: ctx.requestId });
}

export async function paygToggle(ctx: RequestContext): Promise<Response> {
  const raw = await ctx.readBody();
  const user = await requireUser(ctx);
  const body = validateBody(PaygToggleRequest, raw);
  const account = await ensureBillingAccount(ctx.app.db, user.userId);
  if (body.enable) await ensureStripeCustomer(ctx.app.db, user.userId, account);
  const updated = await togglePayg(ctx.app.db, user.userId, body.enable);
  return jsonResponse({
    payg_enabled: updated.payg_enabled,
    message: body.enable
      ? 'Pay-As-You-Go enabled. Overage credits will be billed at $0.008/credit.'
      : 'Pay-As-You-Go disabled. API access will stop when credits are exhausted.',
    request_id: ctx.requestId,
  });
}

/**
 * POST /billing/webhook: nothing but Stripe can sign a webhook, so every call fails signature
 * verification exactly as it would on the real server (a body that is not UTF-8 fails earlier).
 * The local Stripe pages apply the webhook's effects themselves.
 */
export async function stripeWebhook(ctx: RequestContext): Promise<Response> {
  const bytes = new Uint8Array(await ctx.request.arrayBuffer());
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw errors.invalidPayload();
  }
  throw errors.invalidSignature();
}

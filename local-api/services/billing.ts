/** Billing accounts and credits (src/api/services/billing.py). */
import type { AppContext } from '../context';
import { firstRow, type Db } from '../db';

export interface BillingRow {
  user_id: string;
  tier: 'free' | 'payg' | 'project';
  credits_total: number;
  credits_used: number;
  payg_enabled: boolean;
  billing_cycle_start: string;
  stripe_customer_id: string | null;
  stripe_subscription_id: string | null;
}

const COLUMNS =
  'user_id, tier, credits_total, credits_used, payg_enabled, billing_cycle_start, stripe_customer_id, stripe_subscription_id';

/** Upserts the row with free-tier defaults and returns it. */
export async function ensureBillingAccount(db: Db, userId: string): Promise<BillingRow> {
  const row = await firstRow<BillingRow>(
    db,
    `INSERT INTO billing_accounts (user_id) VALUES ($1)
     ON CONFLICT (user_id) DO UPDATE SET updated_at = now()
     RETURNING ${COLUMNS}`,
    [userId],
  );
  return row as BillingRow;
}

export async function getBillingAccount(db: Db, userId: string): Promise<BillingRow | undefined> {
  return firstRow<BillingRow>(db, `SELECT ${COLUMNS} FROM billing_accounts WHERE user_id = $1`, [userId]);
}

/** The lazy monthly reset: only data requests run it. */
export async function lazyResetCredits(db: Db, userId: string): Promise<void> {
  await db.query(
    `UPDATE billing_accounts
     SET credits_used = 0, billing_cycle_start = date_trunc('month', now()), updated_at = now()
     WHERE user_id = $1 AND billing_cycle_start < date_trunc('month', now())`,
    [userId],
  );
}

/** Atomic deduction; overdraft only with PAYG. undefined = credits exhausted. */
export async function deductCredits(db: Db, userId: string, cost: number): Promise<BillingRow | undefined> {
  await lazyResetCredits(db, userId);
  return firstRow<BillingRow>(
    db,
    `UPDATE billing_accounts
     SET credits_used = credits_used + $2, updated_at = now()
     WHERE user_id = $1 AND (credits_used + $2 <= credits_total OR payg_enabled = TRUE)
     RETURNING ${COLUMNS}`,
    [userId, cost],
  );
}

/** The Stripe meter the backend reports Pay-As-You-Go overage to. */
export const PAYG_METER_EVENT = 'kalshibook_api_credits';

/**
 * \`_report_overage\`: with PAYG on, when the deduction left the account over its allowance and it
 * has a Stripe customer, the *whole* cost of that request is metered (also the part that was still
 * within the allowance). The real call is fire-and-forget, so a failure never fails the request.
 */
export async function reportOverage(app: AppContext, row: BillingRow, cost: number): Promise<boolean> {
  if (!row.payg_enabled || row.credits_used <= row.credits_total || !row.stripe_customer_id) return false;
  try {
    await app.db.query('INSERT INTO local_meter_events (stripe_customer_id, event_name, value) VALUES ($1, $2, $3)', [
      row.stripe_customer_id,
      PAYG_METER_EVENT,
      cost,
    ]);
    return true;
  } catch (err) {
    app.log.error('meter_event_failed', err);
    return false;
  }
}

export async function setStripeCustomerId(db: Db, userId: string, customerId: string): Promise<void> {
  await db.query('UPDATE billing_accounts SET stripe_customer_id = $2, updated_at = now() WHERE user_id = $1', [
    userId,
    customerId,
  ]);
}

/** Enable: free → payg. Disable: back to free unless there is a subscription. */
export async function togglePayg(db: Db, userId: string, enable: boolean): Promise<BillingRow> {
  const tierExpression = enable
    ? "CASE WHEN tier = 'free' THEN 'payg' ELSE tier END"
    : "CASE WHEN stripe_subscription_id IS NULL THEN 'free' ELSE tier END";
  const row = await firstRow<BillingRow>(
    db,
    `UPDATE billing_accounts SET payg_enabled = $2, tier = ${tierExpression}, updated_at = now()
     WHERE user_id = $1 RETURNING ${COLUMNS}`,
    [userId, enable],
  );
  if (!row) throw new Error(`No billing account found for user ${userId}`);
  return row;
}

/** What `customer.subscription.created/updated` with status active does (looked up by customer). */
export async function applySubscriptionActive(db: Db, customerId: string, subscriptionId: string): Promise<boolean> {
  const result = await db.query(
    `UPDATE billing_accounts
     SET tier = 'project', credits_total = 4000, stripe_subscription_id = $2, updated_at = now()
     WHERE stripe_customer_id = $1`,
    [customerId, subscriptionId],
  );
  return result.affectedRows === 1;
}

/** What `customer.subscription.deleted` (or status canceled/unpaid) does. */
export async function applySubscriptionCanceled(db: Db, customerId: string): Promise<boolean> {
  const result = await db.query(
    `UPDATE billing_accounts
     SET tier = 'free', credits_total = 1000, stripe_subscription_id = NULL, payg_enabled = FALSE, updated_at = now()
     WHERE stripe_customer_id = $1`,
    [customerId],
  );
  return result.affectedRows === 1;
}

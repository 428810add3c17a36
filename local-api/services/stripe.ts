/**
 * The local stand-in for Stripe: customers, Checkout Sessions and Billing Portal sessions live
 * in the local database, and their pages are served by the local API (see ../stripe/pages.ts).
 */
import { randomInt } from 'node:crypto';
import type { AppContext } from '../context';
import { firstRow, type Db } from '../db';
import { setStripeCustomerId, type BillingRow } from './billing';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function stripeId(prefix: string, length = 24): string {
  let id = '';
  for (let i = 0; i < length; i++) id += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
  return `${prefix}_local_${id}`;
}

/** `_ensure_stripe_customer`: the existing customer id, or a new one stored on the account. */
export async function ensureStripeCustomer(db: Db, userId: string, account: BillingRow): Promise<string> {
  if (account.stripe_customer_id) return account.stripe_customer_id;
  const customerId = stripeId('cus', 14);
  await setStripeCustomerId(db, userId, customerId);
  return customerId;
}

export interface StripeSessionRow {
  id: string;
  kind: 'checkout' | 'portal';
  user_id: string;
  stripe_customer_id: string;
  completed_at: string | null;
  email: string;
}

export async function createStripeSession(
  app: AppContext,
  kind: 'checkout' | 'portal',
  userId: string,
  customerId: string,
): Promise<string> {
  const id = stripeId(kind === 'checkout' ? 'cs' : 'bps');
  await app.db.query(
    'INSERT INTO local_stripe_sessions (id, kind, user_id, stripe_customer_id) VALUES ($1, $2, $3, $4)',
    [id, kind, userId, customerId],
  );
  return `${app.settings.apiUrl}/stripe/${kind}/${id}`;
}

export async function findStripeSession(db: Db, kind: 'checkout' | 'portal', id: string): Promise<StripeSessionRow | undefined> {
  return firstRow<StripeSessionRow>(
    db,
    `SELECT s.id, s.kind, s.user_id, s.stripe_customer_id, s.completed_at, u.email
     FROM local_stripe_sessions s JOIN auth.users u ON u.id = s.user_id
     WHERE s.id = $1 AND s.kind = $2`,
    [id, kind],
  );
}

export async function completeStripeSession(db: Db, id: string): Promise<boolean> {
  const result = await db.query(
    'UPDATE local_stripe_sessions SET completed_at = now() WHERE id = $1 AND completed_at IS NULL',
    [id],
  );
  return result.affectedRows === 1;
}

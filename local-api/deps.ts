/** The backend's FastAPI dependencies (src/api/deps.py). */
import type { AuthenticatedUser } from './gotrue/service';
import { GoTrue } from './gotrue/service';
import { GoTrueError } from './gotrue/errors';
import { errors, UnhandledServerError } from './errors';
import type { RequestContext } from './fastapi';
import { ensureBillingAccount, deductCredits, reportOverage } from './services/billing';
import { validateApiKey, logKeyUsage, type ValidatedKey } from './services/keys';

export interface CurrentUser {
  userId: string;
  email: string;
}

/** Python's str.strip(). */
const pyStrip = (text: string): string => text.replace(/^[\s\x1c-\x1f\x85]+|[\s\x1c-\x1f\x85]+$/gu, '');

/**
 * get_authenticated_user: the key-management and billing endpoints want a GoTrue access token.
 * The backend asks GoTrue `GET /auth/v1/user` on every request; here the same check runs
 * in-process (signature, expiry, user, and that the session still exists).
 */
export async function requireUser(ctx: RequestContext): Promise<CurrentUser> {
  const header = ctx.request.headers.get('authorization') ?? '';
  if (!header.startsWith('Bearer ')) throw errors.missingBearer();
  const token = pyStrip(header.slice('Bearer '.length));
  if (token.startsWith('kb-')) throw errors.invalidAuthMethod();
  // httpx refuses to send a non-ASCII header value; the backend does not catch that.
  if (/[^\x00-\x7f]/.test(token)) throw new UnhandledServerError('header value is not ASCII');
  let authenticated: AuthenticatedUser;
  try {
    authenticated = await new GoTrue(ctx.app).authenticate(`Bearer ${token}`);
  } catch (err) {
    if (err instanceof GoTrueError) throw errors.invalidAccessToken();
    throw err;
  }
  return { userId: authenticated.user.id, email: authenticated.user.email };
}

/** get_api_key: `Authorization: Bearer kb-…` on data endpoints. */
export async function requireApiKey(ctx: RequestContext): Promise<ValidatedKey> {
  const header = ctx.request.headers.get('authorization') ?? '';
  if (!header.startsWith('Bearer ')) throw errors.malformedKeyHeader();
  const rawKey = pyStrip(header.slice('Bearer '.length));
  if (!rawKey.startsWith('kb-')) throw errors.badKeyFormat();
  const key = await validateApiKey(ctx.app.db, rawKey);
  if (!key) throw errors.invalidKey();
  return key;
}

/** require_credits(cost): authenticate the key, then charge the account atomically. */
export async function requireCredits(ctx: RequestContext, cost: number): Promise<ValidatedKey> {
  const key = await requireApiKey(ctx);
  await ensureBillingAccount(ctx.app.db, key.userId);
  const row = await deductCredits(ctx.app.db, key.userId, cost);
  if (!row) throw errors.creditsExhausted();
  await reportOverage(ctx.app, row, cost);
  ctx.credits = {
    remaining: Math.max(0, row.credits_total - row.credits_used),
    used: row.credits_used,
    total: row.credits_total,
    cost,
  };
  await logKeyUsage(ctx.app, key.id, ctx.path, cost);
  return key;
}

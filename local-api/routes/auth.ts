/** POST /auth/signup and POST /auth/login (src/api/routes/auth.py): proxies to GoTrue. */
import { errors, jsonResponse } from '../errors';
import type { RequestContext } from '../fastapi';
import { GoTrueError } from '../gotrue/errors';
import { GoTrue } from '../gotrue/service';
import { ensureBillingAccount } from '../services/billing';
import { createApiKey } from '../services/keys';
import { LoginRequest, SignupRequest, validateBody } from '../validation';

export async function signup(ctx: RequestContext): Promise<Response> {
  const body = validateBody(SignupRequest, await ctx.readBody());
  let session;
  try {
    session = await new GoTrue(ctx.app).signUp({ email: body.email, phone: '', password: body.password });
  } catch (err) {
    if (!(err instanceof GoTrueError)) throw err;
    const message = err.msg.toLowerCase();
    if (message.includes('already registered') || message.includes('duplicate')) throw errors.userAlreadyExists();
    if (message.includes('weak') || message.includes('password')) throw errors.weakPassword();
    throw errors.signupFailed(err.msg);
  }
  const userId = session.user.id;
  // Provisioning never fails the sign-up.
  try {
    await ensureBillingAccount(ctx.app.db, userId);
    await createApiKey(ctx.app.db, userId, 'default', 'dev');
  } catch (err) {
    ctx.app.log.error('user_provisioning_failed', err);
  }
  return jsonResponse({
    access_token: session.access_token,
    refresh_token: session.refresh_token,
    user_id: userId,
    request_id: ctx.requestId,
  });
}

export async function login(ctx: RequestContext): Promise<Response> {
  const body = validateBody(LoginRequest, await ctx.readBody());
  let session;
  try {
    session = await new GoTrue(ctx.app).passwordGrant({ email: body.email, phone: '', password: body.password });
  } catch (err) {
    if (!(err instanceof GoTrueError)) throw err;
    throw errors.invalidCredentials();
  }
  return jsonResponse({
    access_token: session.access_token,
    refresh_token: session.refresh_token,
    user_id: session.user.id,
    request_id: ctx.requestId,
  });
}

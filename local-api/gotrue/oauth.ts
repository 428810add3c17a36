/**
 * "Sign in with Google" through GoTrue, with a local stand-in for Google. The GoTrue side follows
 * supabase/auth (internal/api/external.go, pkce.go, token.go PKCE, models/flow_state.go):
 *
 *   GET  /authorize?provider=google&redirect_to=…&code_challenge=…&code_challenge_method=s256
 *        → a flow state, then 302 to the provider ("Google": here, google-standin.ts)
 *   GET|POST /callback?state=…&code=… (or error=…) → the user (created with no password on first
 *        use; an existing user with that email gets Google linked), then 302 to redirect_to?code=…
 *        (PKCE) or redirect_to#access_token=… (implicit); errors go to redirect_to?error=…#error=…
 *   POST /token?grant_type=pkce {auth_code, code_verifier} → a session; the flow state is deleted
 */
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import type { AppContext } from '../context';
import { firstRow } from '../db';
import { badRequest, GoTrueError, unprocessable } from './errors';
import { FLOW_COLUMNS, flowExpired, redirect, type FlowState } from './flow-state';
import { CHOOSER_PATH } from './google-standin';
import { UUID_RE } from './params';
import { referrerFor } from './redirect';
import type { GoTrue } from './service';
import type { SessionResponse } from './tokens';
import type { UserRow } from './users';


const CHALLENGE_PATTERN = /^[a-zA-Z._~0-9-]+$/;
/** apierrors' oauthErrorMap: HTTP status → OAuth `error` in a redirect. */
const OAUTH_ERRORS: Record<number, string> = { 400: 'invalid_request', 401: 'unauthorized_client', 403: 'access_denied', 500: 'server_error', 503: 'temporarily_unavailable' };

/** An error the provider reported (OAuthError): its `error` is used as is. */
class OAuthError extends Error {
  constructor(
    readonly error: string,
    readonly description: string,
  ) {
    super(description);
  }
}


function validatePkceParams(method: string, challenge: string): void {
  if ((challenge === '') !== (method === '')) throw badRequest('validation_failed', 'PKCE flow requires code_challenge_method and code_challenge');
  if (challenge === '') return;
  if (challenge.length < 43 || challenge.length > 128) throw badRequest('validation_failed', 'code challenge has to be between 43 and 128 characters');
  if (!CHALLENGE_PATTERN.test(challenge)) {
    throw badRequest('validation_failed', 'code challenge can only contain alphanumeric characters, hyphens, periods, underscores and tildes');
  }
}

function verifyPkce(challenge: string, method: string, verifier: string): string | null {
  const expected = method.toLowerCase() === 's256' ? createHash('sha256').update(verifier).digest('base64url') : method.toLowerCase() === 'plain' ? verifier : null;
  if (expected === null) return 'code challenge method not supported';
  const a = Buffer.from(challenge);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b) ? null : 'code challenge does not match previously saved code verifier';
}

const PROVIDERS = ['anonymous_users', 'apple', 'azure', 'bitbucket', 'discord', 'facebook', 'snapchat', 'figma', 'fly', 'github', 'gitlab', 'google',
  'keycloak', 'kakao', 'linkedin', 'linkedin_oidc', 'notion', 'spotify', 'slack', 'slack_oidc', 'workos', 'twitch', 'twitter', 'email', 'phone', 'zoom'];

/** GET /settings (api/settings.go) for this local project: email and Google enabled, sign-ups open. */
export function goTrueSettings(): Record<string, unknown> {
  return {
    external: Object.fromEntries(PROVIDERS.map((name) => [name, name === 'email' || name === 'google'])),
    disable_signup: false,
    mailer_autoconfirm: true,
    phone_autoconfirm: false,
    sms_provider: 'twilio',
    saml_enabled: false,
    saml_private_key_next_configured: false,
    passkeys_enabled: false,
  };
}

export class GoogleOAuth {
  constructor(
    private readonly app: AppContext,
    private readonly gotrue: GoTrue,
  ) {}

  private get siteUrl(): string {
    return this.app.settings.dashboardUrl;
  }

  /** GET /authorize */
  async authorize(query: URLSearchParams, referer: string): Promise<Response> {
    const provider = (query.get('provider') ?? '').toLowerCase();
    if (provider !== 'google') {
      throw badRequest('validation_failed', `Unsupported provider: Provider ${provider} could not be found`);
    }
    const redirectTo = referrerFor(this.siteUrl, this.app.settings.redirectAllowList, query.get('redirect_to') ?? '', referer);
    const challenge = query.get('code_challenge') ?? '';
    const method = query.get('code_challenge_method') ?? '';
    validatePkceParams(method, challenge);
    if (challenge !== '' && !['s256', 'plain'].includes(method.toLowerCase())) throw badRequest('validation_failed', 'Invalid code_challenge_method');
    const flow = await firstRow<{ id: string }>(
      this.app.db,
      `INSERT INTO auth.flow_state (auth_code, code_challenge, code_challenge_method, provider_type, referrer)
       VALUES ($1, $2, $3, 'google', $4) RETURNING id`,
      [randomUUID(), challenge || null, challenge ? method.toLowerCase() : null, redirectTo],
    );
    return redirect(`${CHOOSER_PATH}?state=${(flow as { id: string }).id}`);
  }

  private async flowByState(state: string): Promise<FlowState> {
    if (state === '') throw badRequest('bad_oauth_callback', 'OAuth state parameter missing');
    if (!UUID_RE.test(state)) throw badRequest('bad_oauth_state', 'OAuth state parameter is invalid');
    const flow = await firstRow<FlowState>(this.app.db, `SELECT ${FLOW_COLUMNS} FROM auth.flow_state WHERE id = $1`, [state]);
    if (!flow) throw badRequest('bad_oauth_state', 'OAuth state not found or expired');
    if (flowExpired(this.app, flow)) throw badRequest('bad_oauth_state', 'OAuth state has expired');
    if (flow.code_challenge !== null && flow.user_id !== null) throw badRequest('flow_state_already_used', 'State has already been used');
    return flow;
  }

  /** GET|POST /callback: the provider's answer. Errors after the state is known go to redirect_to. */
  async callback(params: URLSearchParams): Promise<Response> {
    const flow = await this.flowByState(params.get('state') ?? '');
    try {
      return await this.completeCallback(flow, params);
    } catch (err) {
      return redirect(this.errorRedirect(flow.referrer, err));
    }
  }

  private async completeCallback(flow: FlowState, params: URLSearchParams): Promise<Response> {
    const error = params.get('error') ?? '';
    if (error !== '') throw new OAuthError(error, params.get('error_description') ?? '');
    const code = params.get('code') ?? '';
    if (code === '') throw badRequest('bad_oauth_callback', 'OAuth callback with missing authorization code missing');
    if (flow.provider_code === null || flow.provider_code !== code || flow.provider_email === null) {
      // What a real provider answers for a code it did not issue, as GoTrue reports it.
      throw new GoTrueError(500, 'unexpected_failure', 'Unable to exchange external code: invalid_grant');
    }
    const user = await this.userForGoogle(flow.provider_email);
    if (flow.code_challenge !== null) {
      const claimed = await firstRow<{ auth_code: string }>(
        this.app.db,
        `UPDATE auth.flow_state SET user_id = $2, auth_code_issued_at = now(), provider_code = NULL
         WHERE id = $1 AND user_id IS NULL RETURNING auth_code`,
        [flow.id, user.id],
      );
      if (!claimed) throw badRequest('flow_state_already_used', 'State has already been used');
      const target = new URL(flow.referrer);
      target.searchParams.set('code', claimed.auth_code);
      return redirect(target.toString());
    }
    // Implicit flow: the session itself, in the fragment.
    await this.app.db.query('DELETE FROM auth.flow_state WHERE id = $1', [flow.id]);
    const session = await this.gotrue.issueSession(user, 'oauth');
    const target = new URL(flow.referrer);
    target.hash = new URLSearchParams({
      access_token: session.access_token,
      expires_at: String(session.expires_at),
      expires_in: String(session.expires_in),
      provider_token: 'local-google-access-token',
      refresh_token: session.refresh_token,
      token_type: 'bearer',
    }).toString();
    return redirect(target.toString());
  }

  /** GoTrue links identities with the same verified email: an existing account gets Google added. */
  private async userForGoogle(email: string): Promise<UserRow> {
    const normalized = email.toLowerCase();
    await this.app.db.query(
      `INSERT INTO auth.users (email, encrypted_password, providers) VALUES ($1, '', ARRAY['google'])
       ON CONFLICT (email) DO UPDATE SET providers =
         CASE WHEN 'google' = ANY(auth.users.providers) THEN auth.users.providers ELSE array_append(auth.users.providers, 'google') END,
         updated_at = now()`,
      [normalized],
    );
    await this.app.db.query('UPDATE auth.users SET last_sign_in_at = now() WHERE email = $1', [normalized]);
    return (await this.gotrue.findUserByEmail(normalized)) as UserRow;
  }

  /** redirectErrors: the error in the query and, again, in the fragment (with `sb`). */
  private errorRedirect(referrer: string, err: unknown): string {
    let error = 'server_error';
    let description = 'Unexpected failure';
    let errorCode = '';
    if (err instanceof OAuthError) {
      error = err.error;
      description = err.description;
    } else if (err instanceof GoTrueError) {
      error = OAUTH_ERRORS[err.status] ?? 'server_error';
      description = err.msg;
      errorCode = err.errorCode;
    } else {
      this.app.log.error('google callback failed', err);
    }
    const target = new URL(referrer);
    target.searchParams.set('error', error);
    target.searchParams.set('error_description', description);
    if (errorCode) target.searchParams.set('error_code', errorCode);
    const fragment = new URLSearchParams({ error });
    if (description) fragment.set('error_description', description);
    if (errorCode) fragment.set('error_code', errorCode);
    fragment.set('sb', '');
    target.hash = fragment.toString();
    return target.toString();
  }

  /** POST /token?grant_type=pkce */
  async pkceGrant(params: { auth_code: string; code_verifier: string }): Promise<SessionResponse> {
    if (params.auth_code === '' || params.code_verifier === '') {
      throw badRequest('validation_failed', 'invalid request: both auth code and code verifier should be non-empty');
    }
    const flow = await firstRow<FlowState>(this.app.db, `SELECT ${FLOW_COLUMNS} FROM auth.flow_state WHERE auth_code = $1`, [params.auth_code]);
    if (!flow || flow.user_id === null) throw new GoTrueError(404, 'flow_state_not_found', 'invalid flow state, no valid flow state found');
    if (flowExpired(this.app, flow)) throw unprocessable('flow_state_expired', 'invalid flow state, flow state has expired');
    const user = await this.gotrue.findUserById(flow.user_id);
    if (!user) throw new GoTrueError(404, 'flow_state_not_found', 'invalid flow state, no valid flow state found');
    const problem = flow.code_challenge === null ? 'PKCE verification not applicable for implicit flow' : verifyPkce(flow.code_challenge, flow.code_challenge_method ?? '', params.code_verifier);
    if (problem) throw badRequest('bad_code_verifier', problem);
    // Single use: whoever deletes the flow state gets the session.
    const deleted = await firstRow(this.app.db, 'DELETE FROM auth.flow_state WHERE id = $1 RETURNING id', [flow.id]);
    if (!deleted) throw new GoTrueError(404, 'flow_state_not_found', 'invalid flow state, no valid flow state found');
    return this.gotrue.issueSession(user, 'oauth');
  }
}

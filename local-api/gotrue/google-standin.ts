// The local stand-in for Google's account chooser, `/auth/v1/local-google/chooser`: asks for an
// email ("Continue") or lets the user refuse ("Cancel"), and answers GoTrue's callback as Google
// would (oauth.ts). No Google account is contacted.
import { randomBytes } from 'node:crypto';
import type { AppContext } from '../context';
import { firstRow } from '../db';
import { escapeHtml, page } from '../stripe/html';
import { FLOW_COLUMNS, flowExpired, redirect, type FlowState } from './flow-state';
import { EMAIL_RE, UUID_RE } from './params';

export const DEMO_GOOGLE_EMAIL = 'demo.kalshibook@gmail.com';
export const CHOOSER_PATH = '/auth/v1/local-google/chooser';

export class GoogleStandIn {
  constructor(private readonly app: AppContext) {}

  /** GET /auth/v1/local-google/chooser?state=… */
  async chooser(state: string, email = DEMO_GOOGLE_EMAIL, problem = ''): Promise<Response> {
    const flow = await this.pendingFlow(state);
    if (!flow) return this.chooserGone();
    const redirectHost = new URL(flow.referrer).host;
    return page(
      'Sign in with Google — KalshiBook local API',
      `<span class="badge">Local stand-in for Google</span>
<h1>Choose an account</h1>
<p class="muted" style="overflow-wrap:anywhere">to continue to KalshiBook (${escapeHtml(redirectHost)})</p>
<form method="post" action="${CHOOSER_PATH}" style="display:flex;flex-direction:column;gap:12px;margin-top:16px">
  <input type="hidden" name="state" value="${escapeHtml(state)}">
  <label for="email" style="font-weight:600">Email</label>
  <input id="email" name="email" type="email" value="${escapeHtml(email)}" autocomplete="off" spellcheck="false"
    ${problem ? 'aria-invalid="true" aria-describedby="email-error"' : ''}
    style="font:inherit;padding:10px 12px;border-radius:10px;border:1px solid var(--border);background:transparent;color:var(--fg)">
  ${problem ? `<p id="email-error" role="alert" class="notice" style="margin:0;color:#b91c1c">${escapeHtml(problem)}</p>` : ''}
  <div class="actions" style="margin-top:4px">
    <button class="primary" type="submit" name="choice" value="continue">Continue</button>
    <button type="submit" name="choice" value="cancel" formnovalidate>Cancel</button>
  </div>
</form>
<footer>No Google account is contacted: the local API signs this email in as a Google user (created without a password on first use).</footer>`,
      problem ? 400 : 200,
    );
  }

  /** POST /auth/v1/local-google/chooser: answers the callback the way Google does. */
  async choose(form: URLSearchParams): Promise<Response> {
    const state = form.get('state') ?? '';
    const flow = await this.pendingFlow(state);
    if (!flow) return this.chooserGone();
    const callback = new URLSearchParams({ state });
    if (form.get('choice') === 'cancel') {
      callback.set('error', 'access_denied');
      callback.set('error_description', 'The user canceled the sign-in with Google.');
      return redirect(`/auth/v1/callback?${callback.toString()}`);
    }
    const email = (form.get('email') ?? '').trim();
    if (!EMAIL_RE.test(email) || email.length > 255) return this.chooser(state, email, 'Enter a valid email address.');
    const code = randomBytes(24).toString('base64url');
    await this.app.db.query('UPDATE auth.flow_state SET provider_code = $2, provider_email = $3 WHERE id = $1', [flow.id, code, email.toLowerCase()]);
    callback.set('code', code);
    return redirect(`/auth/v1/callback?${callback.toString()}`);
  }

  private async pendingFlow(state: string): Promise<FlowState | null> {
    if (!UUID_RE.test(state)) return null;
    const flow = await firstRow<FlowState>(this.app.db, `SELECT ${FLOW_COLUMNS} FROM auth.flow_state WHERE id = $1`, [state]);
    return flow && flow.user_id === null && !flowExpired(this.app, flow) ? flow : null;
  }

  private chooserGone(): Response {
    return page(
      'Sign in with Google — KalshiBook local API',
      `<span class="badge">Local stand-in for Google</span>
<h1>This sign-in has ended</h1>
<p class="muted">It was already completed, or it expired. Close this window and start again from the extension.</p>`,
      400,
    );
  }
}

// "Continue with Google": GoTrue's PKCE flow, run here so it survives the popup closing when the
// Google window takes focus. One flow at a time; a second click joins the running one.
import { browser } from 'wxt/browser';
import { ApiError } from '../api/errors';
import { goTrue } from '../api/kalshibook';
import { GOOGLE_CANCELED, GOOGLE_NEEDS_AUTH, googleAuthorizeUrl, launchFailure, parseGoogleRedirect } from '../auth/google-redirect';
import { createVerifier, s256Challenge } from '../session/pkce';
import type { GoogleSignIn } from '../messaging';
import { firstKeyNoticeItem } from '../storage';
import type { ServiceContext } from './context';
import { keepAlive } from './keep-alive';
import type { KeysFeature } from './keys';

/** The part of `browser.identity` the flow uses (a fake in tests). */
export interface IdentityApi {
  getRedirectURL(): string;
  launchWebAuthFlow(details: { url: string; interactive: boolean }): Promise<string | undefined>;
}

export const FIRST_KEY_NAME = 'default';
/** The provider check must not hold up the window for long. */
const SETTINGS_TIMEOUT_MS = 5_000;

/** The messages of a failed code exchange that GoTrue words for developers. */
const EXCHANGE_MESSAGES: Record<string, string> = {
  flow_state_expired: 'Google sign-in took too long (more than 5 minutes). Try again.',
  flow_state_not_found: 'This Google sign-in has already been used or has expired. Try again.',
  bad_code_verifier: 'Google sign-in could not be verified. Try again.',
};

function googleError(code: string, message: string): ApiError {
  return new ApiError({ kind: 'server', code, message });
}

function unreachable(authUrl: string): ApiError {
  return googleError('google_unreachable', `Can't open Google sign-in at ${new URL(authUrl).host}. Check your connection and the Auth URL in Settings.`);
}

export class GoogleFeature {
  private running: Promise<GoogleSignIn> | null = null;
  private taking: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly ctx: ServiceContext,
    private readonly keys: KeysFeature,
    private readonly afterSignIn: () => Promise<void>,
    private readonly identityApi: () => IdentityApi | undefined = () => browser.identity as unknown as IdentityApi | undefined,
  ) {}

  private identity(): IdentityApi {
    const identity = this.identityApi();
    if (!identity) throw googleError('google_unsupported', 'Google sign-in is not available in this browser.');
    return identity;
  }

  /** `https://<id>.chromiumapp.org/` (Chrome) or `https://<hash>.extensions.allizom.org/` (Firefox). */
  redirectUrl(): string {
    return this.identity().getRedirectURL();
  }

  signIn(): Promise<GoogleSignIn> {
    this.running ??= this.run().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async run(): Promise<GoogleSignIn> {
    const settings = await this.ctx.settings();
    if (!settings.authUrl || !settings.anonKey) throw googleError('google_needs_settings', GOOGLE_NEEDS_AUTH);
    const identity = this.identity();
    await this.checkProvider(settings.authUrl, settings.anonKey);
    const verifier = createVerifier();
    const url = googleAuthorizeUrl(settings.authUrl, identity.getRedirectURL(), await s256Challenge(verifier));

    let redirect: string | undefined;
    try {
      // The user may take longer than Chrome's 30 s idle limit in the window: keep the worker up.
      // (Firefox keeps its event page alive while launchWebAuthFlow is pending anyway.)
      redirect = await keepAlive(() => identity.launchWebAuthFlow({ url, interactive: true }));
    } catch (error) {
      const failure = launchFailure(error);
      if (failure.kind === 'canceled') return { outcome: 'canceled', message: GOOGLE_CANCELED };
      if (failure.kind === 'unreachable') {
        throw unreachable(settings.authUrl);
      }
      throw googleError('google_failed', `Google sign-in failed: ${failure.message}`);
    }

    const answer = parseGoogleRedirect(redirect ?? '');
    if (answer.kind === 'canceled') return { outcome: 'canceled', message: GOOGLE_CANCELED };
    if (answer.kind === 'error') throw googleError(answer.code, answer.message);
    if (answer.kind === 'invalid') throw googleError('google_no_code', 'Google sign-in did not return to the extension with a sign-in code. Try again.');

    let session;
    try {
      session = await goTrue.pkce({ baseUrl: settings.authUrl, anonKey: settings.anonKey, fetch: this.ctx.deps.fetch }, answer.code, verifier);
    } catch (error) {
      const known = error instanceof ApiError ? EXCHANGE_MESSAGES[error.code] : undefined;
      if (error instanceof ApiError && known) throw new ApiError({ ...error.toData(), message: known });
      throw error;
    }
    const view = await this.ctx.session.adopt(session);
    await this.ensureFirstKey(session.user.id);
    await this.afterSignIn();
    return { outcome: 'signedIn', session: view };
  }

  /**
   * Asks the auth server first whether Google is enabled: otherwise GoTrue's /authorize answers
   * with a JSON error the user would only see inside the sign-in window. An auth server that cannot
   * be reached is said so here; an answer we cannot read is left to the window.
   */
  private async checkProvider(authUrl: string, anonKey: string): Promise<void> {
    let google: boolean;
    try {
      google = (await goTrue.settings({ baseUrl: authUrl, anonKey, fetch: this.ctx.deps.fetch, timeoutMs: SETTINGS_TIMEOUT_MS })).external.google;
    } catch (error) {
      if (error instanceof ApiError && (error.kind === 'network' || error.kind === 'timeout')) {
        throw unreachable(authUrl);
      }
      if (error instanceof ApiError && error.status === 401) throw error; // the gateway's "Invalid API key": the Anon key is wrong
      return;
    }
    if (!google) throw googleError('google_disabled', `Google sign-in is not enabled on the sign-in server at ${new URL(authUrl).host}.`);
  }

  /**
   * A Google account with no key gets a `default` Development key, as the dashboard does. Only
   * ever one: flows are single-flight, and a later sign-in finds the key. A failure here does not
   * undo the sign-in (the keys page offers "Create your first key").
   */
  private async ensureFirstKey(userId: string): Promise<void> {
    try {
      if ((await this.keys.list()).length > 0) return;
      const created = await this.keys.create(FIRST_KEY_NAME, 'dev', false);
      await firstKeyNoticeItem.setValue({ userId, keyName: created.name, at: this.ctx.now() });
    } catch {
      // Signed in all the same.
    }
  }

  /** The first-key notice for the signed-in account, handed to exactly one page. */
  takeFirstKeyNotice(): Promise<{ keyName: string } | null> {
    const run = this.taking.then(async () => {
      const notice = await firstKeyNoticeItem.getValue();
      if (!notice) return null;
      await firstKeyNoticeItem.removeValue();
      const view = await this.ctx.session.view();
      return view.signedIn && view.userId === notice.userId ? { keyName: notice.keyName } : null;
    });
    this.taking = run.catch(() => undefined);
    return run;
  }

  async afterSignOut(): Promise<void> {
    await firstKeyNoticeItem.removeValue();
  }
}

// The login session, owned by the background. Tokens live in storage.session (and the refresh
// token also in storage.local with "Stay signed in"), mirrored in memory so that many calls
// failing at once share one refresh: refresh tokens rotate and a second use of one fails.
import { browser } from 'wxt/browser';
import { ApiError, sessionExpiredError, signedOutError, SESSION_EXPIRED_MESSAGE } from '../api/errors';
import type { FetchLike } from '../api/client';
import { goTrue, kalshibook } from '../api/kalshibook';
import {
  getSettings,
  persistedLoginItem,
  sessionTokensItem,
  sessionChangeItem,
  signedOutReasonItem,
  clearDataCache,
  dataCacheItem,
  wipeAccountData,
  type SessionTokens,
} from '../storage';
import { jwtExpiry } from './jwt';

export const REFRESH_ALARM = 'kb-session-refresh';
/** Refresh this long before the access token expires. */
const REFRESH_MARGIN_MS = 60_000;
/** Tokens without a readable `exp` are treated as lasting the GoTrue default, one hour. */
const DEFAULT_LIFETIME_MS = 3600_000;

export interface SessionView {
  signedIn: boolean;
  email: string | null;
  userId: string | null;
  /** Why the user is signed out, when it was not their choice. */
  reason: string | null;
}

export interface SessionDeps {
  fetch?: FetchLike;
  now?: () => number;
  /** Called after sign-out (badge, listeners). */
  onSignedOut?: () => void | Promise<void>;
}

export class Session {
  private tokens: SessionTokens | null = null;
  private loaded = false;
  private refreshing: Promise<SessionTokens> | null = null;

  constructor(private readonly deps: SessionDeps = {}) {}

  private now(): number {
    return this.deps.now?.() ?? Date.now();
  }

  /** Loads tokens after a service-worker restart: session area first, then the persisted login. */
  private async load(): Promise<SessionTokens | null> {
    if (this.loaded) return this.tokens;
    const stored = await sessionTokensItem.getValue();
    if (!this.loaded) {
      if (stored) {
        this.tokens = stored;
      } else {
        const login = await persistedLoginItem.getValue();
        // An expired placeholder: the first call refreshes it with the persisted refresh token.
        this.tokens = login ? { accessToken: '', refreshToken: login.refreshToken, expiresAt: 0, userId: login.userId, email: login.email } : null;
      }
      this.loaded = true;
    }
    return this.tokens;
  }

  async view(): Promise<SessionView> {
    const tokens = await this.load();
    if (tokens) return { signedIn: true, email: tokens.email, userId: tokens.userId, reason: null };
    return { signedIn: false, email: null, userId: null, reason: await signedOutReasonItem.getValue() };
  }

  private async save(tokens: SessionTokens): Promise<void> {
    this.tokens = tokens;
    this.loaded = true;
    const settings = await getSettings();
    await sessionTokensItem.setValue(tokens);
    if (settings.staySignedIn) {
      await persistedLoginItem.setValue({ refreshToken: tokens.refreshToken, userId: tokens.userId, email: tokens.email });
    } else {
      await persistedLoginItem.removeValue();
    }
    await this.scheduleRefresh(tokens);
  }

  private async scheduleRefresh(tokens: SessionTokens): Promise<void> {
    const when = Math.max(this.now() + 30_000, tokens.expiresAt - REFRESH_MARGIN_MS);
    await browser.alarms.create(REFRESH_ALARM, { when });
  }

  private tokensFrom(access: string, refresh: string, userId: string, email: string): SessionTokens {
    const exp = jwtExpiry(access);
    return {
      accessToken: access,
      refreshToken: refresh,
      expiresAt: exp ? exp * 1000 : this.now() + DEFAULT_LIFETIME_MS,
      userId,
      email,
    };
  }

  signIn(email: string, password: string): Promise<SessionView> {
    return this.enter(kalshibook.login, email, password);
  }

  createAccount(email: string, password: string): Promise<SessionView> {
    return this.enter(kalshibook.signup, email, password);
  }

  private async enter(call: typeof kalshibook.login, email: string, password: string): Promise<SessionView> {
    const settings = await getSettings();
    const res = await call({ baseUrl: settings.apiBaseUrl, fetch: this.deps.fetch }, { email: email.trim(), password });
    return this.begin(this.tokensFrom(res.access_token, res.refresh_token, res.user_id, email.trim()));
  }

  /**
   * Takes over a session GoTrue issued directly (Google's PKCE exchange): from here on it is the
   * same session as a password sign-in (refresh, "Stay signed in", sign-out, the change signal).
   */
  adopt(session: { access_token: string; refresh_token: string; user: { id: string; email?: string } }): Promise<SessionView> {
    return this.begin(this.tokensFrom(session.access_token, session.refresh_token, session.user.id, session.user.email ?? ''));
  }

  private async begin(tokens: SessionTokens): Promise<SessionView> {
    const cache = await dataCacheItem.getValue();
    if (cache && cache.userId !== tokens.userId) await clearDataCache();
    await signedOutReasonItem.removeValue();
    this.refreshing = null;
    await this.save(tokens);
    await sessionChangeItem.setValue({ signedIn: true, userId: tokens.userId, at: this.now() });
    return this.view();
  }

  /** Wipes every token, cache and pending secret. `reason` is kept to explain an involuntary sign-out. */
  async signOut(reason: string | null = null): Promise<void> {
    const tokens = this.tokens;
    this.tokens = null;
    this.loaded = true;
    this.refreshing = null;
    await wipeAccountData();
    if (reason) await signedOutReasonItem.setValue(reason);
    else await signedOutReasonItem.removeValue();
    await sessionChangeItem.setValue({ signedIn: false, userId: null, at: this.now() });
    await browser.alarms.clear(REFRESH_ALARM);
    if (tokens && !reason) void this.revokeOnServer(tokens);
    await this.deps.onSignedOut?.();
  }

  /** Best effort: ends this session on the auth server too (scope=local leaves other devices alone). */
  private async revokeOnServer(tokens: SessionTokens): Promise<void> {
    const settings = await getSettings();
    if (!settings.authUrl || !tokens.accessToken) return;
    try {
      await (this.deps.fetch ?? globalThis.fetch)(`${settings.authUrl}/auth/v1/logout?scope=local`, {
        method: 'POST',
        headers: { apikey: settings.anonKey, Authorization: `Bearer ${tokens.accessToken}`, 'Content-Type': 'application/json' },
        body: '{}',
        signal: AbortSignal.timeout(5000),
      });
    } catch {
      // Signing out locally already succeeded; the server session ends with its refresh token.
    }
  }

  /** Applies a changed "Stay signed in" to the stored refresh token right away. */
  async applyStaySignedIn(stay: boolean): Promise<void> {
    const tokens = await this.load();
    if (!tokens) return;
    if (stay) await persistedLoginItem.setValue({ refreshToken: tokens.refreshToken, userId: tokens.userId, email: tokens.email });
    else await persistedLoginItem.removeValue();
  }

  /** A usable access token, refreshed first when it is about to expire. */
  async accessToken(): Promise<string> {
    const tokens = await this.load();
    if (!tokens) throw signedOutError();
    if (tokens.expiresAt - this.now() > REFRESH_MARGIN_MS / 2) return tokens.accessToken;
    return (await this.refresh()).accessToken;
  }

  /** Single-flight refresh: every caller during one refresh gets the same result. */
  refresh(): Promise<SessionTokens> {
    if (!this.refreshing) {
      this.refreshing = this.doRefresh().finally(() => {
        this.refreshing = null;
      });
    }
    return this.refreshing;
  }

  private async doRefresh(): Promise<SessionTokens> {
    const current = await this.load();
    if (!current) throw signedOutError();
    const settings = await getSettings();
    if (!settings.authUrl || !settings.anonKey) {
      await this.signOut(SESSION_EXPIRED_MESSAGE);
      throw sessionExpiredError();
    }
    try {
      const res = await goTrue.refresh(
        { baseUrl: settings.authUrl, anonKey: settings.anonKey, fetch: this.deps.fetch },
        current.refreshToken,
      );
      const next = this.tokensFrom(res.access_token, res.refresh_token, res.user?.id ?? current.userId, res.user?.email ?? current.email);
      if (this.tokens !== current) return this.tokens ?? Promise.reject(signedOutError()); // signed out meanwhile
      await this.save(next);
      return next;
    } catch (error) {
      if (error instanceof ApiError && error.kind === 'server' && (error.status === 400 || error.status === 403)) {
        // The refresh token is dead (revoked, reused, expired). If another context rotated it in
        // the meantime, its result is in storage: use that instead of signing out.
        const stored = await sessionTokensItem.getValue();
        if (stored && stored.refreshToken !== current.refreshToken) {
          this.tokens = stored;
          return stored;
        }
        await this.signOut(SESSION_EXPIRED_MESSAGE);
        throw sessionExpiredError();
      }
      // Network trouble, a timeout, a 5xx or 429 from the auth server: the session may be fine.
      throw error;
    }
  }

  /**
   * Runs an authenticated call. On a 401 `invalid_api_key` it refreshes once (shared with any
   * other failing call) and retries once; a second 401 means the session is gone.
   */
  async authed<T>(call: (token: string) => Promise<T>): Promise<T> {
    const used = await this.accessToken();
    try {
      return await call(used);
    } catch (error) {
      if (!isExpiredTokenError(error)) throw error;
    }
    const current = this.tokens;
    const fresh = current && current.accessToken !== used && current.expiresAt > this.now() ? current : await this.refresh();
    try {
      return await call(fresh.accessToken);
    } catch (error) {
      if (isExpiredTokenError(error)) {
        await this.signOut(SESSION_EXPIRED_MESSAGE);
        throw sessionExpiredError();
      }
      throw error;
    }
  }
}

function isExpiredTokenError(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401 && error.code === 'invalid_api_key';
}

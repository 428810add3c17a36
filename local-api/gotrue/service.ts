/**
 * The parts of Supabase GoTrue (auth) the KalshiBook stack relies on, over the local database:
 * email/password sign-up and sign-in, refresh-token rotation with a reuse interval, access-token
 * (JWT) verification including the session check, and sign-out.
 *
 * Behaviour and messages follow supabase/auth (internal/api/signup.go, token.go,
 * token_refresh.go, auth.go, logout.go, tokens/service.go) with the local project's settings
 * (`supabase/config.toml`): email confirmations off, minimum password length 6, rotation on,
 * reuse interval 10 s, JWT expiry 3600 s. The user object is users.ts's, the tokens tokens.ts's.
 */
import { randomUUID } from 'node:crypto';
import type { AppContext } from '../context';
import { firstRow, rows, type Db } from '../db';
import { nowSeconds } from '../time';
import { badRequest, forbidden, GoTrueError, unprocessable } from './errors';
import { verifyJwt, type JwtClaims } from './jwt';
import { EMAIL_RE, UUID_RE } from './params';
import { hashPassword, verifyPassword } from './passwords';
import { accessToken, LEGACY_REFRESH_TOKEN, newRefreshToken, type SessionResponse } from './tokens';
import { USER_COLUMNS, userJson, type GoTrueUser, type UserRow } from './users';

export interface AuthenticatedUser {
  user: UserRow;
  sessionId: string | null;
  claims: JwtClaims;
}

const MAX_PASSWORD_LENGTH = 72;
const MIN_PASSWORD_LENGTH = 6;
const NIL_UUID = '00000000-0000-0000-0000-000000000000';

const byteLength = (text: string): number => Buffer.byteLength(text, 'utf8');

export class GoTrue {
  constructor(private readonly app: AppContext) {}

  private get db(): Db {
    return this.app.db;
  }

  async findUserByEmail(email: string): Promise<UserRow | undefined> {
    return firstRow<UserRow>(this.db, `SELECT ${USER_COLUMNS} FROM auth.users WHERE email = $1`, [email.toLowerCase()]);
  }

  async findUserById(id: string): Promise<UserRow | undefined> {
    return firstRow<UserRow>(this.db, `SELECT ${USER_COLUMNS} FROM auth.users WHERE id = $1`, [id]);
  }

  /** Creates a confirmed user directly (seeding; no checks). */
  async createUser(email: string, password: string): Promise<string> {
    const row = await firstRow<{ id: string }>(
      this.db,
      'INSERT INTO auth.users (email, encrypted_password) VALUES ($1, $2) RETURNING id',
      [email.toLowerCase(), await hashPassword(password)],
    );
    return (row as { id: string }).id;
  }

  /** A new session (refresh token + access token) for a user; `method` goes into the JWT's amr. */
  async issueSession(user: UserRow, method = 'password'): Promise<SessionResponse> {
    const refreshToken = newRefreshToken();
    const sessionId = randomUUID();
    await this.db.transaction(async (tx) => {
      await tx.query('INSERT INTO auth.sessions (id, user_id) VALUES ($1, $2)', [sessionId, user.id]);
      await tx.query('INSERT INTO auth.refresh_tokens (token, user_id, session_id) VALUES ($1, $2, $3)', [
        refreshToken,
        user.id,
        sessionId,
      ]);
    });
    const access = accessToken(this.app.settings, user, sessionId, method);
    return {
      access_token: access.token,
      token_type: 'bearer',
      expires_in: access.expiresIn,
      expires_at: access.expiresAt,
      refresh_token: refreshToken,
      user: userJson(user),
    };
  }

  /** POST /signup (autoconfirm on, so it signs the new user in). */
  async signUp(params: { email: string; phone: string; password: string }): Promise<SessionResponse> {
    if (params.email === '' && params.phone === '') {
      throw unprocessable('anonymous_provider_disabled', 'Anonymous sign-ins are disabled');
    }
    if (params.password === '') throw badRequest('validation_failed', 'Signup requires a valid password');
    if (byteLength(params.password) > MAX_PASSWORD_LENGTH) {
      throw badRequest('validation_failed', `Password cannot be longer than ${MAX_PASSWORD_LENGTH} characters`);
    }
    if (byteLength(params.password) < MIN_PASSWORD_LENGTH) {
      throw new GoTrueError(422, 'weak_password', `Password should be at least ${MIN_PASSWORD_LENGTH} characters.`, {
        weak_password: { reasons: ['length'] },
      });
    }
    if (params.email !== '' && params.phone !== '') {
      throw badRequest('validation_failed', 'Only an email address or phone number should be provided on signup.');
    }
    if (params.email === '') throw badRequest('phone_provider_disabled', 'Phone signups are disabled');
    if (byteLength(params.email) > 255) throw badRequest('validation_failed', 'An email address is too long');
    if (!EMAIL_RE.test(params.email)) throw badRequest('validation_failed', 'Unable to validate email address: invalid format');

    if (await this.findUserByEmail(params.email)) throw unprocessable('user_already_exists', 'User already registered');
    let id: string;
    try {
      id = await this.createUser(params.email, params.password);
    } catch (err) {
      // Two sign-ups for one address at once: the unique index decides.
      if (await this.findUserByEmail(params.email)) throw unprocessable('user_already_exists', 'User already registered');
      throw err;
    }
    await this.db.query('UPDATE auth.users SET last_sign_in_at = now() WHERE id = $1', [id]);
    return this.issueSession((await this.findUserById(id)) as UserRow);
  }

  /** POST /token?grant_type=password */
  async passwordGrant(params: { email: string; phone: string; password: string }): Promise<SessionResponse> {
    if (params.email !== '' && params.phone !== '') {
      throw badRequest('validation_failed', 'Only an email address or phone number should be provided on login.');
    }
    if (params.email === '') {
      if (params.phone !== '') throw unprocessable('phone_provider_disabled', 'Phone logins are disabled');
      throw badRequest('validation_failed', 'missing email or phone');
    }
    const user = await this.findUserByEmail(params.email);
    if (!user || !(await verifyPassword(params.password, user.encrypted_password))) {
      throw badRequest('invalid_credentials', 'Invalid login credentials');
    }
    await this.db.query('UPDATE auth.users SET last_sign_in_at = now() WHERE id = $1', [user.id]);
    return this.issueSession((await this.findUserById(user.id)) as UserRow);
  }

  /**
   * POST /token?grant_type=refresh_token. Rotation: each use revokes the token and issues its
   * successor. A revoked token used again within the reuse interval (counted from its
   * revocation) answers with the session's current refresh token; after it, 400 Already Used.
   */
  async refreshGrant(refreshToken: string): Promise<SessionResponse> {
    if (
      refreshToken.length < 12 ||
      (refreshToken.length === 12 && !LEGACY_REFRESH_TOKEN.test(refreshToken)) ||
      refreshToken.length > 12
    ) {
      throw badRequest('validation_failed', 'Refresh token is not valid');
    }
    const reuseIntervalMs = this.app.settings.refreshTokenReuseInterval * 1000;
    const result = await this.db.transaction(async (tx) => {
      const token = (
        await tx.query<{ token: string; user_id: string; session_id: string; revoked: boolean; revoked_ms: number }>(
          `SELECT token, user_id, session_id, revoked, (extract(epoch FROM updated_at) * 1000)::float8 AS revoked_ms
           FROM auth.refresh_tokens WHERE token = $1`,
          [refreshToken],
        )
      ).rows[0];
      if (!token) throw badRequest('refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found');

      let issued: string;
      if (token.revoked) {
        if (Date.now() > token.revoked_ms + reuseIntervalMs) {
          throw badRequest('refresh_token_already_used', 'Invalid Refresh Token: Already Used');
        }
        const active = (
          await tx.query<{ token: string }>(
            'SELECT token FROM auth.refresh_tokens WHERE session_id = $1 AND revoked = FALSE ORDER BY id DESC LIMIT 1',
            [token.session_id],
          )
        ).rows[0];
        if (!active) throw badRequest('refresh_token_already_used', 'Invalid Refresh Token: Already Used');
        issued = active.token;
      } else {
        issued = newRefreshToken();
        await tx.query('UPDATE auth.refresh_tokens SET revoked = TRUE, updated_at = now() WHERE token = $1', [refreshToken]);
        await tx.query('INSERT INTO auth.refresh_tokens (token, user_id, session_id, parent) VALUES ($1, $2, $3, $4)', [
          issued,
          token.user_id,
          token.session_id,
          refreshToken,
        ]);
      }
      await tx.query('UPDATE auth.sessions SET refreshed_at = now(), updated_at = now() WHERE id = $1', [token.session_id]);
      const user = (await tx.query<UserRow>(`SELECT ${USER_COLUMNS} FROM auth.users WHERE id = $1`, [token.user_id])).rows[0];
      return { issued, sessionId: token.session_id, user: user as UserRow };
    });
    const access = accessToken(this.app.settings, result.user, result.sessionId, 'token_refresh');
    return {
      access_token: access.token,
      token_type: 'bearer',
      expires_in: access.expiresIn,
      expires_at: access.expiresAt,
      refresh_token: result.issued,
      user: userJson(result.user),
    };
  }

  /** GoTrue's requireAuthentication: Bearer JWT, valid signature and time, user and session exist. */
  async authenticate(authorization: string | undefined): Promise<AuthenticatedUser> {
    const match = /^bearer ([^\t\n\f\r ]+)$/i.exec(authorization ?? '');
    if (!match) throw new GoTrueError(401, 'no_authorization', 'This endpoint requires a valid Bearer token');
    const verified = verifyJwt(match[1] as string, this.app.settings.jwtSecret, nowSeconds());
    if (!verified.ok) throw forbidden('bad_jwt', `invalid JWT: unable to parse or verify signature, ${verified.error}`);
    const { claims } = verified;
    const sub = claims.sub;
    if (typeof sub !== 'string' || sub === '') throw forbidden('bad_jwt', 'invalid claim: missing sub claim');
    if (!UUID_RE.test(sub)) throw badRequest('bad_jwt', 'invalid claim: sub claim must be a UUID');
    const user = await this.findUserById(sub);
    if (!user) throw forbidden('user_not_found', 'User from sub claim in JWT does not exist');
    const sessionId = claims.session_id;
    if (typeof sessionId === 'string' && sessionId !== '' && sessionId !== NIL_UUID) {
      if (!UUID_RE.test(sessionId)) throw forbidden('bad_jwt', 'invalid claim: session_id claim must be a UUID');
      const session = await firstRow(this.db, 'SELECT id FROM auth.sessions WHERE id = $1', [sessionId]);
      if (!session) throw forbidden('session_not_found', 'Session from session_id claim in JWT does not exist');
      return { user, sessionId, claims };
    }
    return { user, sessionId: null, claims };
  }

  /** GET /user */
  async getUser(authorization: string | undefined): Promise<GoTrueUser> {
    return userJson((await this.authenticate(authorization)).user);
  }

  /** POST /logout?scope=global|local|others (204). */
  async logout(authorization: string | undefined, scope: string | null): Promise<void> {
    const mode = scope === null || scope === '' ? 'global' : scope;
    if (!['global', 'local', 'others'].includes(mode)) {
      throw badRequest('validation_failed', `Unsupported logout scope "${mode}"`);
    }
    const { user, sessionId } = await this.authenticate(authorization);
    if (sessionId !== null && mode === 'local') {
      await this.db.query('DELETE FROM auth.sessions WHERE id = $1', [sessionId]);
    } else if (sessionId !== null && mode === 'others') {
      await this.db.query('DELETE FROM auth.sessions WHERE user_id = $1 AND id <> $2', [user.id, sessionId]);
    } else {
      await this.revokeAllSessions(user.id);
    }
  }

  /** Deletes every session of a user: their refresh tokens go with them. */
  async revokeAllSessions(userId: string): Promise<number> {
    const deleted = await rows<{ id: string }>(this.db, 'DELETE FROM auth.sessions WHERE user_id = $1 RETURNING id', [userId]);
    return deleted.length;
  }

  async userIdByEmail(email: string): Promise<string | undefined> {
    return (await this.findUserByEmail(email))?.id;
  }
}

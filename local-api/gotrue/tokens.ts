/**
 * GoTrue's tokens: the session answer (access + refresh token and the user), the legacy
 * 12-character refresh tokens, and the signed access token (JWT) with GoTrue's claims, as
 * supabase/auth's tokens/service.go issues them.
 */
import { randomInt } from 'node:crypto';
import type { Settings } from '../context';
import { nowSeconds } from '../time';
import { signJwt, type JwtClaims } from './jwt';
import type { GoTrueUser, UserRow } from './users';

export interface SessionResponse {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
  expires_at: number;
  refresh_token: string;
  user: GoTrueUser;
}

export const LEGACY_REFRESH_TOKEN = /^[a-z0-9]{12}$/;
const REFRESH_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** GoTrue's legacy refresh tokens: 12 characters of [a-z0-9]. */
export function newRefreshToken(): string {
  let token = '';
  for (let i = 0; i < 12; i++) token += REFRESH_ALPHABET[randomInt(REFRESH_ALPHABET.length)];
  return token;
}

/** A signed access token for a user's session; `method` goes into the JWT's amr. */
export function accessToken(
  settings: Settings,
  user: UserRow,
  sessionId: string,
  method: string,
): { token: string; expiresAt: number; expiresIn: number } {
  const issuedAt = nowSeconds();
  const expiresAt = issuedAt + settings.tokenTtl;
  const claims: JwtClaims = {
    iss: `${settings.apiUrl}/auth/v1`,
    sub: user.id,
    aud: 'authenticated',
    exp: expiresAt,
    iat: issuedAt,
    email: user.email,
    phone: '',
    app_metadata: { provider: user.providers[0] ?? 'email', providers: user.providers.length > 0 ? user.providers : ['email'] },
    user_metadata: { email: user.email, email_verified: true, phone_verified: false, sub: user.id },
    role: 'authenticated',
    aal: 'aal1',
    amr: [{ method, timestamp: issuedAt }],
    session_id: sessionId,
    is_anonymous: false,
  };
  return { token: signJwt(claims, settings.jwtSecret), expiresAt, expiresIn: expiresAt - nowSeconds() };
}

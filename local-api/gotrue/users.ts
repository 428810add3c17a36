/**
 * GoTrue's users as the local API stores and shows them: the auth.users row, and the user object
 * GoTrue answers with (GET /user, and inside every session), as supabase/auth's models/user.go
 * serialises it.
 */
import { isoToGoTime } from '../time';

export interface UserRow {
  id: string;
  email: string;
  encrypted_password: string;
  email_confirmed_at: string;
  last_sign_in_at: string | null;
  created_at: string;
  updated_at: string;
  /** 'email' and/or 'google'. */
  providers: string[];
}

export interface GoTrueUser {
  id: string;
  aud: string;
  role: string;
  email: string;
  email_confirmed_at: string | null;
  phone: string;
  confirmed_at: string | null;
  last_sign_in_at: string | null;
  app_metadata: { provider: string; providers: string[] };
  user_metadata: Record<string, unknown>;
  identities: unknown[];
  created_at: string | null;
  updated_at: string | null;
  is_anonymous: boolean;
}

export const USER_COLUMNS = 'id, email, encrypted_password, email_confirmed_at, last_sign_in_at, created_at, updated_at, providers';


export function userJson(user: UserRow): GoTrueUser {
  const confirmed = isoToGoTime(user.email_confirmed_at);
  const created = isoToGoTime(user.created_at);
  const updated = isoToGoTime(user.updated_at);
  const lastSignIn = isoToGoTime(user.last_sign_in_at);
  const metadata = { email: user.email, email_verified: true, phone_verified: false, sub: user.id };
  const providers = user.providers.length > 0 ? user.providers : ['email'];
  return {
    id: user.id,
    aud: 'authenticated',
    role: 'authenticated',
    email: user.email,
    email_confirmed_at: confirmed,
    phone: '',
    confirmed_at: confirmed,
    last_sign_in_at: lastSignIn,
    app_metadata: { provider: providers[0] as string, providers },
    user_metadata: metadata,
    identities: providers.map((provider) => ({
      identity_id: user.id,
      id: user.id,
      user_id: user.id,
      identity_data: metadata,
      provider,
      last_sign_in_at: lastSignIn,
      created_at: created,
      updated_at: updated,
      email: user.email,
    })),
    created_at: created,
    updated_at: updated,
    is_anonymous: false,
  };
}

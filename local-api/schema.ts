/**
 * The database schema. The three account tables follow the real migrations
 * (supabase/migrations/20260214000001 … 20260217000002, contract §8) in their final state;
 * `auth.*` is a small stand-in for GoTrue's own tables; `local_*` tables hold what the
 * local Stripe stand-in and the server itself need.
 *
 * Every statement is idempotent: it runs on every start of a persisted data directory, so an
 * additive change here reaches existing directories too.
 */
import { createHash } from 'node:crypto';

export const SCHEMA_SQL = `
CREATE SCHEMA IF NOT EXISTS auth;

CREATE TABLE IF NOT EXISTS auth.users (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    email TEXT NOT NULL UNIQUE,
    encrypted_password TEXT NOT NULL,
    email_confirmed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_sign_in_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS auth.sessions (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id UUID NOT NULL REFERENCES auth.users(id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    refreshed_at TIMESTAMPTZ
);
CREATE INDEX IF NOT EXISTS sessions_user_id_idx ON auth.sessions (user_id);

CREATE TABLE IF NOT EXISTS auth.refresh_tokens (
    id BIGSERIAL PRIMARY KEY,
    token TEXT NOT NULL UNIQUE,
    user_id UUID NOT NULL REFERENCES auth.users(id) ON DELETE CASCADE,
    session_id UUID NOT NULL REFERENCES auth.sessions(id) ON DELETE CASCADE,
    parent TEXT,
    revoked BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS refresh_tokens_session_id_idx ON auth.refresh_tokens (session_id);

-- Sign-in methods of a user (GoTrue keeps them in auth.identities): 'email' and/or 'google'.
-- A Google-only user has no password (encrypted_password '').
ALTER TABLE auth.users ADD COLUMN IF NOT EXISTS providers TEXT[] NOT NULL DEFAULT ARRAY['email'];

-- GoTrue's auth.flow_state: one per /authorize, holding the PKCE challenge until the code is
-- exchanged (then deleted: a code works once). provider_code stands in for Google's own code.
CREATE TABLE IF NOT EXISTS auth.flow_state (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id UUID REFERENCES auth.users(id) ON DELETE CASCADE,
    auth_code TEXT NOT NULL UNIQUE,
    code_challenge TEXT,
    code_challenge_method TEXT,
    provider_type TEXT NOT NULL,
    referrer TEXT NOT NULL,
    provider_code TEXT,
    provider_email TEXT,
    auth_code_issued_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS flow_state_created_at_idx ON auth.flow_state (created_at DESC);

CREATE TABLE IF NOT EXISTS api_keys (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id UUID NOT NULL REFERENCES auth.users(id) ON DELETE CASCADE,
    key_hash TEXT NOT NULL UNIQUE,
    key_prefix TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT 'Default',
    rate_limit INT NOT NULL DEFAULT 100,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_used_at TIMESTAMPTZ,
    revoked_at TIMESTAMPTZ,
    key_type TEXT NOT NULL DEFAULT 'dev' CHECK (key_type IN ('dev', 'prod')),
    key_value TEXT
);
CREATE INDEX IF NOT EXISTS idx_api_keys_hash ON api_keys (key_hash) WHERE revoked_at IS NULL;
CREATE INDEX IF NOT EXISTS idx_api_keys_user ON api_keys (user_id);

CREATE TABLE IF NOT EXISTS billing_accounts (
    user_id UUID PRIMARY KEY REFERENCES auth.users(id) ON DELETE CASCADE,
    stripe_customer_id TEXT UNIQUE,
    tier TEXT NOT NULL DEFAULT 'free' CHECK (tier IN ('free', 'payg', 'project')),
    payg_enabled BOOLEAN NOT NULL DEFAULT FALSE,
    credits_total INT NOT NULL DEFAULT 1000,
    credits_used INT NOT NULL DEFAULT 0 CHECK (credits_used >= 0),
    billing_cycle_start TIMESTAMPTZ NOT NULL DEFAULT date_trunc('month', now()),
    stripe_subscription_id TEXT,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS idx_billing_accounts_stripe ON billing_accounts (stripe_customer_id)
    WHERE stripe_customer_id IS NOT NULL;

CREATE TABLE IF NOT EXISTS api_key_usage (
    id BIGSERIAL PRIMARY KEY,
    api_key_id UUID NOT NULL REFERENCES api_keys(id) ON DELETE CASCADE,
    endpoint TEXT NOT NULL,
    credits_charged INT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS idx_api_key_usage_key_time ON api_key_usage (api_key_id, created_at DESC);

CREATE TABLE IF NOT EXISTS local_meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- What the backend sends to Stripe's meter \`kalshibook_api_credits\` (contract §7.3): the whole cost
-- of each data request after which a PAYG account is over its allowance.
CREATE TABLE IF NOT EXISTS local_meter_events (
    id BIGSERIAL PRIMARY KEY,
    stripe_customer_id TEXT NOT NULL,
    event_name TEXT NOT NULL,
    value INT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS local_meter_events_customer_idx ON local_meter_events (stripe_customer_id);

CREATE TABLE IF NOT EXISTS local_stripe_sessions (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('checkout', 'portal')),
    user_id UUID NOT NULL REFERENCES auth.users(id) ON DELETE CASCADE,
    stripe_customer_id TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    completed_at TIMESTAMPTZ
);
`;

/** Identifies the schema (and the PGlite build) a cached template was made from. */
export function schemaFingerprint(pgliteVersion: string): string {
  return createHash('sha256').update(pgliteVersion).update('\0').update(SCHEMA_SQL).digest('hex').slice(0, 16);
}

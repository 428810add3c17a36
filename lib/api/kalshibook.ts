// Typed calls to each KalshiBook account endpoint (contract §12). No state: the session layer
// supplies the base URL and the access token.
import { requestJson, type FetchLike } from './client';
import {
  authResponseSchema,
  billingStatusSchema,
  checkoutResponseSchema,
  createKeyResponseSchema,
  keysUsageResponseSchema,
  paygResponseSchema,
  pkceSessionSchema,
  goTrueSettingsSchema,
  localDemoSchema,
  portalResponseSchema,
  refreshResponseSchema,
  revealKeyResponseSchema,
  revokeKeyResponseSchema,
  updateKeyResponseSchema,
} from './schemas';

export interface Endpoint {
  baseUrl: string;
  fetch?: FetchLike;
  timeoutMs?: number;
}
export interface Authed extends Endpoint {
  token: string;
}

const authed = (ctx: Authed) => ({
  baseUrl: ctx.baseUrl,
  fetch: ctx.fetch,
  timeoutMs: ctx.timeoutMs,
  bearer: ctx.token,
});

/** Path segments from our own data are still encoded: an id is never trusted to be URL-safe. */
const keyPath = (id: string) => `/keys/${encodeURIComponent(id)}`;

export const kalshibook = {
  login: (ctx: Endpoint, body: { email: string; password: string }) =>
    requestJson({ ...ctx, path: '/auth/login', method: 'POST', body, schema: authResponseSchema }),
  signup: (ctx: Endpoint, body: { email: string; password: string }) =>
    requestJson({ ...ctx, path: '/auth/signup', method: 'POST', body, schema: authResponseSchema }),

  listKeysWithUsage: (ctx: Authed) =>
    requestJson({ ...authed(ctx), path: '/keys/usage', method: 'GET', schema: keysUsageResponseSchema }),
  createKey: (ctx: Authed, body: { name: string; key_type: 'dev' | 'prod' }) =>
    requestJson({ ...authed(ctx), path: '/keys', method: 'POST', body, schema: createKeyResponseSchema }),
  renameKey: (ctx: Authed, id: string, name: string) =>
    requestJson({ ...authed(ctx), path: keyPath(id), method: 'PATCH', body: { name }, schema: updateKeyResponseSchema }),
  revokeKey: (ctx: Authed, id: string) =>
    requestJson({ ...authed(ctx), path: keyPath(id), method: 'DELETE', schema: revokeKeyResponseSchema }),
  revealKey: (ctx: Authed, id: string) =>
    requestJson({ ...authed(ctx), path: `${keyPath(id)}/reveal`, method: 'GET', schema: revealKeyResponseSchema }),

  billingStatus: (ctx: Authed) =>
    requestJson({ ...authed(ctx), path: '/billing/status', method: 'GET', schema: billingStatusSchema }),
  // The server ignores these bodies; `{}` keeps every POST a JSON request (§2).
  checkout: (ctx: Authed) =>
    requestJson({ ...authed(ctx), path: '/billing/checkout', method: 'POST', body: {}, schema: checkoutResponseSchema }),
  portal: (ctx: Authed) =>
    requestJson({ ...authed(ctx), path: '/billing/portal', method: 'POST', body: {}, schema: portalResponseSchema }),
  setPayg: (ctx: Authed, enable: boolean) =>
    requestJson({ ...authed(ctx), path: '/billing/payg', method: 'POST', body: { enable }, schema: paygResponseSchema }),
};

/** Only the local development API (local-api/local-info.ts) has this: its demo account's email. */
export const localApi = {
  demoAccount: (ctx: Endpoint) => requestJson({ ...ctx, path: '/__local/demo', method: 'GET', schema: localDemoSchema }),
};

/** GoTrue, called directly (the backend has no refresh endpoint, §3.4), with the public anon key. */
export interface GoTrueEndpoint extends Endpoint {
  anonKey: string;
}

const anon = (ctx: GoTrueEndpoint) => ({ baseUrl: ctx.baseUrl, fetch: ctx.fetch, timeoutMs: ctx.timeoutMs, headers: { apikey: ctx.anonKey } });

export const goTrue = {
  refresh: (ctx: GoTrueEndpoint, refreshToken: string) =>
    requestJson({ ...anon(ctx), path: '/auth/v1/token?grant_type=refresh_token', method: 'POST', body: { refresh_token: refreshToken }, schema: refreshResponseSchema }),
  /** The project's public auth settings: is the Google provider enabled? */
  settings: (ctx: GoTrueEndpoint) => requestJson({ ...anon(ctx), path: '/auth/v1/settings', method: 'GET', schema: goTrueSettingsSchema }),
  /** The code from the Google redirect and our PKCE verifier, for a session. */
  pkce: (ctx: GoTrueEndpoint, authCode: string, codeVerifier: string) =>
    requestJson({
      ...anon(ctx),
      path: '/auth/v1/token?grant_type=pkce',
      method: 'POST',
      body: { auth_code: authCode, code_verifier: codeVerifier },
      schema: pkceSessionSchema,
    }),
};

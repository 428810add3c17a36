// The fake server's account side (fake-server.ts wires it in): API keys (create, list with usage,
// rename, reveal, revoke) and billing (status, Pay-As-You-Go, Stripe portal and checkout), with
// FastAPI's answers before authentication (unknown path 404, missing or wrong Bearer token 401),
// as the contract (kalshibook-api.md §5) describes them.
import { reply, REQUEST_ID, validationError, type Call } from './fake-http';

export interface KeyRecord {
  id: string;
  name: string;
  key: string;
  key_prefix: string;
  key_type: string;
  created_at: string;
  last_used_at: string | null;
  credits_used: number;
  revoked: boolean;
  /** false: created before reveal existed (reveal answers 404). */
  revealable: boolean;
}

export function createFakeAccount(options: { checkoutUrl?: string; portalUrl?: string }) {
  let keyCounter = 0;
  const keys = new Map<string, KeyRecord>();
  const billing = {
    tier: 'free' as 'free' | 'payg' | 'project',
    credits_total: 1000,
    credits_used: 250,
    payg_enabled: false,
    billing_cycle_start: '2026-02-01T00:00:00+00:00',
    stripeCustomer: false,
    subscription: false,
  };
  const urls = {
    checkout: options.checkoutUrl ?? 'https://checkout.stripe.com/c/pay/cs_test_a1',
    portal: options.portalUrl ?? 'https://billing.stripe.com/p/session/test_b2',
  };
  const json = reply.json;
  const envelope = reply.envelope;

  function rawKey(): string {
    keyCounter += 1;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    let s = '';
    for (let i = 0; i < 43; i++) s += alphabet[(keyCounter * 31 + i * 7) % alphabet.length];
    return `kb-${s}`;
  }

  function addKey(name: string, key_type: string, extra: Partial<KeyRecord> = {}): KeyRecord {
    const key = rawKey();
    const n = keyCounter;
    const record: KeyRecord = {
      id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
      name,
      key,
      key_prefix: key.slice(0, 7),
      key_type,
      created_at: new Date(Date.UTC(2026, 1, 1) + n * 60_000).toISOString().replace('Z', '+00:00'),
      last_used_at: null,
      credits_used: 0,
      revoked: false,
      revealable: true,
      ...extra,
    };
    keys.set(record.id, record);
    return record;
  }

  const info = (k: KeyRecord) => ({ id: k.id, name: k.name, key_prefix: k.key_prefix, key_type: k.key_type, created_at: k.created_at, last_used_at: k.last_used_at });
  const status = () => ({
    tier: billing.tier,
    credits_total: billing.credits_total,
    credits_used: billing.credits_used,
    credits_remaining: Math.max(0, billing.credits_total - billing.credits_used),
    payg_enabled: billing.payg_enabled,
    billing_cycle_start: billing.billing_cycle_start,
    request_id: REQUEST_ID,
  });

  /** The API's key and billing routes, for a request to the API origin other than sign-in. */
  function handle(call: Call, url: URL, body: Record<string, unknown>, isValidAccess: (token: string) => boolean): Response {
    const { method } = call;
    // FastAPI routes before it authenticates: an unknown path is 404 {"detail"} for anyone.
    if (!/^\/(keys(\/usage|\/[^/]+(\/reveal)?)?|billing\/(status|payg|portal|checkout))$/.test(url.pathname)) return json(404, { detail: 'Not Found' });
    const auth = call.headers.authorization ?? '';
    if (!auth.startsWith('Bearer ')) return envelope(401, 'invalid_api_key', 'Missing Bearer token');
    if (auth.startsWith('Bearer kb-')) {
      return envelope(401, 'invalid_auth_method', 'Key management endpoints require a Supabase access token, not an API key. Use POST /auth/login to get an access token.');
    }
    if (!isValidAccess(auth.slice(7))) return envelope(401, 'invalid_api_key', 'Invalid or expired access token');

    const keyMatch = /^\/keys\/([^/]+)(\/reveal)?$/.exec(url.pathname);
    if (url.pathname === '/keys/usage' && method === 'GET') {
      const rows = [...keys.values()].filter((k) => !k.revoked).sort((a, b) => b.created_at.localeCompare(a.created_at));
      return json(200, { data: rows.map((k) => ({ ...info(k), credits_used: k.credits_used })), request_id: REQUEST_ID });
    }
    if (url.pathname === '/keys' && method === 'POST') {
      if (call.body === null) return validationError('body: Field required');
      const name = body.name ?? 'Default';
      if (typeof name !== 'string') return validationError('body.name: Input should be a valid string');
      if ([...name].length > 100) return validationError('body.name: String should have at most 100 characters');
      const keyType = (body.key_type as string | undefined) ?? 'dev';
      if (keyType !== 'dev' && keyType !== 'prod') return envelope(500, 'internal_error', 'An unexpected error occurred. Please try again later.');
      const k = addKey(name, keyType);
      return json(200, { data: { id: k.id, key: k.key, name: k.name, key_prefix: k.key_prefix, key_type: k.key_type, created_at: k.created_at }, request_id: REQUEST_ID });
    }
    if (keyMatch) {
      const id = decodeURIComponent(keyMatch[1]!);
      const k = keys.get(id);
      const live = k && !k.revoked ? k : null;
      if (keyMatch[2]) {
        if (method !== 'GET') return json(405, { detail: 'Method Not Allowed' });
        if (!live || !live.revealable) return envelope(404, 'key_not_found', 'API key not found, revoked, or created before reveal was available.');
        return json(200, { data: { key: live.key }, request_id: REQUEST_ID });
      }
      if (method === 'PATCH') {
        if (body.name == null && body.key_type == null) return envelope(400, 'no_fields', 'No fields to update');
        if (typeof body.name === 'string' && [...body.name].length > 100) return validationError('body.name: String should have at most 100 characters');
        if (!live) return envelope(404, 'key_not_found', 'API key not found or already revoked.');
        if (typeof body.name === 'string') live.name = body.name;
        return json(200, { data: info(live), request_id: REQUEST_ID });
      }
      if (method === 'DELETE') {
        if (!live) return envelope(404, 'key_not_found', 'API key not found or already revoked.');
        live.revoked = true;
        return json(200, { message: 'API key revoked', request_id: REQUEST_ID });
      }
      return json(405, { detail: 'Method Not Allowed' });
    }
    if (url.pathname === '/billing/status' && method === 'GET') return json(200, status());
    if (url.pathname === '/billing/payg' && method === 'POST') {
      if (typeof body.enable !== 'boolean') return validationError('body.enable: Field required');
      if (body.enable) {
        billing.stripeCustomer = true;
        billing.payg_enabled = true;
        if (billing.tier === 'free') billing.tier = 'payg';
        return json(200, { payg_enabled: true, message: 'Pay-As-You-Go enabled. Overage credits will be billed at $0.008/credit.', request_id: REQUEST_ID });
      }
      billing.payg_enabled = false;
      if (!billing.subscription) billing.tier = 'free';
      return json(200, { payg_enabled: false, message: 'Pay-As-You-Go disabled. API access will stop when credits are exhausted.', request_id: REQUEST_ID });
    }
    if (url.pathname === '/billing/portal' && method === 'POST') {
      if (!billing.stripeCustomer) return envelope(400, 'no_billing_account', 'No billing account found. Subscribe first via POST /billing/checkout.');
      return json(200, { portal_url: urls.portal, request_id: REQUEST_ID });
    }
    if (url.pathname === '/billing/checkout' && method === 'POST') {
      billing.stripeCustomer = true;
      return json(200, { checkout_url: urls.checkout, request_id: REQUEST_ID });
    }
    return json(404, { detail: 'Not Found' });
  }

  return { keys, billing, urls, addKey, handle };
}

// Zod schemas of every KalshiBook account-endpoint response (contract §5, §12) and of the error
// bodies the server and GoTrue can send (§4). This is the only place API shapes are described.
import { z } from 'zod';
import './zod-config';

// The backend sends Python isoformat() timestamps: `2026-02-16T14:03:48.512345+00:00`. Accept any
// ISO 8601 date-time with an offset or `Z` (zod's datetime with offset:true), so a future change to
// `Z` does not break the extension.
const timestamp = z.iso.datetime({ offset: true, local: false });
const keyType = z.enum(['dev', 'prod']);
const requestId = z.string();

const apiKeyInfoSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  key_prefix: z.string(),
  key_type: keyType,
  created_at: timestamp,
  last_used_at: timestamp.nullable(),
});
export type ApiKeyInfo = z.infer<typeof apiKeyInfoSchema>;

const keyUsageItemSchema = apiKeyInfoSchema.extend({
  credits_used: z.number().int(),
});
export type KeyUsageItem = z.infer<typeof keyUsageItemSchema>;

export const authResponseSchema = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string(),
  user_id: z.string(),
  request_id: requestId.optional(),
});

export const keysUsageResponseSchema = z.object({
  data: z.array(keyUsageItemSchema),
  request_id: requestId,
});

const createdKeySchema = z.object({
  id: z.string().min(1),
  key: z.string().regex(/^kb-/, 'API key must start with kb-'),
  name: z.string(),
  key_prefix: z.string(),
  key_type: keyType,
  created_at: timestamp,
});
export type CreatedKey = z.infer<typeof createdKeySchema>;
export const createKeyResponseSchema = z.object({ data: createdKeySchema, request_id: requestId });

export const updateKeyResponseSchema = z.object({ data: apiKeyInfoSchema, request_id: requestId });
export const revokeKeyResponseSchema = z.object({ message: z.string(), request_id: requestId });
export const revealKeyResponseSchema = z.object({
  data: z.object({ key: z.string().regex(/^kb-/, 'API key must start with kb-') }),
  request_id: requestId,
});

const tierSchema = z.enum(['free', 'payg', 'project']);
export type Tier = z.infer<typeof tierSchema>;

export const billingStatusSchema = z.object({
  tier: tierSchema,
  credits_total: z.number().int(),
  credits_used: z.number().int(),
  credits_remaining: z.number().int(),
  payg_enabled: z.boolean(),
  billing_cycle_start: timestamp,
  request_id: requestId,
});
/** The billing status the extension keeps and shows: the server's answer without its request id. */
export type BillingStatus = Omit<z.infer<typeof billingStatusSchema>, 'request_id'>;

export const checkoutResponseSchema = z.object({ checkout_url: z.string().min(1), request_id: requestId });
export const portalResponseSchema = z.object({ portal_url: z.string().min(1), request_id: requestId });
export const paygResponseSchema = z.object({
  payg_enabled: z.boolean(),
  message: z.string(),
  request_id: requestId,
});

/** GoTrue `POST /auth/v1/token?grant_type=refresh_token` 200 body (only what we use). */
export const refreshResponseSchema = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  expires_in: z.number().optional(),
  expires_at: z.number().optional(),
  user: z.object({ id: z.string(), email: z.string().optional() }).optional(),
});

/** GoTrue `POST /auth/v1/token?grant_type=pkce` 200 body: a session, always with its user. */
export const pkceSessionSchema = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  expires_in: z.number().optional(),
  user: z.object({ id: z.string().min(1), email: z.string().optional() }),
});

/** GoTrue `GET /auth/v1/settings`: which sign-in providers the project has enabled (only what we use). */
export const goTrueSettingsSchema = z.object({ external: z.object({ google: z.boolean() }) });

/** The local API's `GET /__local/demo` (local-api/local-info.ts); the real backend has no such route. */
export const localDemoSchema = z.object({ email: z.string().min(3).max(320) });

// ---- Error bodies -------------------------------------------------------------------------------

/** The KalshiBook envelope: `{error:{code,message,status},request_id}` (§4.1). */
export const errorEnvelopeSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), status: z.number().optional() }),
  request_id: z.string().optional(),
});
/** FastAPI defaults that bypass the envelope: `{"detail": "Not Found"}` (§4.6). */
export const detailErrorSchema = z.object({ detail: z.string() });
/** SlowAPI's built-in handler and dashboard routes: `{"error": "Rate limit exceeded: …"}` (§4.4). */
export const bareErrorSchema = z.object({ error: z.string() });
/** GoTrue errors: `{code, error_code, msg}` (§3.4); older GoTrue uses `error_description`. */
export const goTrueErrorSchema = z.union([
  z.object({ error_code: z.string().optional(), msg: z.string(), code: z.number().optional() }),
  z.object({ error: z.string(), error_description: z.string() }),
  z.object({ message: z.string() }),
]);

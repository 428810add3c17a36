/** API keys (src/api/services/auth.py): generation, hashing and the database operations. */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AppContext } from '../context';
import { firstRow, rows, type Db } from '../db';
import { UnhandledServerError } from '../errors';

/** `"kb-" + secrets.token_urlsafe(32)`: 43 URL-safe characters, 46 in total. */
export function generateApiKey(): { raw: string; hash: string } {
  const raw = `kb-${randomBytes(32).toString('base64url')}`;
  return { raw, hash: hashApiKey(raw) };
}

export const hashApiKey = (raw: string): string => createHash('sha256').update(raw, 'utf8').digest('hex');

/**
 * asyncpg's encoding of a str bound to a uuid parameter: 32..36 UTF-8 bytes, hex digits with
 * hyphens anywhere, exactly 16 bytes. Anything else makes asyncpg raise, which the backend does
 * not catch (→ 500).
 */
export function parsePgUuid(value: string): string {
  const size = Buffer.byteLength(value, 'utf8');
  const hex = value.replace(/-/g, '');
  if (size < 32 || size > 36 || !/^[0-9a-fA-F]{32}$/.test(hex)) {
    throw new UnhandledServerError(`invalid input for query argument $1: '${value}' (invalid UUID)`);
  }
  const h = hex.toLowerCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export interface ApiKeyInfo {
  id: string;
  name: string;
  key_prefix: string;
  key_type: string;
  created_at: string;
  last_used_at: string | null;
}

export interface KeyUsageItem extends ApiKeyInfo {
  credits_used: number;
}

export interface ApiKeyCreated {
  id: string;
  key: string;
  name: string;
  key_prefix: string;
  key_type: string;
  created_at: string;
}

export interface ValidatedKey {
  id: string;
  userId: string;
  name: string;
  rateLimit: number;
}

const INFO_COLUMNS = 'id, name, key_prefix, key_type, created_at, last_used_at';

const toInfo = (row: ApiKeyInfo): ApiKeyInfo => ({
  id: row.id,
  name: row.name,
  key_prefix: row.key_prefix,
  key_type: row.key_type,
  created_at: row.created_at,
  last_used_at: row.last_used_at,
});

/** Inserts a key. A key_type other than dev/prod violates the CHECK constraint (→ 500). */
export async function createApiKey(
  db: Db,
  userId: string,
  name = 'Default',
  keyType = 'dev',
  options: { storeValue?: boolean } = {},
): Promise<ApiKeyCreated> {
  const { raw, hash } = generateApiKey();
  const prefix = raw.slice(0, 7);
  const row = await firstRow<{ id: string; created_at: string }>(
    db,
    `INSERT INTO api_keys (user_id, key_hash, key_prefix, name, key_type, key_value)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, created_at`,
    [userId, hash, prefix, name, keyType, options.storeValue === false ? null : raw],
  );
  const inserted = row as { id: string; created_at: string };
  return { id: inserted.id, key: raw, name, key_prefix: prefix, key_type: keyType, created_at: inserted.created_at };
}

/** Hash lookup among non-revoked keys; marks the key used (before any credit check). */
export async function validateApiKey(db: Db, rawKey: string): Promise<ValidatedKey | undefined> {
  const hash = hashApiKey(rawKey);
  const row = await firstRow<{ id: string; user_id: string; name: string; rate_limit: number; key_hash: string }>(
    db,
    'SELECT id, user_id, name, rate_limit, key_hash FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL',
    [hash],
  );
  if (!row) return undefined;
  if (!timingSafeEqual(Buffer.from(row.key_hash), Buffer.from(hash))) return undefined;
  await db.query('UPDATE api_keys SET last_used_at = now() WHERE id = $1', [row.id]);
  return { id: row.id, userId: row.user_id, name: row.name, rateLimit: row.rate_limit };
}

export async function listApiKeys(db: Db, userId: string): Promise<ApiKeyInfo[]> {
  const found = await rows<ApiKeyInfo>(
    db,
    `SELECT ${INFO_COLUMNS} FROM api_keys WHERE user_id = $1 AND revoked_at IS NULL ORDER BY created_at DESC`,
    [userId],
  );
  return found.map(toInfo);
}

/** GET /keys/usage: credits per key since the account's billing_cycle_start. */
export async function listKeysWithUsage(db: Db, userId: string): Promise<KeyUsageItem[]> {
  const found = await rows<KeyUsageItem>(
    db,
    `SELECT ak.id, ak.name, ak.key_prefix, ak.key_type, ak.created_at, ak.last_used_at,
            COALESCE(SUM(aku.credits_charged), 0)::bigint AS credits_used
     FROM api_keys ak
     LEFT JOIN api_key_usage aku
       ON aku.api_key_id = ak.id
      AND aku.created_at >= (
            SELECT COALESCE(ba.billing_cycle_start, date_trunc('month', now()))
            FROM billing_accounts ba WHERE ba.user_id = ak.user_id)
     WHERE ak.user_id = $1 AND ak.revoked_at IS NULL
     GROUP BY ak.id, ak.name, ak.key_prefix, ak.key_type, ak.created_at, ak.last_used_at
     ORDER BY ak.created_at DESC`,
    [userId],
  );
  return found.map((row) => ({ ...toInfo(row), credits_used: row.credits_used }));
}

/** PATCH: only provided fields change; undefined result = not found / not owned / revoked. */
export async function updateApiKey(
  db: Db,
  keyId: string,
  userId: string,
  name: string | null,
  keyType: string | null,
): Promise<ApiKeyInfo | undefined> {
  const sets: string[] = [];
  const params: unknown[] = [parsePgUuid(keyId), userId];
  if (name !== null) {
    params.push(name);
    sets.push(`name = $${params.length}`);
  }
  if (keyType !== null) {
    params.push(keyType);
    sets.push(`key_type = $${params.length}`);
  }
  if (sets.length === 0) return undefined;
  const row = await firstRow<ApiKeyInfo>(
    db,
    `UPDATE api_keys SET ${sets.join(', ')} WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL RETURNING ${INFO_COLUMNS}`,
    params,
  );
  return row ? toInfo(row) : undefined;
}

export async function revealApiKey(db: Db, keyId: string, userId: string): Promise<string | undefined> {
  const row = await firstRow<{ key_value: string | null }>(
    db,
    'SELECT key_value FROM api_keys WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL',
    [parsePgUuid(keyId), userId],
  );
  return row?.key_value ?? undefined;
}

/** Soft delete: sets revoked_at; false when there was nothing to revoke. */
export async function revokeApiKey(db: Db, keyId: string, userId: string): Promise<boolean> {
  const result = await db.query(
    'UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL',
    [parsePgUuid(keyId), userId],
  );
  return result.affectedRows === 1;
}

/** One api_key_usage row per charged request. Like the real fire-and-forget task, it never fails the request. */
export async function logKeyUsage(app: AppContext, keyId: string, endpoint: string, credits: number): Promise<void> {
  try {
    await app.db.query('INSERT INTO api_key_usage (api_key_id, endpoint, credits_charged) VALUES ($1, $2, $3)', [
      keyId,
      endpoint,
      credits,
    ]);
  } catch (err) {
    app.log.error('usage_log_failed', err);
  }
}

/** Key management (src/api/routes/keys.py). All need a GoTrue access token. */
import { requireUser } from '../deps';
import { errors, jsonResponse } from '../errors';
import type { RequestContext } from '../fastapi';
import {
  createApiKey,
  listApiKeys,
  listKeysWithUsage,
  revealApiKey,
  revokeApiKey,
  updateApiKey,
} from '../services/keys';
import { ApiKeyCreate, ApiKeyUpdate, validateBody } from '../validation';

export async function createKey(ctx: RequestContext): Promise<Response> {
  const raw = await ctx.readBody();
  const user = await requireUser(ctx);
  const body = validateBody(ApiKeyCreate, raw);
  const data = await createApiKey(ctx.app.db, user.userId, body.name, body.key_type);
  return jsonResponse({ data, request_id: ctx.requestId });
}

export async function listKeys(ctx: RequestContext): Promise<Response> {
  const user = await requireUser(ctx);
  return jsonResponse({ data: await listApiKeys(ctx.app.db, user.userId), request_id: ctx.requestId });
}

export async function keysUsage(ctx: RequestContext): Promise<Response> {
  const user = await requireUser(ctx);
  return jsonResponse({ data: await listKeysWithUsage(ctx.app.db, user.userId), request_id: ctx.requestId });
}

export async function revealKey(ctx: RequestContext): Promise<Response> {
  const user = await requireUser(ctx);
  const key = await revealApiKey(ctx.app.db, ctx.params.key_id as string, user.userId);
  if (key === undefined) throw errors.keyNotRevealable();
  return jsonResponse({ data: { key }, request_id: ctx.requestId });
}

export async function updateKey(ctx: RequestContext): Promise<Response> {
  const raw = await ctx.readBody();
  const user = await requireUser(ctx);
  const body = validateBody(ApiKeyUpdate, raw);
  if (body.name === null && body.key_type === null) throw errors.noFields();
  if (body.key_type !== null && body.key_type !== 'dev' && body.key_type !== 'prod') {
    throw errors.invalidKeyType(body.key_type);
  }
  const data = await updateApiKey(ctx.app.db, ctx.params.key_id as string, user.userId, body.name, body.key_type);
  if (!data) throw errors.keyNotFound();
  return jsonResponse({ data, request_id: ctx.requestId });
}

export async function deleteKey(ctx: RequestContext): Promise<Response> {
  const user = await requireUser(ctx);
  const revoked = await revokeApiKey(ctx.app.db, ctx.params.key_id as string, user.userId);
  if (!revoked) throw errors.keyNotFound();
  return jsonResponse({ message: 'API key revoked', request_id: ctx.requestId });
}

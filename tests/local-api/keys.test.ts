/** Key management (contract §5.3–§5.8, §6). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalApi } from '../../local-api/server';
import { call, envelopeOf, ISO_TIMESTAMP, KEY_FORMAT, signUp, sleep, startTestApi, type TestUser } from './helpers';

let api: LocalApi;
let user: TestUser;

beforeAll(async () => {
  api = await startTestApi();
  user = await signUp(api);
});
afterAll(() => api.close());

const createKey = (json: unknown, token = user.accessToken) => call(api, 'POST', '/keys', { token, json });

describe('POST /keys', () => {
  it('creates a kb- key: 46 characters, 7-character prefix, +00:00 timestamp', async () => {
    const response = await createKey({ name: 'trading bot', key_type: 'prod' });
    expect(response.status).toBe(200);
    const { data } = response.body;
    expect(Object.keys(data)).toEqual(['id', 'key', 'name', 'key_prefix', 'key_type', 'created_at']);
    expect(data.key).toMatch(KEY_FORMAT);
    expect(data.key).toHaveLength(46);
    expect(data.key_prefix).toBe(data.key.slice(0, 7));
    expect(data).toMatchObject({ name: 'trading bot', key_type: 'prod' });
    expect(data.created_at).toMatch(ISO_TIMESTAMP);
    expect(response.body.request_id).toBe(response.headers.get('x-request-id'));
  });

  it('defaults to name "Default" and type dev; an empty name is accepted', async () => {
    expect((await createKey({})).body.data).toMatchObject({ name: 'Default', key_type: 'dev' });
    expect((await createKey({ name: '' })).body.data.name).toBe('');
  });

  it('name: at most 100 characters, a string, not null', async () => {
    expect((await createKey({ name: 'x'.repeat(100) })).status).toBe(200);
    expect((await createKey({ name: '😀'.repeat(100) })).status).toBe(200);
    const long = await createKey({ name: 'x'.repeat(101) });
    expect(long.status).toBe(422);
    expect(envelopeOf(long)).toEqual({
      code: 'validation_error',
      message: 'body.name: String should have at most 100 characters',
      status: 422,
    });
    expect(envelopeOf(await createKey({ name: null })).message).toBe('body.name: Input should be a valid string');
    expect(envelopeOf(await createKey({ name: 42 })).message).toBe('body.name: Input should be a valid string');
  });

  it('a key_type other than dev/prod is not validated and fails in the database: 500 without CORS', async () => {
    const response = await createKey({ key_type: 'staging' });
    expect(response.status).toBe(500);
    expect(envelopeOf(response).code).toBe('internal_error');
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('requires a body', async () => {
    const response = await call(api, 'POST', '/keys', { token: user.accessToken });
    expect(envelopeOf(response).message).toBe('body: Field required');
  });
});

describe('GET /keys and GET /keys/usage', () => {
  it('list the non-revoked keys, newest first, never the raw key', async () => {
    const other = await signUp(api);
    await sleep(5); // creation times must differ (the database clock has millisecond resolution)
    const older = (await createKey({ name: 'older' }, other.accessToken)).body.data;
    await sleep(5);
    const newer = (await createKey({ name: 'newer' }, other.accessToken)).body.data;
    const list = await call(api, 'GET', '/keys', { token: other.accessToken });
    expect(list.body.data.map((k: { name: string }) => k.name)).toEqual(['newer', 'older', 'default']);
    expect(Object.keys(list.body.data[0])).toEqual(['id', 'name', 'key_prefix', 'key_type', 'created_at', 'last_used_at']);
    expect(list.text).not.toContain(newer.key);
    expect(list.body.data[0].last_used_at).toBeNull();

    await call(api, 'DELETE', `/keys/${older.id}`, { token: other.accessToken });
    const usage = await call(api, 'GET', '/keys/usage', { token: other.accessToken });
    expect(usage.body.data.map((k: { name: string }) => k.name)).toEqual(['newer', 'default']);
    expect(Object.keys(usage.body.data[0])).toEqual([
      'id',
      'name',
      'key_prefix',
      'key_type',
      'created_at',
      'last_used_at',
      'credits_used',
    ]);
    expect(usage.body.data[0].credits_used).toBe(0);
  });

  it("one user never sees another's keys", async () => {
    const other = await signUp(api);
    const list = await call(api, 'GET', '/keys', { token: other.accessToken });
    expect(list.body.data).toHaveLength(1);
  });
});

describe('PATCH /keys/{key_id}', () => {
  it('renames and retypes, returning the key info', async () => {
    const key = (await createKey({ name: 'before' })).body.data;
    const response = await call(api, 'PATCH', `/keys/${key.id}`, { token: user.accessToken, json: { name: 'after', key_type: 'prod' } });
    expect(response.status).toBe(200);
    expect(response.body.data).toEqual({
      id: key.id,
      name: 'after',
      key_prefix: key.key_prefix,
      key_type: 'prod',
      created_at: key.created_at,
      last_used_at: null,
    });
    const typeOnly = await call(api, 'PATCH', `/keys/${key.id}`, { token: user.accessToken, json: { key_type: 'dev', name: null } });
    expect(typeOnly.body.data).toMatchObject({ name: 'after', key_type: 'dev' });
  });

  it('400 no_fields, 400 invalid_key_type, 422 for long names, 404 key_not_found', async () => {
    const key = (await createKey({ name: 'patch me' })).body.data;
    const patch = (json: unknown, id = key.id) => call(api, 'PATCH', `/keys/${id}`, { token: user.accessToken, json });
    expect(envelopeOf(await patch({}))).toEqual({ code: 'no_fields', message: 'No fields to update', status: 400 });
    expect(envelopeOf(await patch({ name: null, key_type: null })).code).toBe('no_fields');
    expect(envelopeOf(await patch({ key_type: 'staging' }))).toEqual({
      code: 'invalid_key_type',
      message: "key_type must be 'dev' or 'prod', got 'staging'",
      status: 400,
    });
    expect(envelopeOf(await patch({ name: 'y'.repeat(101) })).message).toBe('body.name: String should have at most 100 characters');
    expect(envelopeOf(await patch({ name: 'x' }, '00000000-0000-0000-0000-000000000000'))).toEqual({
      code: 'key_not_found',
      message: 'API key not found or already revoked.',
      status: 404,
    });
  });
});

describe('DELETE /keys/{key_id} (revoke)', () => {
  it('revokes once; the second time is 404', async () => {
    const key = (await createKey({ name: 'revoke me' })).body.data;
    const first = await call(api, 'DELETE', `/keys/${key.id}`, { token: user.accessToken });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ message: 'API key revoked', request_id: first.headers.get('x-request-id') });
    const second = await call(api, 'DELETE', `/keys/${key.id}`, { token: user.accessToken });
    expect(second.status).toBe(404);
    expect(envelopeOf(second)).toEqual({ code: 'key_not_found', message: 'API key not found or already revoked.', status: 404 });
    const patch = await call(api, 'PATCH', `/keys/${key.id}`, { token: user.accessToken, json: { name: 'again' } });
    expect(patch.status).toBe(404);
  });

  it("cannot revoke another user's key", async () => {
    const other = await signUp(api);
    const key = (await createKey({ name: 'mine' })).body.data;
    expect((await call(api, 'DELETE', `/keys/${key.id}`, { token: other.accessToken })).status).toBe(404);
  });
});

describe('GET /keys/{key_id}/reveal', () => {
  it('returns the stored key', async () => {
    const key = (await createKey({ name: 'reveal me' })).body.data;
    const response = await call(api, 'GET', `/keys/${key.id}/reveal`, { token: user.accessToken });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ data: { key: key.key }, request_id: response.headers.get('x-request-id') });
  });

  it('404 for a revoked key, a missing key and a key created before reveal existed', async () => {
    const key = (await createKey({ name: 'gone' })).body.data;
    await call(api, 'DELETE', `/keys/${key.id}`, { token: user.accessToken });
    const expected = {
      code: 'key_not_found',
      message: 'API key not found, revoked, or created before reveal was available.',
      status: 404,
    };
    expect(envelopeOf(await call(api, 'GET', `/keys/${key.id}/reveal`, { token: user.accessToken }))).toEqual(expected);
    expect(
      envelopeOf(await call(api, 'GET', '/keys/00000000-0000-0000-0000-000000000000/reveal', { token: user.accessToken })),
    ).toEqual(expected);

    // The demo account's "default" key mimics a key from before reveal (key_value NULL).
    const demo = await call(api, 'POST', '/auth/login', { json: api.demo });
    const keys = await call(api, 'GET', '/keys', { token: demo.body.access_token });
    const legacy = keys.body.data.find((k: { name: string }) => k.name === 'default');
    expect(envelopeOf(await call(api, 'GET', `/keys/${legacy.id}/reveal`, { token: demo.body.access_token }))).toEqual(expected);
  });
});

import { describe, expect, it } from 'vitest';
import { defaultSettings, urlProblem, validateSettings } from '@/lib/settings';

describe('settings validation', () => {
  it('accepts https anywhere and http only on loopback', () => {
    expect(urlProblem('https://api.kalshibook.io', 'API base URL')).toBeNull();
    expect(urlProblem('http://localhost:8000', 'API base URL')).toBeNull();
    expect(urlProblem('http://127.0.0.1:8000', 'API base URL')).toBeNull();
    expect(urlProblem('http://api.kalshibook.io', 'API base URL')).toMatch(/must use https:\/\//);
    expect(urlProblem('javascript:alert(1)', 'API base URL')).toMatch(/must start with https:\/\//);
    expect(urlProblem('ftp://x.example', 'API base URL')).toMatch(/must start with https:\/\//);
    expect(urlProblem('api.kalshibook.io', 'API base URL')).toMatch(/full URL/);
    expect(urlProblem('', 'API base URL')).toBe('API base URL is required.');
    expect(urlProblem('https://x.example/?a=1', 'API base URL')).toMatch(/\?/);
  });

  it('normalizes trailing slashes and keeps paths', () => {
    const res = validateSettings({ ...defaultSettings({}), apiBaseUrl: 'https://proxy.example/kb//', dashboardUrl: 'https://kalshibook.io/' });
    expect(res).toMatchObject({ ok: true, value: { apiBaseUrl: 'https://proxy.example/kb', dashboardUrl: 'https://kalshibook.io' } });
  });

  it('needs an anon key with an auth URL', () => {
    const res = validateSettings({ ...defaultSettings({}), authUrl: 'https://proj.supabase.co', anonKey: '' });
    expect(res).toMatchObject({ ok: false, errors: { anonKey: 'Anon key is required when an Auth URL is set.' } });
  });

  it('takes defaults from build-time env, falling back to production', () => {
    expect(defaultSettings({}).apiBaseUrl).toBe('https://api.kalshibook.io');
    expect(defaultSettings({ WXT_API_URL: 'http://127.0.0.1:8000/', WXT_AUTH_URL: 'http://127.0.0.1:8000', WXT_ANON_KEY: 'k' })).toMatchObject({
      apiBaseUrl: 'http://127.0.0.1:8000',
      authUrl: 'http://127.0.0.1:8000',
      anonKey: 'k',
      staySignedIn: true,
    });
  });
});

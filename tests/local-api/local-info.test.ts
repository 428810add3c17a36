/** `GET /__local/demo`: the demo account's email for the extension's first-run welcome. */
import { describe, expect, it } from 'vitest';
import { call, startTestApi } from './helpers';

describe('GET /__local/demo', () => {
  it('answers the demo email (never the password) with CORS for any origin', async () => {
    const api = await startTestApi();
    try {
      const res = await call(api, 'GET', '/__local/demo');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ email: 'demo@kalshibook.local' });
      expect(res.text).not.toContain('password');
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
    } finally {
      await api.close();
    }
  });

  it('is 404 when the server has no demo account', async () => {
    const api = await startTestApi({ seedDemo: false });
    try {
      const res = await call(api, 'GET', '/__local/demo');
      expect(res.status).toBe(404);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
    } finally {
      await api.close();
    }
  });
});

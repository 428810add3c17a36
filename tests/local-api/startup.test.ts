/** Starting and stopping: speed, persistence in a data directory, the CLI. */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalApi } from '../../local-api/server';
import { call, startTestApi } from './helpers';
import { cpuStopwatch } from '../helpers/clock';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'local-api-test-'));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

describe('startLocalApi', () => {
  it('starts a fresh in-memory server in well under the seconds initdb takes, once the schema template is cached', async () => {
    await (await startTestApi({ seedDemo: false })).close(); // makes sure the template exists
    const cpuMs = cpuStopwatch();
    const api = await startTestApi();
    const elapsed = cpuMs();
    try {
      // CPU time: ~1.4 s here (wall, idle: ~0.5 s); a fresh initdb takes 3–6 s. Generous bound.
      expect(elapsed).toBeLessThan(4000);
      expect(api.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(api.authUrl).toBe(api.url);
      expect(api.dashboardUrl).toBe(api.url);
      expect(api.anonKey).toBe('local-anon-key');
      expect(api.demo).toEqual({ email: 'demo@kalshibook.local', password: 'demo-password-123' });
      expect((await call(api, 'GET', '/health')).status).toBe(200);
    } finally {
      await api.close();
    }
  });

  it('servers are independent: nothing leaks from one in-memory database to the next', async () => {
    const first = await startTestApi({ seedDemo: false });
    await call(first, 'POST', '/auth/signup', { json: { email: 'same@example.com', password: 'password-1' } });
    await first.close();
    const second = await startTestApi({ seedDemo: false });
    try {
      const again = await call(second, 'POST', '/auth/signup', { json: { email: 'same@example.com', password: 'password-1' } });
      expect(again.status).toBe(200);
      expect(second.demo).toBeUndefined();
    } finally {
      await second.close();
    }
  });

  it('a data directory keeps accounts, keys and sessions across restarts, and seeds the demo only once', async () => {
    const dataDir = path.join(tmp, 'data');
    const first = await startLocalApi({ port: 0, dataDir, quiet: true });
    const login = await call(first, 'POST', '/auth/login', { json: first.demo });
    const token = login.body.access_token as string;
    expect((await call(first, 'GET', '/keys', { token })).body.data).toHaveLength(3);
    await call(first, 'POST', '/keys', { token, json: { name: 'survives restarts' } });
    await first.close();

    const second = await startLocalApi({ port: 0, dataDir, quiet: true });
    try {
      expect(second.demo?.email).toBe('demo@kalshibook.local');
      const keys = await call(second, 'GET', '/keys', { token });
      expect(keys.status).toBe(200);
      expect(keys.body.data.map((k: { name: string }) => k.name)).toEqual([
        'survives restarts',
        'research notebook',
        'production',
        'default',
      ]);
      // Two servers on one directory would corrupt it.
      await expect(startLocalApi({ port: 0, dataDir, quiet: true })).rejects.toThrow(/in use/);
    } finally {
      await second.close();
    }
  });
});

describe('npm run api (local-api/cli.ts)', () => {
  it('prints the connection details one per line and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'local-api/cli.ts', '--memory', '--port', '0', '--quiet', '--token-ttl', '600'], {
      cwd: path.resolve(__dirname, '../..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const lines: string[] = [];
      const reader = createInterface({ input: child.stdout });
      for await (const line of reader) {
        lines.push(line);
        if (line.startsWith('Password: ')) break;
      }
      expect(lines).toHaveLength(6);
      const url = /^API URL: (http:\/\/127\.0\.0\.1:\d+)$/.exec(lines[0] ?? '')?.[1];
      expect(url).toBeDefined();
      expect(lines.slice(1)).toEqual([
        `Auth URL: ${url}`,
        'Anon key: local-anon-key',
        `Dashboard URL: ${url}`,
        'Email: demo@kalshibook.local',
        'Password: demo-password-123',
      ]);
      const health = await fetch(`${url}/health`);
      expect(await health.json()).toEqual({ status: 'ok' });
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});

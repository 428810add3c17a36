/**
 * "Continue with Google" on the local API, where it sends the browser back: redirect_to checked
 * like GoTrue against the allow list (the extension redirect URLs, loopback, the site URL; anything
 * else becomes the site URL), and the list replaced by --redirect-allow (startLocalApi and the
 * `npm run api` command line). The shared steps are google-helpers.ts.
 */
import { describe, expect, it } from 'vitest';
import type { LocalApi } from '../../local-api/server';
import { api, CHROME_REDIRECT, FIREFOX_REDIRECT, landing, withGoogleApi } from './google-helpers';
import { startTestApi } from './helpers';

withGoogleApi();

describe('redirect_to, checked like GoTrue', () => {
  it('admits the Chrome and Firefox extension redirect URLs by default (** crosses path parts)', async () => {
    expect(await landing(CHROME_REDIRECT)).toBe(CHROME_REDIRECT);
    expect(await landing(FIREFOX_REDIRECT)).toBe(FIREFOX_REDIRECT);
    expect(await landing(`${CHROME_REDIRECT}deep/path?x=1`)).toBe(`${CHROME_REDIRECT}deep/path?x=1`);
  });

  it('admits loopback addresses on any port and the site URL’s host', async () => {
    expect(await landing('http://127.0.0.1:49152/callback')).toBe('http://127.0.0.1:49152/callback');
    expect(await landing('http://[::1]:3000/cb')).toBe('http://[::1]:3000/cb');
    expect(await landing(`${api.dashboardUrl}/anything`)).toBe(`${api.dashboardUrl}/anything`);
  });

  it('anything else silently becomes the site URL (the dashboard URL)', async () => {
    const site = new URL(api.dashboardUrl).toString();
    for (const other of [
      'https://evil.example/',
      'https://a.b.chromiumapp.org/', // * does not cross a '.'
      'http://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/', // http is not https
      'https://chromiumapp.org.evil.example/',
      'http://localhost:3000/', // a name, not a loopback address, and not the site URL's host
      'http://2130706433/', // 127.0.0.1 written as a decimal number
      'not a url',
      '',
    ]) {
      expect(await landing(other), other).toBe(site);
    }
  });

  it('--redirect-allow replaces the allow list', async () => {
    const custom = await startTestApi({ seedDemo: false, redirectAllow: ['https://*.example.com/cb/**', 'https://app.{one,two}.test/'] });
    try {
      const site = new URL(custom.dashboardUrl).toString();
      expect(await landing('https://x.example.com/cb/done', custom)).toBe('https://x.example.com/cb/done');
      expect(await landing('https://app.two.test/', custom)).toBe('https://app.two.test/');
      expect(await landing('https://x.y.example.com/cb/done', custom)).toBe(site);
      expect(await landing(CHROME_REDIRECT, custom)).toBe(site);
    } finally {
      await custom.close();
    }
  });
});

describe('npm run api -- --redirect-allow', () => {
  it('takes comma-separated and repeated globs', async () => {
    const { spawn } = await import('node:child_process');
    const { createInterface } = await import('node:readline');
    const path = await import('node:path');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'local-api/cli.ts', '--memory', '--port', '0', '--quiet', '--no-seed', '--redirect-allow', 'https://one.example/**,https://two.example/cb', '--redirect-allow', 'https://*.three.example/'],
      { cwd: path.resolve(__dirname, '../..'), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      let url: string | undefined;
      for await (const line of createInterface({ input: child.stdout })) {
        url ??= /^API URL: (\S+)$/.exec(line)?.[1];
        if (line.startsWith('Dashboard URL: ')) break;
      }
      const target = { url: url as string } as LocalApi;
      expect(await landing('https://one.example/deep/path', target)).toBe('https://one.example/deep/path');
      expect(await landing('https://two.example/cb', target)).toBe('https://two.example/cb');
      expect(await landing('https://x.three.example/', target)).toBe('https://x.three.example/');
      expect(await landing(CHROME_REDIRECT, target)).toBe(`${url}/`);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});

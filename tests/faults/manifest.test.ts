// @vitest-environment node
// The manifest the WXT config produces, for both browsers, and the sources it is built from: few
// permissions, host access only for the dashboard's origin, no content scripts, no remote code,
// the default CSP. The built manifest itself is checked by tests/browser/manifest.test.ts.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import config from '../../wxt.config';

type Manifest = Record<string, unknown>;
const root = path.resolve(__dirname, '../..');

async function manifestFor(browser: 'chrome' | 'firefox'): Promise<Manifest> {
  const manifest = config.manifest;
  if (typeof manifest !== 'function') throw new Error('wxt.config.ts: manifest is expected to be a function of the target');
  return (await manifest({ browser, manifestVersion: 3, mode: 'production', command: 'build' } as never)) as Manifest;
}

const savedDashboard = process.env.WXT_DASHBOARD_URL;
afterEach(() => {
  if (savedDashboard === undefined) delete process.env.WXT_DASHBOARD_URL;
  else process.env.WXT_DASHBOARD_URL = savedDashboard;
});

/** What clearing the clipboard later needs (lib/background/clipboard.ts), and nothing more. */
const CLIPBOARD_PERMISSIONS = { chrome: ['offscreen', 'clipboardWrite'], firefox: ['clipboardWrite'] };

describe.each(['chrome', 'firefox'] as const)('manifest for %s', (browser) => {
  it('asks only for storage, alarms, identity (Google sign-in) and what clipboard clearing needs here, and host access only to the dashboard’s origin', async () => {
    delete process.env.WXT_DASHBOARD_URL;
    const m = await manifestFor(browser);
    expect(m.permissions).toEqual(['storage', 'alarms', 'identity', ...CLIPBOARD_PERMISSIONS[browser]]);
    expect(m.host_permissions).toEqual(['https://kalshibook.io/*']);
    // Optional, asked for when used: notifications for low-credit alerts; one custom dashboard's origin.
    expect(m.optional_permissions).toEqual(['notifications']);
    expect(m.optional_host_permissions).toEqual(['https://*/*', 'http://localhost/*', 'http://127.0.0.1/*']);
  });

  it('has no content scripts, no web-accessible resources, no external messaging and no CSP override', async () => {
    const m = await manifestFor(browser);
    for (const key of ['content_scripts', 'web_accessible_resources', 'externally_connectable', 'content_security_policy', 'sandbox', 'declarative_net_request']) {
      expect(m, key).not.toHaveProperty(key);
    }
    expect(JSON.stringify(m)).not.toMatch(/<all_urls>|\*:\/\/\*\/|"tabs"|"clipboardRead"|"scripting"|"webRequest"|"cookies"/);
  });

  it('opens the popup with Alt+Shift+K (a default the user can change), and has no other command', async () => {
    const m = await manifestFor(browser);
    expect(m.commands).toEqual({ _execute_action: { suggested_key: { default: 'Alt+Shift+K' } } });
  });

  it.each([
    ['http://127.0.0.1:3000', ['http://127.0.0.1/*']],
    ['https://staging.kalshibook.io/app', ['https://staging.kalshibook.io/*']],
    ['not a url', []],
  ])('a build for the dashboard %s asks for %j', async (dashboard, expected) => {
    process.env.WXT_DASHBOARD_URL = dashboard;
    expect((await manifestFor(browser)).host_permissions).toEqual(expected);
  });
});

describe('sources the manifest is built from', () => {
  function files(dir: string): string[] {
    return readdirSync(dir).flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? files(full) : [full];
    });
  }

  it('entrypoints are the background, the popup, the options page and Chrome’s offscreen document: no content script', () => {
    const entries = readdirSync(path.join(root, 'entrypoints')).sort();
    expect(entries).toEqual(['background.ts', 'offscreen', 'options', 'popup']);
    // The offscreen document is built for Chrome only (Firefox has no offscreen API).
    expect(readFileSync(path.join(root, 'entrypoints/offscreen/index.html'), 'utf8')).toContain(`<meta name="manifest.include" content="['chrome']" />`);
    for (const file of files(path.join(root, 'entrypoints'))) {
      expect(readFileSync(file, 'utf8'), file).not.toMatch(/defineContentScript|defineUnlistedScript|injectScript|scripting\.executeScript/);
    }
  });

  it('no remote code and no eval in the extension’s own sources', () => {
    const sources = [...files(path.join(root, 'entrypoints')), ...files(path.join(root, 'components')), ...files(path.join(root, 'lib'))].filter((f) => /\.(ts|tsx|html|js|mjs)$/.test(f));
    if (statSync(path.join(root, 'public'), { throwIfNoEntry: false })?.isDirectory()) sources.push(...files(path.join(root, 'public')).filter((f) => /\.(js|html)$/.test(f)));
    expect(sources.length).toBeGreaterThan(20);
    for (const file of sources) {
      const text = readFileSync(file, 'utf8');
      const rel = path.relative(root, file);
      expect(text, rel).not.toMatch(/\beval\s*\(|new\s+Function\s*\(|importScripts\s*\(|\bimport\s*\(\s*['"`]https?:/);
      expect(text, rel).not.toMatch(/<script[^>]+src=["']https?:/i);
      expect(text, rel).not.toMatch(/setTimeout\s*\(\s*['"`]/);
    }
  });

  it('the HTML pages load only the extension’s own scripts', () => {
    for (const page of ['popup', 'options', 'offscreen']) {
      const html = readFileSync(path.join(root, 'entrypoints', page, 'index.html'), 'utf8');
      for (const [, src] of html.matchAll(/<script[^>]*\ssrc=["']([^"']+)["']/gi)) expect(src, `${page}: ${src}`).not.toMatch(/^(https?:)?\/\//);
      expect(html, page).not.toMatch(/http-equiv=["']Content-Security-Policy/i);
    }
  });
});

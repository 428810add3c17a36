// The build under test (chrome-mv3 in browser-chromium, firefox-mv3 in browser-firefox): its
// manifest and its code. The two builds' known differences are the table below.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { browserName, extensionUnderTest } from './driver/extension';

const BUILD = {
  chromium: {
    background: { type: 'module', service_worker: 'background.js' },
    permissions: ['storage', 'alarms', 'identity', 'offscreen', 'clipboardWrite'],
    pages: ['offscreen.html', 'options.html', 'popup.html'],
    geckoId: undefined,
  },
  // No offscreen API: the event page keeps the clear timer and writes the clipboard itself.
  firefox: {
    background: { type: 'module', scripts: ['background.js'] },
    permissions: ['storage', 'alarms', 'identity', 'clipboardWrite'],
    pages: ['options.html', 'popup.html'],
    geckoId: 'browser-extension@kalshibook.io',
  },
}[browserName];

type Manifest = Record<string, unknown> & {
  permissions?: string[];
  host_permissions?: string[];
  background?: { service_worker?: string; scripts?: string[] };
  action?: { default_popup?: string };
  options_ui?: { page?: string };
  browser_specific_settings?: { gecko?: { id?: string } };
};

const out = extensionUnderTest();
const raw = readFileSync(path.join(out, 'manifest.json'), 'utf8');
const manifest = JSON.parse(raw) as Manifest;
const files = (dir: string) => readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((name) => path.join(dir, name)).filter((f) => statSync(f).isFile());
const scripts = () => files(out).filter((f) => /\.m?js$/.test(f));

describe('built manifest', () => {
  it('is Manifest V3 with a background module, the popup and the options page', () => {
    expect(manifest.manifest_version).toBe(3);
    expect(manifest.background).toEqual(BUILD.background);
    expect(existsSync(path.join(out, 'background.js'))).toBe(true);
    expect(manifest.action?.default_popup).toBe('popup.html');
    expect(manifest.options_ui?.page).toBe('options.html');
    expect(manifest.browser_specific_settings?.gecko?.id).toBe(BUILD.geckoId);
  });

  it('asks for exactly storage, alarms, identity (Google sign-in) and what clearing the clipboard later needs', () => {
    expect(manifest.permissions).toEqual(BUILD.permissions);
    // Optional ones, asked for only when used (low-credit alerts; a custom dashboard's origin).
    expect(manifest.optional_permissions).toEqual(['notifications']);
    expect(manifest.optional_host_permissions).toEqual(['https://*/*', 'http://localhost/*', 'http://127.0.0.1/*']);
  });

  it('has host access only to the dashboard’s origin', () => {
    expect(manifest.host_permissions).toHaveLength(1);
    const [pattern] = manifest.host_permissions!;
    // https://<dashboard host>/*, or http:// on loopback for a local build (build:e2e).
    expect(pattern).toMatch(/^(https:\/\/[a-z0-9.-]+\.[a-z]{2,}|http:\/\/(127\.0\.0\.1|localhost))\/\*$/);
    expect(pattern).not.toMatch(/\*\./);
  });

  it('has no content scripts, no <all_urls>, no CSP override, nothing exposed to pages or other extensions', () => {
    for (const key of ['content_scripts', 'content_security_policy', 'web_accessible_resources', 'externally_connectable', 'sandbox', 'declarative_net_request']) {
      expect(manifest, key).not.toHaveProperty(key);
    }
    expect(raw).not.toContain('<all_urls>');
    expect(raw).not.toMatch(/\*:\/\/\*\//);
    expect(raw).not.toMatch(/"(tabs|clipboardRead|scripting|webRequest|cookies|history|downloads)"/);
  });

  it('opens the popup with Alt+Shift+K, and ships exactly the pages it uses (Chrome: the offscreen document of the clipboard clear)', () => {
    expect(manifest.commands).toEqual({ _execute_action: { suggested_key: { default: 'Alt+Shift+K' } } });
    expect(readdirSync(out).filter((f) => f.endsWith('.html')).sort()).toEqual(BUILD.pages);
  });
});

describe('built code: no remote code', () => {
  it('HTML pages load only scripts and styles shipped in the package', () => {
    const pages = files(out).filter((f) => f.endsWith('.html'));
    expect(pages.map((p) => path.basename(p)).sort()).toEqual(BUILD.pages);
    for (const page of pages) {
      const html = readFileSync(page, 'utf8');
      const refs = [...html.matchAll(/<(?:script|link)\b[^>]*\s(?:src|href)=["']([^"']+)["']/gi)].map((m) => m[1]!);
      expect(refs.length, page).toBeGreaterThan(0);
      for (const ref of refs) {
        expect(ref, `${path.basename(page)} → ${ref}`).not.toMatch(/^(https?:|\/\/|data:|blob:)/);
        expect(existsSync(path.join(out, ref.replace(/^\//, '').split(/[?#]/)[0]!)), `${path.basename(page)} → ${ref} is in the package`).toBe(true);
      }
      expect(html).not.toMatch(/http-equiv=["']Content-Security-Policy/i);
    }
  });

  it('JavaScript never evaluates strings or imports from the network', () => {
    expect(scripts().length).toBeGreaterThan(3);
    const forbidden: [string, RegExp][] = [
      ['eval', /(^|[^.\w$])eval\s*\(/g],
      ['new Function', /new\s+Function\s*\(/g],
      ['importScripts', /importScripts\s*\(/g],
      ['remote import()', /\bimport\s*\(\s*[`'"](https?:)?\/\//g],
      ['remote static import', /\bfrom\s*[`'"](https?:)?\/\//g],
      ['string timer', /set(Timeout|Interval)\s*\(\s*[`'"]/g],
    ];
    const hits: string[] = [];
    for (const file of scripts()) {
      const js = readFileSync(file, 'utf8');
      for (const [what, re] of forbidden) {
        for (const m of js.matchAll(re)) hits.push(`${path.relative(out, file)}: ${what}: …${js.slice(Math.max(0, m.index - 40), m.index + 60)}…`);
      }
    }
    expect(hits).toEqual([]);
  });

  it('dynamic imports stay inside the package', () => {
    for (const file of scripts()) {
      for (const [, target] of readFileSync(file, 'utf8').matchAll(/\bimport\s*\(\s*[`'"]([^`'"]+)[`'"]/g)) {
        expect(existsSync(path.resolve(path.dirname(file), target!)), `${path.relative(out, file)} → ${target}`).toBe(true);
      }
    }
  });
});

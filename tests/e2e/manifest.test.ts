// The built Chrome extension (`npm run test:e2e` builds it first): its manifest asks for storage,
// alarms, identity (Google sign-in), what clipboard clearing needs (offscreen, clipboardWrite) and the dashboard's origin only, has no content scripts, no <all_urls>, the default CSP
// and a service worker; its code loads nothing remote and never evaluates strings.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXTENSION_DIR } from './harness';

/** The build the browser suite loads. */
const OUT = EXTENSION_DIR;

type Manifest = Record<string, unknown> & {
  permissions?: string[];
  host_permissions?: string[];
  background?: { service_worker?: string; type?: string; scripts?: string[] };
  action?: { default_popup?: string };
  options_ui?: { page?: string };
};

let manifest: Manifest;
let raw: string;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : [full];
  });
}

beforeAll(() => {
  const file = path.join(OUT, 'manifest.json');
  if (!existsSync(file)) throw new Error(`No build at ${OUT}: run npm run build:e2e (npm run test:e2e does) first.`);
  raw = readFileSync(file, 'utf8');
  manifest = JSON.parse(raw) as Manifest;
});

describe('built manifest (chrome-mv3)', () => {
  it('is Manifest V3 with a service worker, the popup and the options page', () => {
    expect(manifest.manifest_version).toBe(3);
    expect(manifest.background?.service_worker).toBe('background.js');
    expect(existsSync(path.join(OUT, manifest.background!.service_worker!))).toBe(true);
    expect(manifest.action?.default_popup).toBe('popup.html');
    expect(manifest.options_ui?.page).toBe('options.html');
  });

  it('asks for exactly storage, alarms, identity (Google sign-in), offscreen and clipboardWrite (clearing the clipboard later)', () => {
    expect(manifest.permissions).toEqual(['storage', 'alarms', 'identity', 'offscreen', 'clipboardWrite']);
    // Optional ones, asked for only when used (low-credit alerts; a custom dashboard's origin).
    expect((manifest as Record<string, unknown>).optional_permissions).toEqual(['notifications']);
    expect((manifest as Record<string, unknown>).optional_host_permissions).toEqual(['https://*/*', 'http://localhost/*', 'http://127.0.0.1/*']);
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

  it('opens the popup with Alt+Shift+K, and ships the offscreen document the clipboard clear uses', () => {
    expect(manifest.commands).toEqual({ _execute_action: { suggested_key: { default: 'Alt+Shift+K' } } });
    expect(existsSync(path.join(OUT, 'offscreen.html'))).toBe(true);
  });
});

describe('built code: no remote code', () => {
  it('HTML pages load only scripts and styles shipped in the package', () => {
    const pages = files(OUT).filter((f) => f.endsWith('.html'));
    expect(pages.map((p) => path.basename(p)).sort()).toEqual(expect.arrayContaining(['offscreen.html', 'options.html', 'popup.html']));
    for (const page of pages) {
      const html = readFileSync(page, 'utf8');
      const refs = [...html.matchAll(/<(?:script|link)\b[^>]*\s(?:src|href)=["']([^"']+)["']/gi)].map((m) => m[1]!);
      expect(refs.length, page).toBeGreaterThan(0);
      for (const ref of refs) {
        expect(ref, `${path.basename(page)} → ${ref}`).not.toMatch(/^(https?:|\/\/|data:|blob:)/);
        expect(existsSync(path.join(OUT, ref.replace(/^\//, '').split(/[?#]/)[0]!)), `${path.basename(page)} → ${ref} is in the package`).toBe(true);
      }
      expect(html).not.toMatch(/http-equiv=["']Content-Security-Policy/i);
    }
  });

  it('JavaScript never evaluates strings or imports from the network', () => {
    const scripts = files(OUT).filter((f) => /\.m?js$/.test(f));
    expect(scripts.length).toBeGreaterThan(3);
    const forbidden: [string, RegExp][] = [
      ['eval', /(^|[^.\w$])eval\s*\(/g],
      ['new Function', /new\s+Function\s*\(/g],
      ['importScripts', /importScripts\s*\(/g],
      ['remote import()', /\bimport\s*\(\s*[`'"](https?:)?\/\//g],
      ['remote static import', /\bfrom\s*[`'"](https?:)?\/\//g],
      ['string timer', /set(Timeout|Interval)\s*\(\s*[`'"]/g],
    ];
    const hits: string[] = [];
    for (const file of scripts) {
      const js = readFileSync(file, 'utf8');
      for (const [what, re] of forbidden) {
        for (const m of js.matchAll(re)) hits.push(`${path.relative(OUT, file)}: ${what}: …${js.slice(Math.max(0, m.index - 40), m.index + 60)}…`);
      }
    }
    expect(hits).toEqual([]);
  });

  it('dynamic imports stay inside the package', () => {
    for (const file of files(OUT).filter((f) => /\.m?js$/.test(f))) {
      for (const [, target] of readFileSync(file, 'utf8').matchAll(/\bimport\s*\(\s*[`'"]([^`'"]+)[`'"]/g)) {
        expect(existsSync(path.resolve(path.dirname(file), target!)), `${path.relative(OUT, file)} → ${target}`).toBe(true);
      }
    }
  });
});

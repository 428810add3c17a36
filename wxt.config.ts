import { defineConfig } from 'wxt';
import tailwindcss from '@tailwindcss/vite';
import { originPattern, PRODUCTION_DASHBOARD_URL } from './lib/settings';

// Host access only for the dashboard's origin (where Stripe returns the browser after checkout),
// so the background can notice the return. The API and auth servers answer CORS for any origin
// and need no host permission. (A match pattern carries no port: a local dashboard on any port works.)
function dashboardMatch(): string[] {
  const pattern = originPattern(process.env.WXT_DASHBOARD_URL ?? PRODUCTION_DASHBOARD_URL);
  return pattern ? [pattern] : [];
}

// Clearing the clipboard after a key was copied (lib/background/clipboard.ts): writing it without a
// user gesture needs clipboardWrite in both browsers (tried without: Chrome's execCommand('copy')
// then fails silently). Chrome also needs an offscreen document, which keeps the timer while the
// service worker is stopped; Firefox's event page is woken by an alarm instead. In Firefox the
// permission also lets a copy succeed more than 5 s after the click (a key revealed by a slow server).
function clipboardPermissions(browser: string): string[] {
  return browser === 'firefox' ? ['clipboardWrite'] : ['offscreen', 'clipboardWrite'];
}

// One chunk for the small modules every page starts with (UI primitives, the account provider, the
// messaging client, JSX runtime, clsx). Left to itself, the bundler splits them into several chunks
// by which lazily loaded module also imports which of them (the popup's "Copy for code" menu needs
// some, not all), and each extra chunk costs the popup's startup budget bytes for nothing: they
// are loaded at startup either way.
const UI_CORE_CHUNK = {
  name: 'ui-core',
  includeDependenciesRecursively: false,
  test: /components[\\/]ui[\\/](button|card|cn|spinner|toast)\.|components[\\/]account[\\/]|lib[\\/]client|components[\\/]keys[\\/]clipboard\.|node_modules[\\/](clsx|react[\\/]jsx-runtime|react[\\/]cjs[\\/]react-jsx-runtime)/,
};

export default defineConfig({
  modules: ['@wxt-dev/module-react'],
  // The e2e builds (`npm run build:e2e`, `build:firefox:e2e`: KB_E2E_BUILD=1) go to
  // .output/e2e-<browser>-mv3, beside the store builds and the one `npm start` makes: no other build
  // replaces the build the browser suite runs (npm test runs `npm start` beside the suite).
  ...(process.env.KB_E2E_BUILD === '1' ? { outDirTemplate: 'e2e-{{browser}}-mv{{manifestVersion}}' } : {}),
  vite: () => ({
    plugins: [tailwindcss()],
    build: { rolldownOptions: { output: { codeSplitting: { groups: [UI_CORE_CHUNK] } } } },
  }),
  manifest: ({ browser }) => ({
    name: 'KalshiBook',
    description:
      'Manage your KalshiBook API keys, credits and billing from the toolbar: copy, create and revoke keys, check credits, open Stripe.',
    permissions: ['storage', 'alarms', 'identity', ...clipboardPermissions(browser)],
    host_permissions: dashboardMatch(),
    // Asked for only when used: `notifications` when the user turns low-credit alerts on; host
    // access to one custom Dashboard URL's origin when it is saved in Settings (any https host, or
    // a local one, can be a dashboard; only that single origin is ever requested).
    optional_permissions: ['notifications'],
    optional_host_permissions: ['https://*/*', 'http://localhost/*', 'http://127.0.0.1/*'],
    action: { default_title: 'KalshiBook' },
    // Opens the popup. Alt+Shift+K is free in Chrome and Firefox; users change it at
    // chrome://extensions/shortcuts or in Firefox's Add-ons Manager (gear → Manage Extension Shortcuts).
    commands: { _execute_action: { suggested_key: { default: 'Alt+Shift+K' } } },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'browser-extension@kalshibook.io',
              // 140 (ESR) is the first release that knows data_collection_permissions; it also
              // has MV3 background scripts and storage.session.
              strict_min_version: '140.0',
              data_collection_permissions: {
                required: ['authenticationInfo', 'personallyIdentifyingInfo'],
              },
            },
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : {}),
  }),
  zip: {
    // The sources zip AMO asks for holds exactly what `npm ci && npm run build:firefox` needs. An
    // allow-list, so nothing stray (tests, the local API and its data, .env files, build output,
    // screenshots) can slip in. Dot files (.env, .ci, .git) are never included. docs/releasing.md
    // carries the rebuild steps AMO's reviewers follow.
    includeSources: [
      'package.json',
      'package-lock.json',
      'tsconfig.json',
      'wxt.config.ts',
      'README.md',
      'docs/releasing.md',
      'entrypoints/**',
      'components/**',
      'lib/**',
      'assets/**',
      'public/**',
    ],
    excludeSources: ['**/*.test.*', '**/*.spec.*', '**/__tests__/**', '**/*.log', '**/.DS_Store'],
  },
});

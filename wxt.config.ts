import { defineConfig } from 'wxt';
import tailwindcss from '@tailwindcss/vite';

// Host access only for the dashboard's origin (where Stripe returns the browser after checkout),
// so the background can notice the return. The API and auth servers answer CORS for any origin
// and need no host permission.
function dashboardMatch(): string[] {
  const url = process.env.WXT_DASHBOARD_URL ?? 'https://kalshibook.io';
  try {
    const { protocol, hostname } = new URL(url);
    // A match pattern without a port matches every port, so a local dashboard on any port works.
    return [`${protocol}//${hostname}/*`];
  } catch {
    return [];
  }
}

export default defineConfig({
  modules: ['@wxt-dev/module-react'],
  vite: () => ({ plugins: [tailwindcss()] }),
  manifest: ({ browser }) => ({
    name: 'KalshiBook',
    description:
      'Manage your KalshiBook API keys, credits and billing from the toolbar: copy, create and revoke keys, check credits, open Stripe.',
    // Firefox: a copied key comes from the server (reveal) after the click; without clipboardWrite,
    // Firefox refuses the write once its 5-second user-activation window has passed.
    permissions: ['storage', 'alarms', ...(browser === 'firefox' ? ['clipboardWrite'] : [])],
    host_permissions: dashboardMatch(),
    action: { default_title: 'KalshiBook' },
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
    // screenshots) can slip in. Dot files (.env, .ci, .git) are never included.
    includeSources: [
      'package.json',
      'package-lock.json',
      'tsconfig.json',
      'wxt.config.ts',
      'README.md',
      'entrypoints/**',
      'components/**',
      'lib/**',
      'assets/**',
      'public/**',
    ],
    excludeSources: ['**/*.test.*', '**/*.spec.*', '**/__tests__/**', '**/*.log', '**/.DS_Store'],
  },
});

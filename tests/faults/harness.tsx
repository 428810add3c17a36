// Wiring for the fault tests: the real BackgroundService on the fake server, reached by the UI
// through the real handlers (sender check, error mapping) and a JSON round trip like
// runtime.sendMessage, so a component test sees exactly the Result a page would.
import { render, type RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';
import { vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { AccountProvider, useAccount } from '@/components/account/AccountProvider';
import { Toaster } from '@/components/ui/toaster';
import { handlersFor, runHandler } from '@/lib/background/register';
import { BackgroundService, type ServiceDeps } from '@/lib/background/service';
import { ClientProvider, type BackgroundClient } from '@/lib/client';
import type { Result } from '@/lib/messaging';
import { defaultSettings, type Settings } from '@/lib/settings';
import { settingsItem } from '@/lib/storage';
import { ANON, API, AUTH, createFakeServer, EMAIL, PASSWORD, type FakeServer } from '../helpers/fake-server';

export async function configure(overrides: Partial<Settings> = {}): Promise<Settings> {
  const settings = { ...defaultSettings({}), apiBaseUrl: API, authUrl: AUTH, anonKey: ANON, ...overrides };
  await settingsItem.setValue(settings);
  return settings;
}

/** The fake browser has no identity API: Google sign-in here is a window the user closes. */
const identity = () => ({
  getRedirectURL: () => 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/',
  launchWebAuthFlow: () => Promise.reject(new Error('The user did not approve access.')),
});

export function service(server: FakeServer, deps: Omit<ServiceDeps, 'fetch'> = {}): BackgroundService {
  return new BackgroundService({ fetch: server.fetch, identity, ...deps });
}

export async function signedInService(server: FakeServer, deps: Omit<ServiceDeps, 'fetch'> = {}): Promise<BackgroundService> {
  const bg = service(server, deps);
  await bg.signIn(EMAIL, PASSWORD);
  return bg;
}

/** Configured settings, a fresh fake server holding `keys`, a signed-in service and a client over it. */
export async function signedInWorld(keys: [name: string, type: 'dev' | 'prod'][]): Promise<{ server: FakeServer; bg: BackgroundService; client: ServiceClient }> {
  await configure();
  const server = createFakeServer();
  for (const [name, type] of keys) server.addKey(name, type);
  const bg = await signedInService(server);
  return { server, bg, client: serviceClient(bg) };
}

/** The sender of a message from the extension's own popup. */
export const ownPage = () => ({ id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') });

export type ServiceClient = { [K in keyof BackgroundClient]: ReturnType<typeof vi.fn> & BackgroundClient[K] };

/** A BackgroundClient over the real handlers; `results` keeps every Result the UI received. */
export function serviceClient(bg: BackgroundService, results: { method: string; result: Result<unknown> }[] = []): ServiceClient {
  const handlers = handlersFor(bg) as unknown as Record<string, (data: unknown) => Promise<unknown>>;
  const client: Record<string, unknown> = {};
  for (const [method, handler] of Object.entries(handlers)) {
    client[method] = vi.fn(async (data?: unknown) => {
      const result = await runHandler(ownPage(), () => handler(data));
      // Messages are JSON-serialized between contexts.
      const copy = JSON.parse(JSON.stringify(result)) as Result<unknown>;
      results.push({ method, result: copy });
      return copy;
    });
  }
  return client as ServiceClient;
}

/** Buttons that reload like any later trigger would (focus, Done, a sibling page's change). */
function Reloads() {
  const { reloadKeys, reloadBilling } = useAccount();
  return (
    <div>
      <button type="button" onClick={() => void reloadKeys()}>
        test: reload keys
      </button>
      <button type="button" onClick={() => void reloadBilling()}>
        test: reload billing
      </button>
    </div>
  );
}

/** Renders a page's parts the way the page shells do. A second page in the same test: `toaster: false`. */
export function renderWithClient(ui: ReactElement, client: BackgroundClient, { toaster = true } = {}): RenderResult {
  const container = document.body.appendChild(document.createElement('div'));
  return render(
    <ClientProvider client={client}>
      <AccountProvider>
        {ui}
        <Reloads />
        {toaster && <Toaster />}
      </AccountProvider>
    </ClientProvider>,
    { container },
  );
}

/** Both storage areas as plain JSON text. */
export async function storageText(): Promise<{ local: string; session: string }> {
  return {
    local: JSON.stringify(await fakeBrowser.storage.local.get(null)),
    session: JSON.stringify(await fakeBrowser.storage.session.get(null)),
  };
}

export function deferred<T = void>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

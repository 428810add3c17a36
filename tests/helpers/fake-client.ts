// A fake of the background for component tests: every method is a vi.fn answering like the real
// background would, with data a test can change. It never touches the network.
import { vi } from 'vitest';
import type { ApiErrorData } from '@/lib/api/errors';
import type { BackgroundClient } from '@/lib/client';
import type { BillingStatus } from '@/lib/api/schemas';
import type { Result, UsageHistoryView } from '@/lib/messaging';
import { usageGlance } from '@/lib/usage/glance';
import { defaultAlertSettings, defaultSettings } from '@/lib/settings';
import { billing, keyRow } from './fixtures';

export const ok = <T,>(data: T): Result<T> => ({ ok: true, data });
export const fail = (error: Partial<ApiErrorData> & { message: string }): Result<never> => ({
  ok: false,
  error: { kind: 'server', code: 'error', ...error },
});

export type FakeClient = { [K in keyof BackgroundClient]: ReturnType<typeof vi.fn> & BackgroundClient[K] };

export function createFakeClient(overrides: Partial<Record<keyof BackgroundClient, (...args: never[]) => unknown>> = {}): FakeClient {
  const base: Record<keyof BackgroundClient, (...args: never[]) => unknown> = {
    getSession: async () => ok({ signedIn: true, email: 'ada@example.com', userId: 'user-1', reason: null }),
    signIn: async () => ok({ signedIn: true, email: 'ada@example.com', userId: 'user-1', reason: null }),
    createAccount: async () => ok({ signedIn: true, email: 'ada@example.com', userId: 'user-1', reason: null }),
    signOut: async () => ok({ signedIn: false, email: null, userId: null, reason: null }),
    signInWithGoogle: async () => ok({ outcome: 'signedIn' as const, session: { signedIn: true, email: 'ada@gmail.com', userId: 'user-1', reason: null } }),
    takeFirstKeyNotice: async () => ok(null),
    googleRedirectUrl: async () => ok('https://abcdefghijklmnop.chromiumapp.org/'),
    listKeys: async () => ok([keyRow()]),
    createKey: async () => fail({ message: 'not set up in this test' }),
    getPendingKey: async () => ok(null),
    clearPendingKey: async () => ok(null),
    renameKey: async () => fail({ message: 'not set up in this test' }),
    revealKey: async () => fail({ message: 'not set up in this test' }),
    revokeKey: async () => ok({ alreadyRevoked: false }),
    getBilling: async () => ok(billing()),
    setPayg: async () => fail({ message: 'not set up in this test' }),
    openPortal: async () => ok({ opened: true as const }),
    openCheckout: async () => ok({ opened: true as const }),
    getSettings: async () => ok(defaultSettings({})),
    saveSettings: async (s: never) => ok(s),
    getAlertSettings: async () => ok(defaultAlertSettings()),
    getUsageHistory: async () => ok({ history: { keys: [], series: [] }, dropped: 0 }),
    // Like the background: the glance is worked out from the billing status and the history
    // (through the implementations, so the mocks' call counts stay the page's own calls).
    getUsageGlance: async () => {
      const call = <T,>(name: keyof BackgroundClient) => (impls[name] as () => Promise<Result<T>>)();
      const [status, view] = await Promise.all([call<BillingStatus>('getBilling'), call<UsageHistoryView | null>('getUsageHistory')]);
      return ok(status.ok && view.ok && view.data ? usageGlance(status.data, view.data.history, Date.now()) : null);
    },
    clearUsageHistory: async () => ok({ cleared: true as const }),
    saveAlertSettings: async (s: never) => ok(s),
    keyCopied: async () => ok({ clearsInSeconds: 60 }),
    playgroundSend: async () => fail({ message: 'not set up in this test' }),
    // A returning user by default: tests of the welcome itself turn it on.
    getWelcome: async () => ok({ show: false, browser: 'chrome' as const, pinned: null, shortcut: null, demoEmail: null }),
    dismissWelcome: async () => ok({ dismissed: true as const }),
  };
  const client: Record<string, unknown> = {};
  const impls = { ...base, ...overrides };
  for (const [name, impl] of Object.entries(impls)) client[name] = vi.fn(impl);
  return client as FakeClient;
}

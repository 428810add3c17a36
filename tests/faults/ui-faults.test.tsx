// Faults as the user sees them: the real pages' parts, over the real background (handlers +
// BackgroundService) on the fake server. The last good data stays on screen, the message is
// short, "Retry" appears where retrying makes sense and asks again.
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { useAccount } from '@/components/account/AccountProvider';
import { SignInForm } from '@/components/auth/SignInForm';
import { BillingSection } from '@/components/billing/BillingSection';
import { BillingSummary } from '@/components/billing/BillingSummary';
import { KeysList } from '@/components/keys/KeysList';
import { KeysSection } from '@/components/keys/KeysSection';
import { ErrorState } from '@/components/ui/error-state';
import { INVALID_RESPONSE_MESSAGE, SESSION_EXPIRED_MESSAGE, type ApiErrorKind } from '@/lib/api/errors';
import type { BackgroundService } from '@/lib/background/service';
import { type Call, type FakeServer, reply } from '../helpers/fake-server';
import { renderWithClient, type ServiceClient, signedInWorld } from './harness';

type Respond = (call: Call, signal: AbortSignal | undefined) => Response | Promise<Response>;

const CANT_REACH = "Can't reach KalshiBook at api.test. Check your connection or the URL in Settings, then try again.";

const UI_FAULTS: { fault: string; respond: Respond; message: string }[] = [
  { fault: 'API unreachable', respond: reply.networkError, message: CANT_REACH },
  { fault: '500 without CORS headers', respond: reply.networkError, message: CANT_REACH },
  { fault: '500 with the JSON envelope', respond: () => reply.envelope(500, 'internal_error', 'An unexpected error occurred. Please try again later.'), message: 'An unexpected error occurred. Please try again later.' },
  { fault: '502 HTML error page', respond: () => reply.html(502), message: 'KalshiBook is having trouble right now (HTTP 502). Try again in a moment.' },
  { fault: '200 malformed JSON', respond: () => reply.text(200, '{"data": [', 'application/json'), message: INVALID_RESPONSE_MESSAGE },
  { fault: '200 with fields missing (schema drift)', respond: () => reply.json(200, { request_id: 'r' }), message: INVALID_RESPONSE_MESSAGE },
  { fault: '{"detail": "Not Found"}', respond: () => reply.json(404, { detail: 'Not Found' }), message: 'The server at this API URL does not look like KalshiBook (Not Found). Check the API base URL in Settings.' },
  { fault: '429 bare {"error"}, Retry-After: 30', respond: () => reply.json(429, { error: 'Rate limit exceeded: 120 per 1 minute' }, { 'retry-after': '30' }), message: 'Too many requests. Try again in 30 seconds.' },
  { fault: '429 bare {"error"}, Retry-After not a number', respond: () => reply.json(429, { error: 'Rate limit exceeded: 120 per 1 minute' }, { 'retry-after': '120 per 1 minute' }), message: 'Too many requests. Wait a moment, then try again.' },
  { fault: '500 envelope with an empty message', respond: () => reply.envelope(500, 'internal_error', ''), message: 'KalshiBook is having trouble right now (HTTP 500). Try again in a moment.' },
];

let server: FakeServer;
let bg: BackgroundService;
let client: ServiceClient;

beforeEach(async () => {
  ({ server, bg, client } = await signedInWorld([['production', 'prod']]));
});

const PAGES = [
  { page: 'options', keys: <KeysSection />, billing: <BillingSection /> },
  { page: 'popup', keys: <KeysList />, billing: <BillingSummary /> },
];

function alertWith(message: string): HTMLElement {
  const alert = screen.getAllByRole('alert').find((a) => a.textContent?.includes(message));
  if (!alert) throw new Error(`no alert with ${message}`);
  return alert;
}

describe.each(PAGES)('$page', ({ keys, billing }) => {
  describe.each(UI_FAULTS)('$fault', ({ respond, message }) => {
    it('a failed reload after a success: last data stays, the message and Retry appear, Retry loads again', async () => {
      const user = userEvent.setup();
      renderWithClient(
        <>
          {keys}
          {billing}
        </>,
        client,
      );
      await screen.findByText('production');
      await screen.findByText('Current Plan');

      server.fault('GET /keys/usage', respond);
      server.fault('GET /billing/status', respond);
      await user.click(screen.getByRole('button', { name: 'test: reload keys' }));
      await user.click(screen.getByRole('button', { name: 'test: reload billing' }));
      await waitFor(() => expect(screen.getAllByRole('alert').filter((a) => a.textContent?.includes(message))).toHaveLength(2));

      // The last good data is still there, next to the errors.
      expect(screen.getByText('production')).toBeTruthy();
      expect(screen.getByText('Current Plan')).toBeTruthy();
      expect(screen.getByText(/250 \/ 1,000 used/)).toBeTruthy();
      for (const alert of screen.getAllByRole('alert')) {
        expect(alert.textContent).not.toMatch(/\bat \S+:\d+/); // no stack
        expect(within(alert).getByRole('button', { name: 'Retry' })).toBeTruthy();
      }

      server.clearFaults();
      server.addKey('staging', 'dev');
      server.billing.credits_used = 300;
      const keyCalls = server.requests('GET /keys/usage').length;
      const [keysAlert, billingAlert] = screen.getAllByRole('alert');
      await user.click(within(keysAlert!).getByRole('button', { name: 'Retry' }));
      await user.click(within(billingAlert!).getByRole('button', { name: 'Retry' }));
      await screen.findByText('staging');
      await screen.findByText(/300 \/ 1,000 used/);
      await waitFor(() => expect(screen.queryAllByRole('alert')).toHaveLength(0));
      expect(server.requests('GET /keys/usage').length).toBe(keyCalls + 1);
    });

    it('opened with cached data while the fault lasts: cached keys and plan, the message, Retry', async () => {
      await bg.listKeys();
      await bg.getBilling(); // the cache a previous popup left
      server.fault('GET /keys/usage', respond);
      server.fault('GET /billing/status', respond);
      renderWithClient(
        <>
          {keys}
          {billing}
        </>,
        client,
      );
      await waitFor(() => expect(screen.getAllByRole('alert').filter((a) => a.textContent?.includes(message))).toHaveLength(2));
      expect(screen.getByText('production')).toBeTruthy();
      expect(screen.getByText('Current Plan')).toBeTruthy();
      expect(within(alertWith(message)).getByRole('button', { name: 'Retry' })).toBeTruthy();
    });
  });

  it('nothing cached and the first load fails: the message and Retry instead of a blank page', async () => {
    server.fault('GET /keys/usage', reply.networkError, 1);
    server.fault('GET /billing/status', () => reply.html(502), 1);
    const user = userEvent.setup();
    renderWithClient(
      <>
        {keys}
        {billing}
      </>,
      client,
    );
    await waitFor(() => expect(screen.getAllByRole('alert')).toHaveLength(2));
    expect(alertWith(CANT_REACH)).toBeTruthy();
    for (const alert of screen.getAllByRole('alert')) await user.click(within(alert).getByRole('button', { name: 'Retry' }));
    await screen.findByText('production');
    await screen.findByText('Current Plan');
  });
});

describe('Retry only where retrying makes sense', () => {
  it.each<[ApiErrorKind, boolean]>([
    ['network', true],
    ['timeout', true],
    ['server', true],
    ['invalid_response', true],
    ['rate_limited', true],
    ['extension', true],
    ['validation', false],
    ['session_expired', false],
    ['signed_out', false],
  ])('%s → Retry: %s', (kind, retry) => {
    render(<ErrorState error={{ kind, code: 'x', message: 'Something failed.' }} onRetry={() => undefined} />);
    expect(screen.getByRole('alert').textContent).toContain('Something failed.');
    expect(screen.queryByRole('button', { name: 'Retry' }) !== null).toBe(retry);
  });
});

/** Like the page shells: the sign-in form replaces the account views when signed out. */
function Gate() {
  const { session } = useAccount();
  if (!session) return null;
  return session.signedIn ? (
    <>
      <KeysSection />
      <BillingSection />
    </>
  ) : (
    <SignInForm />
  );
}

describe('the session as the user sees it', () => {
  it('refresh token revoked: the page shows the sign-in form with "Your session expired. Sign in again."', async () => {
    const user = userEvent.setup();
    renderWithClient(<Gate />, client);
    await screen.findByText('production');
    server.revokeAll();
    await user.click(screen.getByRole('button', { name: 'test: reload keys' }));
    expect(await screen.findByText(SESSION_EXPIRED_MESSAGE)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull();
    expect(screen.queryByText('production')).toBeNull();
  });

  it('access token expired: a transparent refresh, nothing shown', async () => {
    const user = userEvent.setup();
    renderWithClient(<Gate />, client);
    await screen.findByText('production');
    server.expireAccessTokens();
    server.addKey('staging', 'dev');
    await user.click(screen.getByRole('button', { name: 'test: reload keys' }));
    await screen.findByText('staging');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(server.refreshCalls).toBe(1);
  });

  it('auth server down during a refresh: an error with Retry, still signed in, data kept', async () => {
    const user = userEvent.setup();
    renderWithClient(<Gate />, client);
    await screen.findByText('production');
    server.expireAccessTokens();
    server.fault('POST /auth/v1/token', reply.networkError);
    await user.click(screen.getByRole('button', { name: 'test: reload keys' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain("Can't reach KalshiBook at auth.test.");
    expect(screen.getByText('production')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Sign in' })).toBeNull();
    server.clearFaults();
    await user.click(within(alert).getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
  });
});

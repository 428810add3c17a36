import { render, type RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';
import { Toaster } from '@/components/ui/toaster';
import { AccountProvider, useAccount } from '@/components/account/AccountProvider';
import { SignInForm } from '@/components/auth';
import { ClientProvider } from '@/lib/client';
import { createFakeClient, type FakeClient } from './fake-client';

/** Renders UI the way the pages do: client + account providers and the toaster. */
export function renderWithAccount(ui: ReactElement, client: FakeClient = createFakeClient()): RenderResult & { client: FakeClient } {
  const result = render(
    <ClientProvider client={client}>
      <AccountProvider>
        {ui}
        <Toaster />
      </AccountProvider>
    </ClientProvider>,
  );
  return { ...result, client };
}

/** Shows the sign-in form while signed out, like the page shells do; signed in, who is signed in. */
export function SignInGate(props: Parameters<typeof SignInForm>[0]) {
  const { session } = useAccount();
  if (!session) return null;
  return session.signedIn ? <p>Signed in as {session.email}</p> : <SignInForm {...props} />;
}

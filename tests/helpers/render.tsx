import { render, type RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';
import { Toaster } from '@/components/ui/toaster';
import { AccountProvider } from '@/components/account/AccountProvider';
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

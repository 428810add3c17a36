// The UI's side of the protocol (lib/messaging-client.ts) in React context: components get the
// client from here, so tests can hand them a fake.
import { createContext, useContext, type ReactNode } from 'react';
import type { BackgroundClient } from './messaging-client';

export { createMessagingClient, type BackgroundClient } from './messaging-client';

const ClientContext = createContext<BackgroundClient | null>(null);

export function ClientProvider({ client, children }: { client: BackgroundClient; children: ReactNode }) {
  return <ClientContext.Provider value={client}>{children}</ClientContext.Provider>;
}

export function useClient(): BackgroundClient {
  const client = useContext(ClientContext);
  if (!client) throw new Error('useClient outside ClientProvider');
  return client;
}

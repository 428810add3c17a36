import { lazy, Suspense, useEffect, useState } from 'react';
import { AccountProvider, useAccount } from '@/components/account/AccountProvider';
import { FirstKeyNotice, FirstKeyNoticeWatch } from '@/components/auth/FirstKeyNotice';
import { SignInForm } from '@/components/auth';
import { BillingSection, useCheckoutOutcome } from '@/components/billing';
import { KeysSection } from '@/components/keys/KeysSection';
import { SettingsSection } from '@/components/settings';
import { Logo } from '@/components/ui/icons';
import { Skeleton } from '@/components/ui/skeleton';
import { TabList, TabPanel, type TabItem } from '@/components/ui/tabs';
import { Toaster } from '@/components/ui/toaster';
import { Welcome } from '@/components/welcome/Welcome';
import { ClientProvider, type BackgroundClient } from '@/lib/client';

// The Playground is its own chunk, loaded when its section is first shown.
const PlaygroundSection = lazy(() => import('@/components/playground/PlaygroundSection'));

type Section = 'keys' | 'billing' | 'playground' | 'settings';
const SECTIONS: TabItem<Section>[] = [
  { id: 'keys', label: 'API Keys' },
  { id: 'billing', label: 'Billing' },
  { id: 'playground', label: 'Playground' },
  { id: 'settings', label: 'Settings' },
];

/** `#billing`, `#settings`, `#playground` or `#playground?key=<id>` (a key menu's "Try in Playground"). */
function sectionFromHash(hash: string): Section {
  const id = hash.replace(/^#/, '').split('?')[0];
  return id === 'billing' || id === 'settings' || id === 'playground' ? id : 'keys';
}

export function OptionsApp({ client }: { client: BackgroundClient }) {
  return (
    <ClientProvider client={client}>
      <AccountProvider>
        <OptionsPage />
        <Toaster />
        <FirstKeyNotice />
        <FirstKeyNoticeWatch />
      </AccountProvider>
    </ClientProvider>
  );
}

function OptionsPage() {
  const { session } = useAccount();
  const [section, setSection] = useState<Section>(() => sectionFromHash(window.location.hash));
  useCheckoutOutcome({ watchUrl: true });

  useEffect(() => {
    const onHash = () => setSection(sectionFromHash(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  const select = (next: Section) => {
    setSection(next);
    history.replaceState(null, '', `${window.location.pathname}${window.location.search}#${next}`);
  };

  return (
    <div className="mx-auto flex min-h-screen max-w-6xl flex-col gap-6 px-6 py-6">
      <header className="flex items-center justify-between gap-4">
        <div className="flex items-center gap-3">
          <Logo className="h-8 w-8" />
          <h1 className="text-lg font-semibold tracking-tight">KalshiBook</h1>
        </div>
        <div className="flex items-center gap-3 text-sm text-slate-600 dark:text-slate-300">
          {session === null ? (
            <Skeleton className="h-4 w-40" />
          ) : session.signedIn ? (
            <span>{session.email}</span>
          ) : (
            'Not signed in'
          )}
        </div>
      </header>
      <Welcome />
      <div className="flex flex-col gap-6 md:flex-row">
        <nav aria-label="Sections" className="shrink-0 md:w-48">
          <TabList
            tabs={SECTIONS}
            value={section}
            onChange={select}
            label="Sections"
            idPrefix="options"
            orientation="vertical"
            className="flex gap-1 md:flex-col"
            tabClassName="rounded-lg px-3 py-2 text-left text-sm font-medium text-slate-600 hover:bg-slate-100 data-[state=active]:bg-white data-[state=active]:text-indigo-700 data-[state=active]:shadow-sm dark:text-slate-300 dark:hover:bg-slate-800 dark:data-[state=active]:bg-slate-900 dark:data-[state=active]:text-indigo-300"
          />
        </nav>
        <main className="min-w-0 flex-1">
          <TabPanel idPrefix="options" id="keys" active={section === 'keys'}>
            {session === null ? <PageSkeleton /> : session.signedIn ? <KeysSection /> : <SignInPanel />}
          </TabPanel>
          <TabPanel idPrefix="options" id="billing" active={section === 'billing'}>
            {session === null ? <PageSkeleton /> : session.signedIn ? <BillingSection /> : <SignInPanel />}
          </TabPanel>
          <TabPanel idPrefix="options" id="playground" active={section === 'playground'}>
            {session === null ? (
              <PageSkeleton />
            ) : session.signedIn ? (
              <Suspense fallback={<PageSkeleton />}>
                <PlaygroundSection />
              </Suspense>
            ) : (
              <SignInPanel />
            )}
          </TabPanel>
          <TabPanel idPrefix="options" id="settings" active={section === 'settings'}>
            <SettingsSection />
          </TabPanel>
        </main>
      </div>
    </div>
  );
}

function SignInPanel() {
  return (
    <div className="mx-auto max-w-md">
      <SignInForm />
    </div>
  );
}

function PageSkeleton() {
  return (
    <div className="flex flex-col gap-3" aria-busy="true">
      <Skeleton className="h-7 w-48" />
      <Skeleton className="h-4 w-80" />
      <Skeleton className="h-40 w-full" />
    </div>
  );
}

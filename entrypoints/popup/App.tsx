import { lazy, Suspense, useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { AccountProvider, useAccount, type InitialRequests } from '@/components/account/AccountProvider';
import { FirstKeyNotice } from '@/components/auth/FirstKeyNotice';
import { PlanBadgeBar } from '@/components/billing/PlanBadgeBar';
import { useCheckoutOutcome } from '@/components/billing/checkout-outcome';
import { KeysList } from '@/components/keys/KeysList';
import { ExternalLinkIcon, Logo } from '@/components/ui/icons';
import { Skeleton } from '@/components/ui/skeleton';
import { TabList, TabPanel } from '@/components/ui/tabs';
import { Toaster } from '@/components/ui/toaster';
import { ClientProvider, type BackgroundClient } from '@/lib/client';
import type { DataCache } from '@/lib/storage';
import { saveSnapshot } from './snapshot';

// Not needed for the first view (keys): loaded on demand to keep the popup's startup JavaScript small.
const SignInForm = lazy(() => import('@/components/auth/SignInForm').then((m) => ({ default: m.SignInForm })));
const BillingSummary = lazy(() => import('@/components/billing/BillingSummary').then((m) => ({ default: m.BillingSummary })));

function PanelFallback() {
  return (
    <div className="flex flex-col gap-2" aria-busy="true">
      <Skeleton className="h-8 w-full" />
      <Skeleton className="h-24 w-full" />
    </div>
  );
}

export function PopupApp({ client, initialCache = null, initialRequests }: { client: BackgroundClient; initialCache?: DataCache | null; initialRequests?: InitialRequests }) {
  return (
    <ClientProvider client={client}>
      <AccountProvider initialCache={initialCache} initialRequests={initialRequests}>
        <Popup />
        <Toaster compact />
        <FirstKeyNotice />
      </AccountProvider>
    </ClientProvider>
  );
}

function openOptions(section: 'keys' | 'billing' | 'settings') {
  void browser.tabs.create({ url: browser.runtime.getURL(`/options.html#${section}`) });
  window.close();
}

function Popup() {
  const { session, keys, billing } = useAccount();
  useCheckoutOutcome({ watchUrl: false });
  // With cached data the lists show before the background has even confirmed the session.
  const hasCache = keys.data !== null || billing.data !== null;
  const signedOut = session !== null && !session.signedIn;
  const [tab, setTab] = useState<'keys' | 'billing'>('keys');

  // Keep the instant-open snapshot of the keys view in step with what is shown.
  useEffect(() => {
    if (tab !== 'keys' || !session?.signedIn || !keys.data || !billing.data) return;
    const timer = setTimeout(() => {
      const root = document.getElementById('root');
      if (root) void saveSnapshot(root, { keys: keys.data, billing: billing.data });
    }, 300);
    return () => clearTimeout(timer);
  }, [tab, session, keys.data, billing.data]);

  return (
    <div className="flex w-[380px] flex-col">
      <header className="flex items-center gap-2 border-b border-slate-200 px-3 py-2 dark:border-slate-800">
        <Logo className="h-6 w-6" />
        <h1 className="text-sm font-semibold">KalshiBook</h1>
        <div className="ml-auto flex min-w-0 items-center gap-2">
          {!signedOut && <PlanBadgeBar />}
          <button
            type="button"
            aria-label="Open options page"
            title="Open options page"
            onClick={() => openOptions('keys')}
            className="rounded-md p-1 text-slate-500 hover:bg-slate-100 hover:text-slate-900 dark:hover:bg-slate-800 dark:hover:text-slate-100"
          >
            <ExternalLinkIcon className="h-4 w-4" />
          </button>
        </div>
      </header>
      <main>
        {signedOut ? (
          <div className="p-3">
            <Suspense fallback={<PanelFallback />}>
              <SignInForm compact onOpenSettings={() => openOptions('settings')} />
            </Suspense>
          </div>
        ) : session === null && !hasCache ? (
          <div className="flex flex-col gap-2 p-3" aria-busy="true">
            <Skeleton className="h-8 w-full" />
            <Skeleton className="h-12 w-full" />
            <Skeleton className="h-12 w-full" />
          </div>
        ) : (
          <div className="flex flex-col">
            <TabList
              tabs={[
                { id: 'keys', label: 'Keys' },
                { id: 'billing', label: 'Billing' },
              ]}
              value={tab}
              onChange={setTab}
              label="Sections"
              idPrefix="popup"
              className="flex gap-1 border-b border-slate-200 px-3 dark:border-slate-800"
              tabClassName="-mb-px border-b-2 border-transparent px-2 py-2 text-sm font-medium text-slate-500 hover:text-slate-900 dark:text-slate-400 data-[state=active]:border-indigo-600 data-[state=active]:text-slate-900 dark:hover:text-slate-100 dark:data-[state=active]:border-indigo-400 dark:data-[state=active]:text-slate-100"
            />
            <TabPanel idPrefix="popup" id="keys" active={tab === 'keys'} className="max-h-[480px] overflow-y-auto p-3">
              <KeysList />
            </TabPanel>
            <TabPanel idPrefix="popup" id="billing" active={tab === 'billing'} className="p-3">
              <Suspense fallback={<PanelFallback />}>
                <BillingSummary />
              </Suspense>
            </TabPanel>
          </div>
        )}
      </main>
    </div>
  );
}

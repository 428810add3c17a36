// `Created your first key, "default"` after a first Google sign-in, shown once, by one page: the
// page that started the sign-in when it is still open (the popup closes when Google's window
// opens), else a page opened or already open afterwards. The background hands the notice out once.
import { useEffect, useRef } from 'react';
import { useAccount } from '@/components/account/AccountProvider';
import { toast } from '@/components/ui/toast';
import { useClient, type BackgroundClient } from '@/lib/client';
import { firstKeyNoticeItem } from '@/lib/storage';

/** How long an already open page leaves the notice to the page that started the sign-in. */
const OTHER_PAGE_DELAY_MS = 1500;

export async function showFirstKeyNotice(client: BackgroundClient): Promise<void> {
  const res = await client.takeFirstKeyNotice();
  if (res.ok && res.data) toast.success(`Created your first key, "${res.data.keyName}"`);
}

export function FirstKeyNotice() {
  const client = useClient();
  const { session } = useAccount();
  const signedIn = session?.signedIn === true;
  const checkedAtOpen = useRef(false);

  useEffect(() => {
    if (session === null || checkedAtOpen.current) return;
    checkedAtOpen.current = true;
    // Opened after the sign-in finished (the popup reopened): the notice may be waiting.
    if (signedIn) void showFirstKeyNotice(client);
  }, [client, session, signedIn]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unwatch = firstKeyNoticeItem.watch((notice) => {
      clearTimeout(timer);
      if (notice) timer = setTimeout(() => void showFirstKeyNotice(client), OTHER_PAGE_DELAY_MS);
    });
    return () => {
      clearTimeout(timer);
      unwatch();
    };
  }, [client]);

  return null;
}

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

/** Every page: a notice that waited for a page to open (the popup reopened after the sign-in). */
export function FirstKeyNotice() {
  const client = useClient();
  const { session } = useAccount();
  const signedIn = session?.signedIn === true;
  const checkedAtOpen = useRef(false);

  useEffect(() => {
    if (session === null || checkedAtOpen.current) return;
    checkedAtOpen.current = true;
    if (signedIn) void showFirstKeyNotice(client);
  }, [client, session, signedIn]);

  return null;
}

/**
 * The options page also takes a notice that appears while it is open (the sign-in was started in
 * the popup, which closed). Not in the popup: it lives seconds, and its startup JavaScript is tight.
 */
export function FirstKeyNoticeWatch() {
  const client = useClient();
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

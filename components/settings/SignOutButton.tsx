import { useRef, useState } from 'react';
import { toast } from '@/components/ui/toast';
import { useAccount } from '@/components/account/AccountProvider';
import { Button, type ButtonProps } from '@/components/ui/button';
import { useClient } from '@/lib/client';

/** "Sign out": the background wipes tokens, caches and pending secrets; the UI flips to sign-in. */
export function SignOutButton({ variant = 'outline', size = 'sm', className }: Pick<ButtonProps, 'variant' | 'size' | 'className'>) {
  const client = useClient();
  const { setSession, noticeError } = useAccount();
  const [busy, setBusy] = useState(false);
  const running = useRef(false);

  const signOut = async () => {
    if (running.current) return;
    running.current = true;
    setBusy(true);
    try {
      const res = await client.signOut();
      if (res.ok) {
        setSession(res.data);
        toast.success('Signed out');
      } else {
        toast.error(res.error.message);
        noticeError(res.error);
      }
    } finally {
      running.current = false;
      setBusy(false);
    }
  };

  return (
    <Button variant={variant} size={size} className={className} busy={busy} onClick={() => void signOut()}>
      Sign out
    </Button>
  );
}

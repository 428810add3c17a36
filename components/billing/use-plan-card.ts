// Billing behaviour shared by the full (options) and compact (popup) plan cards: the PAYG switch,
// the Stripe buttons. The checkout outcome is in checkout-outcome.ts.
import { useCallback, useRef, useState } from 'react';
import { toast } from '@/components/ui/toast';
import { useAccount } from '@/components/account/AccountProvider';
import { useClient } from '@/lib/client';
import type { BillingStatus } from '@/lib/api/schemas';
import { billingView, CHECKOUT_OPENED, type BillingView } from './billing-view';

export interface PaygState {
  /** The confirmed state: the server's answer to the last toggle, else the billing status. */
  enabled: boolean;
  /** What the switch shows: the requested state while a toggle runs. */
  checked: boolean;
  busy: boolean;
  toggle(enable: boolean): Promise<void>;
}

/** The Pay-As-You-Go switch: one request at a time, the server's message as toast. */
export function usePayg(): PaygState {
  const client = useClient();
  const { billing, reloadBilling, noticeError } = useAccount();
  const [pending, setPending] = useState<boolean | null>(null);
  // The server's answer holds until the billing status object is replaced by a reload.
  const [confirmed, setConfirmed] = useState<{ value: boolean; basedOn: BillingStatus | null } | null>(null);
  const running = useRef(false);
  const dataRef = useRef(billing.data);
  dataRef.current = billing.data;

  const enabled = confirmed && confirmed.basedOn === billing.data ? confirmed.value : (billing.data?.payg_enabled ?? false);

  const toggle = useCallback(
    async (enable: boolean) => {
      if (running.current) return;
      running.current = true;
      setPending(enable);
      try {
        const res = await client.setPayg({ enable });
        if (res.ok) {
          setConfirmed({ value: res.data.payg_enabled, basedOn: dataRef.current });
          toast.success(res.data.message);
        } else {
          toast.error(res.error.message);
          noticeError(res.error);
        }
        setPending(null);
        running.current = false;
        if (res.ok) await reloadBilling();
      } finally {
        setPending(null);
        running.current = false;
      }
    },
    [client, noticeError, reloadBilling],
  );

  return { enabled, checked: pending ?? enabled, busy: pending !== null, toggle };
}

export interface StripeActions {
  busy: 'portal' | 'checkout' | null;
  openPortal(): Promise<void>;
  openCheckout(): Promise<void>;
}

/** "Manage in Stripe" and "Upgrade": the background creates the URL and opens the tab. */
export function useStripeActions(): StripeActions {
  const client = useClient();
  const { noticeError } = useAccount();
  const [busy, setBusy] = useState<'portal' | 'checkout' | null>(null);
  const running = useRef(false);

  const run = useCallback(
    async (kind: 'portal' | 'checkout') => {
      if (running.current) return;
      running.current = true;
      setBusy(kind);
      try {
        const res = kind === 'portal' ? await client.openPortal() : await client.openCheckout();
        if (res.ok) {
          if (kind === 'checkout') toast.info(CHECKOUT_OPENED);
        } else {
          toast.error(res.error.message);
          noticeError(res.error);
        }
      } finally {
        setBusy(null);
        running.current = false;
      }
    },
    [client, noticeError],
  );

  const openPortal = useCallback(() => run('portal'), [run]);
  const openCheckout = useCallback(() => run('checkout'), [run]);
  return { busy, openPortal, openCheckout };
}

/** Everything a plan card (full or compact) needs; null until billing data is there. */
export function usePlanCard(): { view: BillingView; refreshing: boolean; payg: PaygState; actions: StripeActions } | null {
  const { billing } = useAccount();
  const payg = usePayg();
  const actions = useStripeActions();
  if (!billing.data) return null;
  return { view: billingView(billing.data, payg.enabled), refreshing: billing.loading, payg, actions };
}

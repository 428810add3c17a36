// Billing behaviour shared by the full (options) and compact (popup) views.
import { useCallback, useEffect, useRef, useState } from 'react';
import { toast } from '@/components/ui/toast';
import { useAccount } from '@/components/account/AccountProvider';
import { useClient } from '@/lib/client';
import { checkoutOutcomeItem, type BillingStatus, type CheckoutOutcome } from '@/lib/storage';
import { billingView, CHECKOUT_CANCELED, CHECKOUT_OPENED, CHECKOUT_SUCCESS, type BillingView } from './billing-view';

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

/** An outcome written by the background counts on mount only while this fresh (ms). */
export const OUTCOME_FRESH_MS = 30_000;
/** Refetch on focus / visibility at most this often (ms). */
export const REFOCUS_THROTTLE_MS = 5_000;

function showOutcome(outcome: CheckoutOutcome['outcome'], id: string) {
  if (outcome === 'success') toast.success(CHECKOUT_SUCCESS, { id });
  else toast.info(CHECKOUT_CANCELED, { id });
}

/** Reads `?success=true` / `?canceled=true`, removes them (keeping the rest and the hash). */
function takeUrlOutcome(): CheckoutOutcome['outcome'] | null {
  if (typeof window === 'undefined') return null;
  const url = new URL(window.location.href);
  const outcome = url.searchParams.get('success') === 'true' ? 'success' : url.searchParams.get('canceled') === 'true' ? 'canceled' : null;
  if (!outcome) return null;
  url.searchParams.delete('success');
  url.searchParams.delete('canceled');
  window.history.replaceState(window.history.state, '', `${url.pathname}${url.search}${url.hash}`);
  return outcome;
}

export interface CheckoutOutcomeOptions {
  /** Options page only: honour `?success=true` / `?canceled=true` in the page's own URL. */
  watchUrl?: boolean;
}

/**
 * Call once per page, inside AccountProvider. Shows the checkout outcome the background records
 * (also one recorded less than 30 s before the page opened), refreshes the plan, and refetches
 * billing when the page becomes visible again or gets focus (at most every 5 s).
 */
export function useCheckoutOutcome({ watchUrl = false }: CheckoutOutcomeOptions = {}): void {
  const { session, reloadBilling } = useAccount();
  const reloadRef = useRef(reloadBilling);
  reloadRef.current = reloadBilling;
  const signedInRef = useRef(session?.signedIn ?? false);
  signedInRef.current = session?.signedIn ?? false;
  const shown = useRef(new Set<number>());

  // (a) the outcome recorded by the background
  useEffect(() => {
    let active = true;
    const handle = (value: CheckoutOutcome | null, onMount: boolean) => {
      if (!active || !value || shown.current.has(value.at)) return;
      if (onMount && Date.now() - value.at > OUTCOME_FRESH_MS) return;
      shown.current.add(value.at);
      showOutcome(value.outcome, `checkout-${value.at}`);
      void reloadRef.current();
    };
    void checkoutOutcomeItem.getValue().then((value) => handle(value, true));
    const unwatch = checkoutOutcomeItem.watch((value) => handle(value, false));
    return () => {
      active = false;
      unwatch();
    };
  }, []);

  // (b) the page's own URL
  useEffect(() => {
    if (!watchUrl) return;
    const outcome = takeUrlOutcome();
    if (!outcome) return;
    showOutcome(outcome, `checkout-url-${outcome}`);
    void reloadRef.current();
  }, [watchUrl]);

  // (c) back to the page → fresh numbers
  useEffect(() => {
    let last = Date.now();
    const onWake = () => {
      if (document.visibilityState === 'hidden' || !signedInRef.current) return;
      const now = Date.now();
      if (now - last < REFOCUS_THROTTLE_MS) return;
      last = now;
      void reloadRef.current();
    };
    document.addEventListener('visibilitychange', onWake);
    window.addEventListener('focus', onWake);
    return () => {
      document.removeEventListener('visibilitychange', onWake);
      window.removeEventListener('focus', onWake);
    };
  }, []);
}

/** The same hook as a component, for page shells that prefer markup: `<CheckoutOutcomeWatcher watchUrl />`. */
export function CheckoutOutcomeWatcher(props: CheckoutOutcomeOptions): null {
  useCheckoutOutcome(props);
  return null;
}

/** Everything a plan card (full or compact) needs; null until billing data is there. */
export function usePlanCard(): { view: BillingView; refreshing: boolean; payg: PaygState; actions: StripeActions } | null {
  const { billing } = useAccount();
  const payg = usePayg();
  const actions = useStripeActions();
  if (!billing.data) return null;
  return { view: billingView(billing.data, payg.enabled), refreshing: billing.loading, payg, actions };
}

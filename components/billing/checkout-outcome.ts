// The outcome of a Stripe checkout, on any page: the one the background recorded, `?success=true`
// / `?canceled=true` in the options page's own URL, and fresh numbers when the page comes back.
// Its own module: the popup needs it at startup, the plan card's hooks it does not.
import { useEffect, useRef } from 'react';
import { toast } from '@/components/ui/toast';
import { useAccount } from '@/components/account/AccountProvider';
import { checkoutOutcomeItem, type CheckoutOutcome } from '@/lib/storage';
import { CHECKOUT_CANCELED, CHECKOUT_SUCCESS } from './billing-view';

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

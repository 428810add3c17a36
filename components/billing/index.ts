export { BillingSection } from './BillingSection';
export { BillingSummary } from './BillingSummary';
export { PlanBadgeBar } from './PlanBadgeBar';
export { usePayg, useStripeActions } from './use-plan-card';
export { useCheckoutOutcome, CheckoutOutcomeWatcher, type CheckoutOutcomeOptions } from './checkout-outcome';
export { billingView, type BillingView } from './billing-view';

export { BillingSection } from './BillingSection';
export { BillingSummary } from './BillingSummary';
export { PlanBadgeBar } from './PlanBadgeBar';
export { usePayg, useStripeActions } from './hooks';
export { useCheckoutOutcome, CheckoutOutcomeWatcher, type CheckoutOutcomeOptions } from './checkout-outcome';
export { billingView, type BillingView } from './billing-view';

export { BillingSection } from './BillingSection';
export { BillingSummary } from './BillingSummary';
export { PlanBadgeBar } from './PlanBadgeBar';
export { useCheckoutOutcome, CheckoutOutcomeWatcher, usePayg, useStripeActions, type CheckoutOutcomeOptions } from './hooks';
export { billingView, type BillingView } from './billing-view';

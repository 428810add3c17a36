// The plan's badge ("Free", "Pay-As-You-Go", "Project"). Its own module: the popup's header needs
// it at startup, the rest of the plan card's parts only when the Billing tab opens.
import { Badge } from '@/components/ui/badge';
import type { BillingView } from './billing-view';

export function TierBadge({ view }: { view: BillingView }) {
  return <Badge variant={view.tierVariant}>{view.tierLabel}</Badge>;
}

import type { Plan } from '../../planner/plan.js';
import type { RetailFacts } from './facts.js';

/** Writes that only an order not yet shipped allows, and what each would have changed. */
const UNSHIPPED_ONLY: Record<string, string> = {
  cancel_order: 'cancelled',
  change_shipping_address: 'changed',
  change_order_items: 'changed',
  change_order_payment: 'changed',
};

/**
 * Why a write plan can no longer be done because of the state its order is in now (shipped,
 * delivered, cancelled), in the customer's words with what keel can do instead; null when the
 * order allows it or the plan names no order of the customer's. The preview asks this before the
 * question and again before a yes runs it, so an order that shipped in between is told, not tried.
 */
export function orderStateRefusal(plan: Plan, facts: RetailFacts): string | null {
  const write = plan.steps.find((s) => s.tool in UNSHIPPED_ONLY);
  const orderId = plan.steps.find((s) => s.tool === 'lookup_order')?.args.orderId;
  const order = facts.orders.find((o) => o.id === orderId);
  if (!write || !order || order.status === 'placed') return null;
  const change = UNSHIPPED_ONLY[write.tool];
  if (order.status === 'cancelled')
    return `${order.id} has been cancelled, so it can no longer be ${change}. Nothing was changed.`;
  if (order.status === 'shipped')
    return `${order.id} has already shipped, so it can no longer be ${change}. Nothing was changed. Once it arrives I can set up a return or an exchange. Would you like me to track it?`;
  return `${order.id} has already been delivered, so it can no longer be ${change}. Nothing was changed. I can set up a return or an exchange of its items instead.`;
}

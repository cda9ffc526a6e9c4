import type { Plan } from '../../planner/plan.js';
import type { RetailFacts } from './facts.js';
import type { Intent } from './intents.js';
import { unchangeable } from './offline/desk-modify.js';
import { blockedByStatus } from './offline/questions.js';

/** Writes that only an order not yet shipped allows, by the intent whose wording says why not. */
const UNSHIPPED_ONLY: Record<string, Intent> = {
  cancel_order: 'cancel',
  change_shipping_address: 'change_address',
  change_order_items: 'modify_order',
  change_order_payment: 'modify_order',
};

/**
 * Why a write plan can no longer be done because of the state its order is in now (shipped,
 * delivered, cancelled), in the words the offline planner answers such a request with (what keel
 * can do instead included); null when the order allows it or the plan names no order of the
 * customer's. The preview asks this before the question and again before a yes runs it, so an
 * order that shipped in between is told, not tried.
 */
export function orderStateRefusal(plan: Plan, facts: RetailFacts): string | null {
  const write = plan.steps.find((s) => s.tool in UNSHIPPED_ONLY);
  const orderId = plan.steps.find((s) => s.tool === 'lookup_order')?.args.orderId;
  const order = facts.orders.find((o) => o.id === orderId);
  if (!write || !order || order.status === 'placed') return null;
  const intent = UNSHIPPED_ONLY[write.tool];
  if (intent === 'modify_order') return unchangeable(order);
  return intent ? blockedByStatus(intent, order) : null;
}

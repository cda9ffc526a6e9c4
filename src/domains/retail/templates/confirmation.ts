import type { Plan } from '../../../planner/plan.js';
import { RETURN_WINDOW_DAYS } from '../defaults.js';
import type { RetailFacts } from '../facts.js';
import { daysBetween, formatMoney } from '../money.js';
import type { Order } from '../shop.js';
import { describeDeskWrite } from './desk-confirmation.js';

/**
 * What a write plan will do, in the customer's terms, from the shop's data: "a return of the 2
 * items of ORD-1001 with a refund of 59.98 USD". Null for plans that change nothing.
 */
export function describeWrite(plan: Plan, facts: RetailFacts): string | null {
  if (plan.intent === 'change_default_address') return describeDeskWrite(plan, facts);
  const orderId = plan.steps.find((s) => s.tool === 'lookup_order')?.args.orderId;
  const order = facts.orders.find((o) => o.id === orderId);
  if (!order) return null;
  const money = (cents: number) => formatMoney(cents, order.currency);
  switch (plan.intent) {
    case 'return':
      return describeReturn(plan, facts, order);
    case 'cancel':
      return `cancelling ${order.id} (${money(order.totalCents)})`;
    case 'change_address': {
      const address = plan.steps.find((s) => s.tool === 'change_shipping_address')?.args.address as
        | { line1: string; city: string; postalCode: string }
        | undefined;
      return address
        ? `shipping ${order.id} to ${address.line1}, ${address.city} ${address.postalCode}`
        : null;
    }
    default:
      return describeDeskWrite(plan, facts);
  }
}

/** A return's items, refund and destination; past the window, that a person must approve it first. */
function describeReturn(plan: Plan, facts: RetailFacts, order: Order): string {
  const skus = plan.steps.find((s) => s.tool === 'check_return_eligibility')?.args.skus as
    | string[]
    | null
    | undefined;
  const units = plan.steps.find((s) => s.tool === 'return_units')?.args as
    | { sku: string; quantity: number }
    | undefined;
  const items = order.items
    .filter((i) => !skus || skus.includes(i.sku))
    .map((i) => (i.sku === units?.sku ? { ...i, quantity: units.quantity } : i));
  const cents = items.reduce((sum, i) => sum + i.unitPriceCents * i.quantity, 0);
  const to = plan.steps.find((s) => s.tool === 'choose_refund_method')?.args.paymentMethodId;
  const method = facts.profile?.paymentMethods.find((m) => m.methodId === to);
  const names = items.map((i) => (i.sku === units?.sku ? `${i.quantity} of ${i.name}` : i.name));
  const what = `a return of ${names.join(', ')} from ${order.id}, with a refund of ${formatMoney(cents, order.currency)}${method ? ` to ${method.label}` : ''}`;
  // The customer's yes then starts a wait for a person, so the question says so first.
  const days =
    facts.asOf && order.deliveredAt ? daysBetween(new Date(order.deliveredAt), new Date(facts.asOf)) : 0;
  return days > RETURN_WINDOW_DAYS
    ? `${what}. It was delivered ${days} days ago, outside the ${RETURN_WINDOW_DAYS}-day return window, so a person must approve it before anything is done`
    : what;
}

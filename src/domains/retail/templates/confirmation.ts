import type { Plan } from '../../../planner/plan.js';
import type { RetailFacts } from '../facts.js';
import { formatMoney } from '../money.js';
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
    case 'return': {
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
      return `a return of ${names.join(', ')} from ${order.id}, with a refund of ${money(cents)}${method ? ` to ${method.label}` : ''}`;
    }
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

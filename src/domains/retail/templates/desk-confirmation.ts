import type { Plan } from '../../../planner/plan.js';
import { describeOptions } from '../catalog.js';
import type { LineChange } from '../exchanges.js';
import type { RetailFacts } from '../facts.js';
import { formatMoney } from '../money.js';
import type { Order } from '../shop.js';

/** What a desk write plan will do, from the shop's data; null when the plan is not one of them. */
export function describeDeskWrite(plan: Plan, facts: RetailFacts): string | null {
  const args = (tool: string) => plan.steps.find((s) => s.tool === tool)?.args;
  if (plan.intent === 'change_default_address') {
    const a = args('change_default_address')?.address as
      | { line1: string; city: string; postalCode: string }
      | undefined;
    return a
      ? `changing the default address on your account to ${a.line1}, ${a.city} ${a.postalCode} (orders already placed keep their shipping address)`
      : null;
  }
  const orderId = args('lookup_order')?.orderId;
  const order = facts.orders.find((o) => o.id === orderId);
  if (!order) return null;
  const check = args('check_exchange');
  if (plan.intent === 'exchange' && check) return exchangeWords(order, check, facts, args('exchange_item'));
  const change = args('check_order_change');
  if (plan.intent === 'modify_order' && change)
    return changeWords(order, change.changes as LineChange[], facts);
  const payment = args('change_order_payment');
  if (plan.intent === 'modify_order' && payment) {
    const method = facts.profile?.paymentMethods.find((m) => m.methodId === payment.paymentMethodId);
    return method
      ? `paying ${order.id} with ${method.label}${method.kind === 'gift_card' ? ` (up to its ${formatMoney(method.balanceCents ?? 0, order.currency)} balance; the rest stays on the current method)` : ''}`
      : null;
  }
  return null;
}

function variant(facts: RetailFacts, sku: unknown) {
  for (const product of facts.products ?? []) {
    const found = product.variants.find((v) => v.sku === sku);
    if (found) return found;
  }
  return undefined;
}

function exchangeWords(
  order: Order,
  check: Record<string, unknown>,
  facts: RetailFacts,
  exchange: Record<string, unknown> | undefined,
): string | null {
  const line = order.items.find((i) => i.sku === check.sku);
  const next = variant(facts, check.newSku);
  if (!line || !next) return null;
  const units = (check.quantity as number | null) ?? line.quantity;
  const difference = (next.priceCents - line.unitPriceCents) * units;
  const method = facts.profile?.paymentMethods.find((m) => m.methodId === exchange?.paymentMethodId);
  const via = method ? method.label : 'the payment method you used for the order';
  const money =
    difference === 0
      ? 'at the same price'
      : difference > 0
        ? `with ${formatMoney(difference, order.currency)} more charged to ${via}`
        : `with ${formatMoney(-difference, order.currency)} paid back to ${via}`;
  return `exchanging ${line.name} from ${order.id} for ${describeOptions(next.options) || next.name}, ${money}: a return label for the old item and the new one shipped to you`;
}

function changeWords(order: Order, changes: LineChange[], facts: RetailFacts): string | null {
  const parts: string[] = [];
  let difference = 0;
  for (const c of changes) {
    const line = order.items.find((i) => i.sku === c.sku);
    if (!line) return null;
    const units = c.quantity ?? line.quantity;
    if (c.newSku === null) {
      parts.push(`removing ${units < line.quantity ? `${units} of ` : ''}${line.name}`);
      difference -= line.unitPriceCents * units;
      continue;
    }
    const next = variant(facts, c.newSku);
    if (!next) return null;
    parts.push(`changing ${line.name} to ${describeOptions(next.options) || next.name}`);
    difference += (next.priceCents - line.unitPriceCents) * units;
  }
  const money =
    difference === 0
      ? 'at the same price'
      : difference > 0
        ? `${formatMoney(difference, order.currency)} more to pay`
        : `${formatMoney(-difference, order.currency)} paid back to you`;
  return `${parts.join(' and ')} in ${order.id} (${money})`;
}

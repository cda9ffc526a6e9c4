/**
 * `src/domains/retail/templates`: the wording of retail's replies (here) and confirmations,
 * rendered from what the tools really did, never from model text. It may import the retail pack
 * and the store's record types.
 */
import type { StepRecord } from '../../../store/store.js';
import { formatMoney } from '../money.js';
import type { PaymentMethod } from '../payments.js';
import type { Order, Refund, ReturnLabel, Shipment } from '../shop.js';
import type { Eligibility } from '../tools/return-tools.js';
import { deskCompleted } from './desk-reply.js';

type Written = {
  order?: Order;
  refundMethod?: PaymentMethod;
  eligibility?: Eligibility;
  partialReturn?: Eligibility;
  label?: ReturnLabel;
  refund?: Refund;
  shipment?: Shipment | null;
  refunds?: Refund[];
};

/** The reply to a completed retail workflow, from what its tools wrote. */
export function completed(
  intent: string,
  context: Record<string, unknown>,
  steps: readonly StepRecord[],
): string {
  const c = context as Written & Record<string, unknown>;
  const order = c.order;
  const emailFailed = steps.some((s) => s.tool === 'send_confirmation_email' && s.status === 'degraded');
  const email = steps.some((s) => s.tool === 'send_confirmation_email' && s.status === 'completed');
  const lines: string[] = [];
  const desk = deskCompleted(intent, context);
  if (desk) {
    lines.push(desk);
  } else if (intent === 'return' && c.label && c.refund) {
    lines.push(`Your return for ${c.refund.orderId} is set up.`);
    lines.push(`Return label: ${c.label.url} (${c.label.carrier} ${c.label.trackingNumber}).`);
    // Where the money goes, when the customer chose somewhere other than what paid.
    const to = c.refundMethod ? ` to ${c.refundMethod.label}` : '';
    lines.push(
      `A refund of ${formatMoney(c.refund.amountCents, c.refund.currency)}${to} is scheduled and should reach you by ${day(c.refund.expectedBy)}.`,
    );
    // The same items the confirmation named, as the check (and return_units) settled them.
    const returned = c.partialReturn ?? c.eligibility;
    if (returned) lines.push(`The return covers: ${itemNames(returned, order).join(', ')}.`);
  } else if (intent === 'cancel' && order) {
    lines.push(
      `Order ${order.id} is cancelled; you will not be charged ${formatMoney(order.totalCents, order.currency)}.`,
    );
  } else if (intent === 'change_address' && c.addressChange) {
    const a = (c.addressChange as { newAddress: { line1: string; city: string; postalCode: string } })
      .newAddress;
    lines.push(`Order ${order?.id} will now ship to ${a.line1}, ${a.city} ${a.postalCode}.`);
  } else if (intent === 'track' && order) {
    lines.push(tracking(order, c.shipment ?? null));
  } else if (intent === 'refund_status' && order) {
    lines.push(refundStatus(order, c.refunds ?? []));
  } else if (order) {
    lines.push(orderState(order));
  } else {
    lines.push('Done.');
  }
  if (email) lines.push('A confirmation email is on its way.');
  if (emailFailed)
    lines.push("We couldn't send the confirmation email just now, so please keep this message.");
  return lines.join(' ');
}

/** Where an order stands, in a sentence. */
function orderState(order: Order): string {
  if (order.deliveredAt) return `Order ${order.id} was delivered on ${day(order.deliveredAt)}.`;
  if (order.status === 'cancelled') return `Order ${order.id} is cancelled.`;
  if (order.shippedAt) return `Order ${order.id} shipped on ${day(order.shippedAt)} and is on its way.`;
  return `Order ${order.id} was placed on ${day(order.placedAt)} and has not shipped yet.`;
}

/** The reply when a failure was undone, naming what was put back. */
export function compensated(steps: readonly StepRecord[]): string {
  return `Something went wrong on our side, so I undid the steps already taken${undone(steps)}. Nothing was charged or refunded. Please try again a little later, or ask for a colleague.`;
}

/** "Canvas Cap", or "1 of Wool Socks 3-pack" when only some units of a line go back. */
export function itemNames(returned: Eligibility, order: Order | undefined): string[] {
  return returned.items.map((item) => {
    const line = order?.items.find((i) => i.sku === item.sku);
    return line && item.quantity < line.quantity ? `${item.quantity} of ${item.name}` : item.name;
  });
}

function refundStatus(order: Order, refunds: Refund[]): string {
  if (refunds.length === 0) return `There is no refund for ${order.id} yet.`;
  return refunds
    .map(
      (r) =>
        `Refund of ${formatMoney(r.amountCents, r.currency)} for ${order.id}: ${r.status}, expected by ${day(r.expectedBy)}.`,
    )
    .join(' ');
}

function tracking(order: Order, shipment: Shipment | null): string {
  if (!shipment) return `Order ${order.id} hasn't shipped yet; it was placed on ${day(order.placedAt)}.`;
  const latest = shipment.events.at(-1);
  const status = shipment.status === 'delivered' ? 'delivered' : 'in transit';
  return `Order ${order.id} is ${status} with ${shipment.carrier}, tracking number ${shipment.trackingNumber}${shipment.status !== 'delivered' && shipment.estimatedDelivery ? `, expected by ${day(shipment.estimatedDelivery)}` : ''}.${latest ? ` Latest: ${latest.description}.` : ''}`;
}

function undone(steps: readonly StepRecord[]): string {
  const names: Record<string, string> = {
    create_return_label: 'the return label was voided',
    mark_items_returning: 'the items were put back',
    schedule_refund: 'the refund was cancelled',
    change_shipping_address: 'the address was restored',
    exchange_item: 'the exchange was cancelled',
    change_order_items: 'the order was put back as it was',
    change_order_payment: 'the payment was put back as it was',
    change_default_address: 'the default address was restored',
  };
  const list = steps.filter((s) => s.status === 'compensated').map((s) => names[s.tool] ?? s.tool);
  return list.length > 0 ? ` (${list.join(', ')})` : '';
}

const day = (iso: string) => iso.slice(0, 10);

/**
 * The reply when another conversation is acting on the order (or the account) this request needs:
 * nothing was done, and the customer can ask again once that is finished.
 */
export function busy(resource: string): string {
  const [kind, id = resource] = resource.split(/:(.*)/s);
  if (kind === 'order') {
    return `${id} is already being handled in another conversation; I've left it alone so the two requests don't get in each other's way. Once that is finished, ask me again and I'll look at ${id} afresh.`;
  }
  if (kind === 'profile') {
    return "Your account details are already being changed in another conversation; I've left them alone. Once that is finished, ask me again.";
  }
  return "That is already being handled in another conversation, so I've left it alone. Once that is finished, ask me again.";
}

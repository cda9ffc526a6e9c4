import type { PlanAsk } from '../../../planner/ask.js';
import { RETURN_WINDOW_DAYS } from '../defaults.js';
import type { Intent } from '../intents.js';
import type { Order } from '../shop.js';

/** How each intent is said back to the customer ("Would you like me to return ORD-1001?"). */
export const VERBS: Record<Intent, string> = {
  return: 'return',
  cancel: 'cancel',
  track: 'track',
  change_address: 'change the shipping address of',
  refund_status: 'check the refund for',
  order_status: 'check the status of',
  exchange: 'exchange items from',
  modify_order: 'change',
  change_default_address: 'change the default address on',
  order_details: 'look up the details of',
  product_info: 'look up',
  list_orders: 'list',
  profile: 'look up',
  human: 'hand you to a colleague about',
  out_of_scope: 'look at',
  clarify: 'look at',
};

const HELP =
  'I can help with your orders: returns and exchanges, cancellations and changes before an order ships, tracking, addresses, refunds, and what you ordered, paid or might like to buy.';

/**
 * What keel can help with, as an answer to small talk or a question outside its remit: never a
 * bare refusal, always what it can do instead.
 */
export function scopeAnswer(kind: 'greeting' | 'thanks' | 'other'): string {
  if (kind === 'greeting') return `Hello! ${HELP} What can I do for you?`;
  if (kind === 'thanks') return `You're welcome! ${HELP} Is there anything else I can do for you?`;
  return `That is outside what I can do here. ${HELP} What can I do for you?`;
}

export const POLICY_ANSWER = `Returns are accepted within ${RETURN_WINDOW_DAYS} days of delivery, except final-sale items. Would you like to start a return? If so, tell me the order number.`;

/** Which of the customer's orders each intent can apply to, to offer them in a question. */
export const FITS: Partial<Record<Intent, (o: Order) => boolean>> = {
  return: (o) => o.status === 'delivered',
  cancel: (o) => o.status === 'placed',
  change_address: (o) => o.status === 'placed',
  track: (o) => o.status === 'shipped' || o.status === 'placed',
};

/** "Which order would you like me to return? … Your recent orders: ORD-1001, ORD-1007." */
export function whichOrder(intent: Intent, orders: Order[], named: string[] = []): PlanAsk {
  const fits = FITS[intent];
  const offered = (fits ? orders.filter(fits) : orders).slice(0, 4).map((o) => o.id);
  return { kind: 'which_order', slots: { intent, named: named.length > 1 ? named : null, offered } };
}

/** The same words whether the order is someone else's or does not exist, so neither is disclosed. */
export const notFound = (id: string): PlanAsk => ({ kind: 'order_not_found', slots: { orderId: id } });

/** Why the order cannot take this request in its current state, as a helpful question; null when it can. */
export function blockedByStatus(intent: Intent, order: Order): string | null {
  if (intent === 'return' && order.status !== 'delivered') {
    return order.status === 'cancelled'
      ? `${order.id} was cancelled, so there is nothing to return. Is there another order I can help with?`
      : `${order.id} hasn't been delivered yet (it is ${order.status}); returns open once it arrives. Would you like me to track it instead?`;
  }
  if ((intent === 'cancel' || intent === 'change_address') && order.status !== 'placed') {
    if (order.status === 'cancelled')
      return `${order.id} is already cancelled. Is there anything else I can help with?`;
    const what = intent === 'cancel' ? 'cancelled' : 'redirected';
    const next =
      order.status === 'delivered'
        ? 'Would you like to return it instead?'
        : 'Would you like me to track it?';
    return `${order.id} has already ${order.status === 'shipped' ? 'shipped' : 'been delivered'}, so it can no longer be ${what}. ${next}`;
  }
  return null;
}

/** "I couldn't find hoodie in ORD-1001; it has …": which items, when the ones named do not fit the order. */
export function whichItems(order: Order, unmatched: string[]): PlanAsk {
  const items = order.items.map((item) => item.name);
  return { kind: 'which_items', slots: { orderId: order.id, items, unmatched } };
}

export const askForAddress = (order: Order): PlanAsk => ({
  kind: 'missing_detail',
  slots: { orderId: order.id, detail: 'address' },
});

/** "Would you like me to cancel ORD-1031?" */
export const confirmIntent = (intent: Intent, order: Order): PlanAsk => ({
  kind: 'clarify_intent',
  slots: { intent, orderId: order.id, read: null },
});

export const otherCountry = (order: Order, country: string) => {
  const ships = order.shippingAddress.country;
  return `That address looks like one in ${country}, but ${order.id} ships to ${ships}, and I can only change the address within ${ships}. Could you check the address? If the order needs to go abroad, I can pass you to a colleague.`;
};

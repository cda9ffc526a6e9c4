import type { Order } from '../../tools/shop.js';
import type { Intent } from '../planner.js';

/** How each intent is said back to the customer ("Would you like me to return ORD-1001?"). */
export const VERBS: Record<Intent, string> = {
  return: 'return',
  cancel: 'cancel',
  track: 'track',
  change_address: 'change the shipping address of',
  refund_status: 'check the refund for',
  order_status: 'check the status of',
  human: 'hand you to a colleague about',
  out_of_scope: 'look at',
  clarify: 'look at',
};

/** Which of the customer's orders each intent can apply to, to offer them in a question. */
const FITS: Partial<Record<Intent, (o: Order) => boolean>> = {
  return: (o) => o.status === 'delivered',
  cancel: (o) => o.status === 'placed',
  change_address: (o) => o.status === 'placed',
  track: (o) => o.status === 'shipped' || o.status === 'placed',
};

/** "Which order would you like to return? Your delivered orders: ORD-1001, ORD-1007." */
export function missingOrderQuestion(intent: Intent, orders: Order[], named: string[]): string {
  const verb = VERBS[intent];
  if (named.length > 1) return `Which order would you like me to ${verb}: ${named.join(' or ')}?`;
  const fits = FITS[intent];
  const candidates = (fits ? orders.filter(fits) : orders).slice(0, 4).map((o) => o.id);
  const offer = candidates.length > 0 ? ` Your recent orders: ${candidates.join(', ')}.` : '';
  return `Which order would you like me to ${verb}? Please give the order number (it looks like ORD-1001).${offer}`;
}

/** Why the order cannot take this request in its current state, as a helpful question; null when it can. */
export function describeStatus(intent: Intent, order: Order): string | null {
  if (intent === 'return' && order.status !== 'delivered') {
    return order.status === 'cancelled'
      ? `${order.id} was cancelled, so there is nothing to return. Is there another order I can help with?`
      : `${order.id} hasn't been delivered yet (it is ${order.status}); returns open once it arrives. Would you like me to track it instead?`;
  }
  if ((intent === 'cancel' || intent === 'change_address') && order.status !== 'placed') {
    if (order.status === 'cancelled')
      return `${order.id} is already cancelled. Is there anything else I can help with?`;
    const what = intent === 'cancel' ? 'cancelled' : 'redirected';
    return `${order.id} has already ${order.status === 'shipped' ? 'shipped' : 'been delivered'}, so it can no longer be ${what}. ${order.status === 'delivered' ? 'Would you like to return it instead?' : 'Would you like me to track it?'}`;
  }
  return null;
}

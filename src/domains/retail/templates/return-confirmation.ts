import { RETURN_WINDOW_DAYS } from '../defaults.js';
import { formatMoney } from '../money.js';
import type { Order } from '../shop.js';
import type { Eligibility } from '../tools/return-tools.js';
import { itemNames } from './reply.js';

/** An item the check refused on its own (or the whole request when `name` is null), and why. */
export interface Excluded {
  name: string | null;
  /** The check's `rule` (see RETURN_RULES), or null when it gave none. */
  rule: string | null;
  details: Record<string, unknown>;
}

/** What a dry run of a return found: the order, what the check allows, and what it left out. */
export interface ReturnPreviewFacts {
  order: Order;
  /** What will be returned and refunded, as the check (and return_units) computed it. */
  returned: Eligibility;
  excluded: Excluded[];
  /** Where the refund goes when not to the original payment method. */
  method: string | null;
  /** Days since delivery when past the return window (a person must approve), else null. */
  daysOutsideWindow: number | null;
  /** Approval reasons of the plan's writes (e.g. a refund over the limit). */
  approvals: string[];
}

/**
 * "a return of Canvas Cap from ORD-1003, with a refund of 22.00 USD. The Clearance Silk Scarf is
 * final sale and can't be returned, so it is not included": exactly what a yes will do.
 */
export function returnConfirmation(facts: ReturnPreviewFacts): string {
  const { order, returned } = facts;
  const names = itemNames(returned, order);
  const refund = formatMoney(returned.refundCents, returned.currency);
  const parts = [
    `a return of ${names.join(', ')} from ${order.id}, with a refund of ${refund}${facts.method ? ` to ${facts.method}` : ''}`,
  ];
  const why = reasons(order.id, facts.excluded);
  if (why.length > 0) parts.push(`${capitalise(why.join('; '))}, so ${excludedPhrase(facts.excluded)}`);
  // The customer's yes then starts a wait for a person, so the question says so first.
  if (facts.daysOutsideWindow !== null) {
    parts.push(
      `It was delivered ${facts.daysOutsideWindow} days ago, outside the ${RETURN_WINDOW_DAYS}-day return window, so a person must approve it before anything is done`,
    );
  }
  for (const approval of facts.approvals) {
    parts.push(`${approval}, so a person must approve it before anything is done`);
  }
  return parts.join('. ');
}

/** "I can't set up a return of ORD-1043: the Final-Sale Sunglasses is final sale and can't be returned." */
export function returnRefusal(orderId: string | null, excluded: Excluded[]): string {
  const order = orderId && /^ORD-\d{4,8}$/.test(orderId) ? orderId : null;
  const why = order ? reasons(order, excluded) : [];
  if (!order)
    return "I couldn't find that order on your account, so I haven't changed anything. Which order do you mean?";
  const because = why.length > 0 ? `: ${why.join('; ')}` : ' as asked';
  return `I can't set up a return of ${order}${because}. Nothing was changed. Is there anything else I can help with?`;
}

/** Each distinct reason once: an order-wide rule (already refunded) is said once, not per item. */
function reasons(orderId: string, excluded: Excluded[]): string[] {
  const said = new Set<string>();
  for (const item of excluded) said.add(reason(orderId, item));
  return [...said];
}

function reason(orderId: string, item: Excluded): string {
  const thing = item.name ? `the ${item.name}` : 'that item';
  switch (item.rule) {
    case 'final_sale':
      return `${thing} is final sale and can't be returned`;
    case 'already_refunded':
      return `${orderId} has already been refunded`;
    case 'not_delivered':
      return `${orderId} hasn't been delivered yet, and returns open once it arrives`;
    case 'unknown_item':
      return `${orderId} has no such item`;
    default:
      return `${thing} can't be returned`;
  }
}

function excludedPhrase(excluded: Excluded[]): string {
  const named = excluded.filter((item) => item.name !== null);
  return named.length === 1 ? 'it is not included' : 'those are not included';
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

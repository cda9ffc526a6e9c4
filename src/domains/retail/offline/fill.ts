import { type Intent, WRITE_INTENTS } from '../intents.js';
import type { PaymentMethod } from '../payments.js';
import * as playbooks from '../playbooks.js';
import type { Order } from '../shop.js';
import { findAddress } from './addresses.js';
import { asking, CLEAR_CONFIDENCE, type Decision } from './decision.js';
import { findItems, type ItemMatch } from './items.js';
import * as ask from './questions.js';
import { type Reading, sentenceAt } from './reading.js';
import { readReturnChoice } from './return-choice.js';
import { findReturnReason, ownWords } from './return-reasons.js';

export interface FillInput {
  intent: Intent;
  /** How clearly the customer asked: 1 for a request, lower for a hint. */
  strength: number;
  order: Order;
  reading: Reading;
  reasons: string[];
  /** The customer's payment methods, for where a refund may go. */
  methods?: PaymentMethod[];
}

/** A clear request scores CLEAR_CONFIDENCE; a weaker reading proportionally less. */
const confidence = (strength: number) => Math.round(CLEAR_CONFIDENCE * strength * 100) / 100;

/** The playbook for one order of the customer's, with its entities; a question when one is missing. */
export function fillPlaybook(input: FillInput): Decision {
  const { intent, order, reading, reasons } = input;
  let { strength } = input;
  const address = intent === 'change_address' ? findAddress(reading.text, order.shippingAddress) : null;
  // Giving the new address is itself the request ("new address is 12 Oak Street, …").
  if (address?.kind === 'found' && strength >= 0.9) strength = 1;
  if (WRITE_INTENTS.includes(intent) && strength < 1) {
    reasons.push('a change was only hinted at: confirming first');
    return asking(intent, ask.confirmIntent(intent, order));
  }
  switch (intent) {
    case 'return':
      return returnOf(order, reading, reasons, confidence(strength), input.methods ?? []);
    case 'cancel':
      return { plan: playbooks.cancelPlan(order.id, ownWords(reading.text), confidence(strength)) };
    case 'change_address': {
      if (address?.kind === 'other_country') {
        reasons.push(`the new address looks like one in ${address.country}`);
        return asking(intent, ask.otherCountry(order, address.country));
      }
      if (address?.kind !== 'found') {
        reasons.push('no complete new address in the message');
        return asking(intent, ask.askForAddress(order));
      }
      const a = address.address;
      reasons.push(`new address ${[a.line1, a.line2, a.city, a.postalCode].filter(Boolean).join(', ')}`);
      return { plan: playbooks.changeAddressPlan(order.id, a, confidence(strength)) };
    }
    case 'track':
      return { plan: playbooks.trackPlan(order.id, confidence(strength)) };
    case 'refund_status':
      return { plan: playbooks.refundStatusPlan(order.id, confidence(strength)) };
    default:
      return { plan: playbooks.orderStatusPlan(order.id, confidence(strength)) };
  }
}

function returnOf(
  order: Order,
  reading: Reading,
  reasons: string[],
  confidence: number,
  methods: PaymentMethod[],
): Decision {
  const items = namedItems(order, reading);
  if (items.unmatched.length > 0 || items.skus?.length === 0) {
    reasons.push(
      items.unmatched.length > 0
        ? `named ${items.unmatched.join(', ')}, which ${order.id} does not hold`
        : 'the customer keeps every item they named',
    );
    return asking('return', ask.whichItems(order, items.unmatched));
  }
  if (items.skus) {
    const from = items.named.length > 0 ? ` (named ${items.named.map((w) => `"${w}"`).join(', ')})` : '';
    const keeps = items.kept.length > 0 ? ` (keeps ${items.kept.join(', ')})` : '';
    reasons.push(`items ${items.skus.join(', ')}${from}${keeps}`);
  }
  const choice = readReturnChoice(reading.text, order, items.skus, methods);
  if (choice.kind === 'ask') {
    reasons.push('the order data cannot decide which items, how many or where the refund goes');
    return asking('return', choice.question);
  }
  if (choice.units) reasons.push(`${choice.units.quantity} of ${choice.units.sku}`);
  if (choice.refundTo) reasons.push(`refund to ${choice.refundTo}`);
  const reason = findReturnReason(reading.text);
  reasons.push(`reason "${reason}"`);
  const { skus, units, refundTo } = choice;
  return { plan: playbooks.returnPlan(order.id, { skus, reason, confidence, units, refundTo }) };
}

/**
 * Items named in the answer to our question, else in the sentence that asks for the return, else
 * anywhere in the message.
 */
function namedItems(order: Order, reading: Reading): ItemMatch {
  const places = [sentenceAt(reading.text, reading.intents[0]?.at ?? 0), reading.text];
  if (reading.continued) places.unshift(reading.latest);
  const matches = places.map((text) => findItems(text, order));
  return (
    matches.find((m) => m.named.length + m.kept.length + m.unmatched.length > 0) ??
    (matches.at(-1) as ItemMatch)
  );
}

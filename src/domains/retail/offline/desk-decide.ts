import type { PlanRequest } from '../../../planner/planner.js';
import * as desk from '../desk-playbooks.js';
import type { RetailFacts } from '../facts.js';
import type { Order, OrderStatus } from '../shop.js';
import { findAddress } from './addresses.js';
import { asking, CLEAR_CONFIDENCE, type Decision } from './decision.js';
import { exchangeDecision } from './desk-exchange.js';
import { type DeskIntent, deskIntent, VAGUE_CHANGE } from './desk-intents.js';
import { modifyDecision } from './desk-modify.js';
import { optionWords, splitFallback } from './desk-words.js';
import { chooseOrder } from './fit.js';
import { matchIntents } from './intents.js';
import { findOrderRefs } from './order-numbers.js';
import * as ask from './questions.js';
import type { Reading } from './reading.js';

// The questions the desk asks; an answer to one continues the request it asked about.
const DESK_QUESTION =
  /\bwhich (size|variant|item) would you like\b|\bis out of stock\b|\bwhich items would you like to remove or change\b|\bnew default address\b|\bwhich payment method should\b|\bwould you like me to (exchange|change)\b|\bwhich order would you like me to (exchange|change|look up)\b/i;
const HEDGE = /\b(maybe|might|not sure|should i|thinking (about|of)|wondering)\b/i;
// "how do exchanges work?", "is it possible to exchange for a different size?": no item, no order.
const QUESTION_ONLY =
  /^\s*(how do|how does)\b[^.!]*\bexchanges?\b|^\s*is it possible to exchange\b(?![^?]*\b(ord|\d))/i;
const NEGATED =
  /\b(don'?t|do not|no longer|not)\b.{0,12}\b(want to |need to )?(remove|exchange|swap|change anything)\b/i;
const ALSO_ORDER_ADDRESS =
  /\b(shipping|delivery) address\b.{0,40}\b(ord|order|#)|\b(ord|order)\b.{0,40}\b(shipping|delivery) address\b/i;

const FITS: Partial<Record<DeskIntent | 'vague', (o: Order) => boolean>> = {
  exchange: (o) => o.status === 'delivered',
  remove: (o) => o.status === 'placed',
  swap: (o) => o.status === 'placed' || o.status === 'delivered',
  payment: (o) => o.status === 'placed',
  vague: (o) => o.status === 'placed',
};

const intentOf = (kind: DeskIntent | 'vague') =>
  kind === 'exchange' ? 'exchange' : kind === 'order_details' ? 'order_details' : 'modify_order';

/**
 * The retail desk's reading: exchanges, changes to unshipped orders, the profile's address and
 * read-only answers. Null when the message is not one of these, so the older rules decide.
 */
export function decideDesk(
  reading: Reading,
  request: PlanRequest<RetailFacts>,
  reasons: string[],
): Decision | null {
  const text = withQuestionAnswered(reading, request);
  const { main, fallback } = splitFallback(text);
  const kind = deskIntent(main) ?? (VAGUE_CHANGE.test(main) ? 'vague' : null);
  if (!kind) return null;
  reasons.push(`desk request: ${kind}`);
  // "…, otherwise don't change anything" is a fallback, not the request taken back.
  if (NEGATED.test(splitFallback(reading.latest).main)) {
    return asking(
      'out_of_scope',
      "All right, I won't change anything. Is there anything else I can help with?",
    );
  }
  const { facts } = request;
  if (kind === 'profile') return { plan: desk.profilePlan(CLEAR_CONFIDENCE) };
  if (kind === 'product_info') return product(main, facts, reasons);
  if (kind === 'list_orders') return { plan: desk.listOrdersPlan(statusIn(main), CLEAR_CONFIDENCE) };
  if (kind === 'default_address') return defaultAddress(main, facts, reading, reasons);
  if (kind === 'exchange' && QUESTION_ONLY.test(main)) {
    return asking(
      'exchange',
      'Delivered items can be exchanged for another size or colour of the same product within 60 days, if it is in stock. Which item would you like to exchange, and for what?',
    );
  }
  const refs = findOrderRefs(text, { owned: new Set(facts.orders.map((o) => o.id)), anyBareNumber: false });
  const fits = kind === 'order_details' ? () => true : (FITS[kind] ?? (() => true));
  const choice = chooseOrder(main, refs.length > 0 ? refs : reading.refs, facts.orders, fits);
  const intent = intentOf(kind);
  if (choice.kind === 'foreign') return asking(intent, ask.notFound(choice.id));
  const bySize =
    choice.kind === 'ask' && kind === 'exchange' ? holdingSize(main, choice.candidates, facts) : null;
  if (bySize) return exchangeDecision({ text: main, fallback, order: bySize, facts, reasons, strength: 1 });
  if (choice.kind === 'ask') {
    reasons.push(`no single order fits (${choice.candidates.map((o) => o.id).join(', ') || 'none'})`);
    return asking(intent, whichOrder(intent, choice.candidates, choice.named));
  }
  const { order } = choice;
  reasons.push(`order ${order.id}: ${choice.why}`);
  if (kind === 'order_details') return { plan: desk.orderDetailsPlan(order.id, CLEAR_CONFIDENCE) };
  const strength = HEDGE.test(main) ? 0.7 : 1;
  const input = { text: main, fallback, order, facts, reasons, strength };
  if (kind === 'exchange' && order.status === 'placed') {
    // An exchange asked of an order that has not shipped is a change to it: offered, not assumed.
    const asked = /\bexchang/i.test(main) ? Math.min(strength, 0.7) : strength;
    return modifyDecision('swap', { ...input, strength: asked });
  }
  if (kind === 'exchange') return exchangeDecision(input);
  return modifyDecision(kind, input);
}

/** The customer's earlier words joined to their answer when the desk asked the last question. */
function withQuestionAnswered(reading: Reading, request: PlanRequest<RetailFacts>): string {
  const previous = request.messages.slice(0, -1);
  const question = previous.at(-1);
  const before = previous.at(-2);
  if (question?.role !== 'agent' || before?.role !== 'customer' || !DESK_QUESTION.test(question.text))
    return reading.text;
  // "no, just return it then" is a request of its own.
  if (matchIntents(reading.latest).some((m) => m.strength === 1)) return reading.text;
  // The example in "(it looks like ORD-1001)" is not an order the question is about.
  const named = findOrderRefs(question.text.replace(/\(it looks like [^)]*\)/i, '')).map((r) => r.id);
  // "10 please", "XL": a bare size answers "which size would you like?".
  const size = /^\W*(\d{1,2}|xs|s|m|l|xl|xxl|small|medium|large)\b/i.test(reading.latest) ? 'size ' : '';
  // A bare correction before the question ("actually size L") holds no request of its own: the
  // request it corrected joins in, the newest words first, so the size named last is the one meant.
  const corrected = isBare(before.text) ? requestBefore(previous.slice(0, -2)) : null;
  if (corrected) return `${size}${reading.latest} ${before.text} ${corrected}`;
  return `${before.text} ${named.length === 1 ? `(${named[0]}) ` : ''}${size}${reading.latest}`;
}

/** Words that name no request and no order ("actually size L", "the blue one"). */
function isBare(text: string): boolean {
  return deskIntent(text) === null && matchIntents(text).length === 0 && findOrderRefs(text).length === 0;
}

/** The customer's last message, of those before, that made a desk request. */
function requestBefore(messages: PlanRequest['messages']): string | null {
  return messages.findLast((m) => m.role === 'customer' && deskIntent(m.text) !== null)?.text ?? null;
}

/** "my 9s for 10s": the one candidate holding a line in one of the sizes named. */
function holdingSize(text: string, candidates: Order[], facts: RetailFacts): Order | null {
  const { sizes } = optionWords(text);
  const sizeOf = (sku: string) =>
    facts.products?.flatMap((p) => p.variants).find((v) => v.sku === sku)?.options.size;
  const holding = candidates.filter((o) => o.items.some((i) => sizes.includes(sizeOf(i.sku) ?? '')));
  return holding.length === 1 ? (holding[0] ?? null) : null;
}

function whichOrder(
  intent: 'exchange' | 'modify_order' | 'order_details',
  candidates: Order[],
  named: string[],
): string {
  const verb =
    intent === 'exchange' ? 'exchange items from' : intent === 'modify_order' ? 'change' : 'look up';
  if (named.length > 1) return `Which order would you like me to ${verb}: ${named.join(' or ')}?`;
  const offer =
    candidates.length > 0
      ? ` Your orders that fit: ${candidates
          .slice(0, 4)
          .map((o) => o.id)
          .join(', ')}.`
      : '';
  return `Which order would you like me to ${verb}? Please give the order number (it looks like ORD-1001).${offer}`;
}

function statusIn(text: string): OrderStatus | null {
  if (/\b(haven'?t|not yet|hasn'?t) (been )?shipped|\bopen\b|\bpending\b|\bunshipped\b/i.test(text))
    return 'placed';
  if (/\b(on the way|in transit|shipped)\b/i.test(text)) return 'shipped';
  if (/\bdelivered\b/i.test(text)) return 'delivered';
  if (/\bcancell?ed\b/i.test(text)) return 'cancelled';
  return null;
}

function defaultAddress(
  text: string,
  facts: RetailFacts,
  reading: Reading,
  reasons: string[],
): Decision | null {
  const profile = facts.profile;
  if (!profile) return null;
  if (ALSO_ORDER_ADDRESS.test(text) || (reading.refs.length > 0 && /\b(and|also|too)\b/i.test(text))) {
    reasons.push("the default address and an order's shipping address: asking which first");
    return asking(
      'clarify',
      'I can do one thing at a time. Should I first change the default address on your account, or the shipping address of the order?',
    );
  }
  const found = findAddress(text, profile.defaultAddress);
  if (found.kind === 'other_country') {
    return asking(
      'change_default_address',
      `That address looks like one in ${found.country}, but your account is in ${profile.defaultAddress.country}. Could you check it? If you have moved abroad, I can pass you to a colleague.`,
    );
  }
  if (found.kind === 'missing' || /\bhow (do|can) i\b/i.test(text)) {
    return asking(
      'change_default_address',
      'What is the new default address for your account? Please include the street, city and postal code.',
    );
  }
  reasons.push(`new default address ${found.address.line1}, ${found.address.city}`);
  return { plan: desk.defaultAddressPlan(found.address, CLEAR_CONFIDENCE) };
}

// Words of product names that do not tell one product from another.
const NOT_NAMES = new Set(['organic', 'final', 'sale', 'size', 'one', 'classic', 'the', 'and', 'with']);
const tokens = (text: string) =>
  text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 2);

function product(text: string, facts: RetailFacts, reasons: string[]): Decision {
  const said = new Set(tokens(text).flatMap((w) => [w, w.replace(/s$/, '')]));
  const scored = (facts.products ?? [])
    .map((p) => ({
      p,
      hits: tokens(p.name).filter((w) => said.has(w) && !NOT_NAMES.has(w)).length,
    }))
    .filter((s) => s.hits > 0)
    .sort((a, b) => b.hits - a.hits);
  const [best] = scored;
  if (!best) {
    reasons.push('no product of the catalogue named');
    return asking(
      'product_info',
      "I couldn't find that in our catalogue. We sell clothing, shoes and accessories; which product would you like to know about?",
    );
  }
  reasons.push(`product ${best.p.productId}`);
  return { plan: desk.productPlan(best.p.name, CLEAR_CONFIDENCE) };
}

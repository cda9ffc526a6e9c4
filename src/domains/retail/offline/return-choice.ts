import { giftCardPayments, type PaymentMethod } from '../payments.js';
import type { Order, OrderItem } from '../shop.js';
import { namedMethod, optionWords } from './desk-words.js';
import { findItems } from './items.js';

/** What a return message says beyond its items: a price-ranked item, some units, where the refund goes. */
export type ReturnChoice =
  | {
      kind: 'ok';
      skus: string[] | null;
      units: { sku: string; quantity: number } | null;
      refundTo: string | null;
    }
  | { kind: 'ask'; question: string };

const DEARER = /\b(more expensive|most expensive|pricier|priciest|dearer|dearest|costlier)\b/i;
const CHEAPER = /\b(cheaper|cheapest|less expensive|least expensive)\b/i;
const NUMBERS: Record<string, number> = { one: 1, a: 1, single: 1, two: 2, three: 3, four: 4, five: 5 };
// "2 of the 3 packs", "one pack of socks", "one pair of jeans", "one of the watches", "1 down jacket".
const UNITS =
  /\b(\d|one|two|three|four|five|a single|just one)\b\s+(?:(?:of (?:the|my)\s+(?:\d+|two|three|four|five)?\s*)|(?:packs?|pairs?|bags?)\s+(?:of\s+(?:the\s+)?)?|(?:of the|of my)\s+)?(?:\w+\s+){0,3}?(?=\w)/i;
// "refund it to", "have it refunded to PayPal", "money credited to my gift card", "back onto my gift
// card", "PayPal for the refund".
const REFUND_TO =
  /\b(refund(s|ed|ing)?|money|credit(ed)?|reimburse(d|ment)?)\b.{0,30}\b(to|on|onto|into|as|go to)\b|\bput (the )?(money|refund) on\b|\bstore credit\b|\bback (to|on|onto|into) (my|the)\b|\bfor the (refund|money)\b/i;
const ORIGINAL = /\boriginal (card|payment|method)\b|\bsame (card|method|way)\b/i;
const ELSEWHERE = /\b(different|another|other|new) (card|account|method)\b/i;

/** The one item a price comparison picks among the candidates; null on a tie. */
function byPrice(candidates: OrderItem[], dearer: boolean): OrderItem | null | undefined {
  const sorted = [...candidates].sort((a, b) =>
    dearer ? b.unitPriceCents - a.unitPriceCents : a.unitPriceCents - b.unitPriceCents,
  );
  const [first, second] = sorted;
  if (first && second && first.unitPriceCents === second.unitPriceCents) return null;
  return first;
}

/** Reads the parts of a return request the order's data can decide, or the question to ask. */
export function readReturnChoice(
  text: string,
  order: Order,
  skus: string[] | null,
  methods: PaymentMethod[],
): ReturnChoice {
  let chosen = skus;
  const ranked = DEARER.test(text) ? true : CHEAPER.test(text) ? false : undefined;
  if (ranked !== undefined) {
    const named = findItems(text, order);
    const pool = order.items.filter((i) =>
      named.skus && named.named.length > 0 ? named.skus.includes(i.sku) : true,
    );
    const pick = byPrice(pool, ranked);
    if (!pick) {
      return {
        kind: 'ask',
        question: `${pool.map((i) => i.name).join(' and ')} cost the same, so I can't tell which one you mean. Which item would you like to return from ${order.id}?`,
      };
    }
    if (pick.finalSale) {
      return {
        kind: 'ask',
        question: `The ${ranked ? 'most' : 'least'} expensive item in ${order.id} is ${pick.name}, which was final sale and can't be returned. Which other item would you like to return?`,
      };
    }
    chosen = [pick.sku];
  }
  const colours = optionWords(text).colours.filter(
    (c) => !order.items.some((i) => i.name.toLowerCase().includes(c.toLowerCase())),
  );
  if (colours.length > 0) {
    return {
      kind: 'ask',
      question: `${order.id} has no ${colours.join(' or ').toLowerCase()} item; it has ${order.items.map((i) => i.name).join(', ')}. Which would you like to return?`,
    };
  }
  const lines = order.items.filter((i) => !chosen || chosen.includes(i.sku));
  const units = unitsOf(text, lines);
  if (units === 'too many') {
    return {
      kind: 'ask',
      question: `${order.id} has fewer of those than that: ${lines.map((i) => `${i.quantity} × ${i.name}`).join(', ')}. How many would you like to return?`,
    };
  }
  const refundTo = refundDestination(text, methods, order);
  if (typeof refundTo === 'object' && refundTo !== null) return refundTo;
  return { kind: 'ok', skus: units ? [units.sku] : chosen, units, refundTo };
}

function unitsOf(text: string, lines: OrderItem[]): { sku: string; quantity: number } | null | 'too many' {
  const multi = lines.filter((i) => i.quantity > 1);
  const [line] = multi;
  if (multi.length !== 1 || !line || /\b(all|every|both)\b/i.test(text)) return null;
  const said = UNITS.exec(text);
  if (!said?.[1]) return null;
  const word = said[1].toLowerCase().replace(/^(a single|just one)$/, 'one');
  const quantity = /^\d$/.test(word) ? Number(word) : (NUMBERS[word] ?? 0);
  if (quantity <= 0) return null;
  if (quantity > line.quantity) return 'too many';
  return quantity === line.quantity ? null : { sku: line.sku, quantity };
}

function refundDestination(
  text: string,
  methods: PaymentMethod[],
  order: Order,
): string | null | { kind: 'ask'; question: string } {
  if (ORIGINAL.test(text)) return null;
  const mine = methods.map((m) => m.label).join(', ');
  if (!REFUND_TO.test(text)) return unreadDestination(text, methods, order, mine);
  if (ELSEWHERE.test(text)) {
    return {
      kind: 'ask',
      question: `Refunds go to one of your own payment methods: ${mine || 'the one you paid with'}. Which would you like?`,
    };
  }
  const named = namedMethod(text, methods);
  if (named.kind === 'found') return allowedDestination(order, named.method, methods);
  if (named.kind === 'missing') {
    return {
      kind: 'ask',
      question: `I can't find ${named.words} on your account, so the refund can go to the payment method you used${mine ? ` or to ${mine}` : ''}. Which would you like?`,
    };
  }
  return null;
}

/**
 * The refund policy (choose_refund_method enforces it too): what a gift card paid goes back to a
 * gift card; a card or PayPal is refused with the reason, never switched to silently.
 */
function allowedDestination(
  order: Order,
  method: PaymentMethod,
  methods: PaymentMethod[],
): string | { kind: 'ask'; question: string } {
  const gift = giftCardPayments(order, methods);
  if (method.kind === 'gift_card' || gift.length === 0) return method.methodId;
  return {
    kind: 'ask',
    question: `${order.id} was paid in part with ${gift.join(', ')}, so its refund goes back to a gift card as store credit, not to ${method.label}. Would you like it refunded to ${gift[0]}?`,
  };
}

/**
 * A method of the customer's named in words the rules do not read as a destination ("PayPal
 * works"): not the one that paid, so the refund is not sent there silently, nor to the original
 * method against what was said; the customer is asked.
 */
function unreadDestination(
  text: string,
  methods: PaymentMethod[],
  order: Order,
  mine: string,
): null | { kind: 'ask'; question: string } {
  const named = namedMethod(text, methods);
  if (named.kind !== 'found') return null;
  if (!order.payments || order.payments.some((p) => p.methodId === named.method.methodId)) return null;
  return {
    kind: 'ask',
    question: `Should the refund for ${order.id} go to ${named.method.label}, or back to the payment method you used? Your methods: ${mine}.`,
  };
}

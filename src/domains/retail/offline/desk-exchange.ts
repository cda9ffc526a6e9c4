import { describeOptions, type Product, type Variant } from '../catalog.js';
import { RETURN_WINDOW_DAYS } from '../defaults.js';
import { exchangePlan } from '../desk-playbooks.js';
import type { RetailFacts } from '../facts.js';
import { daysBetween } from '../money.js';
import * as playbooks from '../playbooks.js';
import type { Order, OrderItem } from '../shop.js';
import { asking, CLEAR_CONFIDENCE, type Decision } from './decision.js';
import { namedMethod, optionWords, RELATIVE, targetVariant } from './desk-words.js';
import { findItems } from './items.js';

export interface DeskInput {
  text: string;
  fallback: string | null;
  order: Order;
  facts: RetailFacts;
  reasons: string[];
  /** 1 for a clear request; lower when hedged, so a change is offered rather than planned. */
  strength: number;
}

/** The order's line a request is about: the one named, or the only one; null when we must ask. */
export function lineOf(
  text: string,
  order: Order,
  usable: (i: OrderItem) => boolean = () => true,
): OrderItem | null {
  const items = findItems(text, order);
  const lines = order.items.filter(usable);
  if (items.skus && items.skus.length === 1)
    return order.items.find((i) => i.sku === items.skus?.[0]) ?? null;
  if (items.named.length === 0 && lines.length === 1) return lines[0] ?? null;
  if (items.skus === null && items.named.length > 0 && order.items.length === 1)
    return order.items[0] ?? null;
  return null;
}

export const productOf = (facts: RetailFacts, sku: string): Product | undefined =>
  facts.products?.find((p) => p.variants.some((v) => v.sku === sku));

/** Sibling variants in stock that differ in the same kinds of option ("size S", not "One size"). */
const inStock = (product: Product, current: Variant, units: number) =>
  product.variants.filter(
    (v) =>
      v.sku !== current.sku &&
      v.stock >= units &&
      Object.keys(v.options).sort().join() === Object.keys(current.options).sort().join(),
  );
const list = (variants: Variant[]) => variants.map((v) => describeOptions(v.options) || v.name).join(', ');

/** The in-stock variant nearest the one asked for, by the catalogue's order of sizes. */
function nearest(product: Product, wanted: Variant, options: Variant[]): Variant | undefined {
  const at = (v: Variant) => product.variants.indexOf(v);
  return [...options].sort((a, b) => Math.abs(at(a) - at(wanted)) - Math.abs(at(b) - at(wanted)))[0];
}

/** An exchange of a delivered line for another variant, or the question that gets us there. */
export function exchangeDecision(input: DeskInput): Decision {
  const { text, order, facts, reasons } = input;
  if (order.status !== 'delivered' || !order.deliveredAt) {
    reasons.push(`${order.id} is ${order.status}, not delivered`);
    return asking(
      'exchange',
      order.status === 'cancelled'
        ? `${order.id} was cancelled, so there is nothing to exchange. Is there another order I can help with?`
        : `${order.id} hasn't been delivered yet (it is ${order.status}); exchanges open once it arrives. Would you like me to track it instead?`,
    );
  }
  const line = lineOf(text, order, (i) => (productOf(facts, i.sku)?.variants.length ?? 0) > 1);
  if (!line) {
    reasons.push('not clear which item to exchange');
    return asking(
      'exchange',
      `${order.id} has ${order.items.map((i) => i.name).join(', ')}. Which item would you like to exchange, and for which size or colour?`,
    );
  }
  const days = facts.asOf ? daysBetween(new Date(order.deliveredAt), new Date(facts.asOf)) : 0;
  if (days > RETURN_WINDOW_DAYS) {
    reasons.push(`delivered ${days} days ago, outside the window`);
    return asking(
      'exchange',
      `${order.id} was delivered ${days} days ago, outside our ${RETURN_WINDOW_DAYS}-day exchange window, so I can't exchange it myself. Would you like me to pass you to a colleague who can look at it?`,
    );
  }
  if (line.finalSale) {
    reasons.push(`${line.name} is final sale`);
    return asking(
      'exchange',
      `${line.name} was a final-sale item, so it can't be exchanged or returned. Is there anything else I can help with?`,
    );
  }
  const product = productOf(facts, line.sku);
  const current = product?.variants.find((v) => v.sku === line.sku);
  if (!product || !current || product.variants.length < 2) {
    reasons.push(`${line.name} comes in one version only`);
    return asking(
      'exchange',
      `${line.name} comes in only one version, so there is nothing to exchange it for. Would you like to return it instead?`,
    );
  }
  return chooseVariant(input, line, product, current);
}

function chooseVariant(input: DeskInput, line: OrderItem, product: Product, current: Variant): Decision {
  const { text, fallback, order, facts, reasons } = input;
  const words = optionWords(text);
  const spare = fallback ? optionWords(fallback) : { sizes: [], colours: [] };
  const targets = targetVariant(product.variants, current, {
    sizes: [...words.sizes, ...spare.sizes],
    colours: [...words.colours, ...spare.colours],
  });
  const available = inStock(product, current, line.quantity);
  const offer = available.length > 0 ? ` In stock: ${list(available)}.` : '';
  if (targets.length === 0) return noVariant(input, line, product, current, offer);
  const target = targets.find((v) => v.stock >= line.quantity);
  if (!target) return outOfStock(input, line, product, targets[0] as Variant, { available, offer });
  const method = namedMethod(text, facts.profile?.paymentMethods ?? []);
  if (method.kind === 'missing') {
    const mine = (facts.profile?.paymentMethods ?? []).map((m) => m.label).join(', ');
    reasons.push(`payment method "${method.words}" is not on the account`);
    return asking(
      'exchange',
      `I can't find ${method.words} on your account. Any price difference can go to ${mine || 'the payment method you used'}. Which would you like?`,
    );
  }
  reasons.push(`exchange ${line.sku} for ${target.sku}`);
  if (input.strength < 1) {
    return asking(
      'exchange',
      `Would you like me to exchange the ${line.name} from ${order.id} for ${describeOptions(target.options)}?`,
    );
  }
  const paymentMethodId = method.kind === 'found' ? method.method.methodId : null;
  return {
    plan: exchangePlan(
      order.id,
      { sku: line.sku, newSku: target.sku, quantity: null, paymentMethodId },
      CLEAR_CONFIDENCE,
    ),
  };
}

/** No variant the customer named exists (or none was named): say so, and what is in stock. */
function noVariant(
  input: DeskInput,
  line: OrderItem,
  product: Product,
  current: Variant,
  offer: string,
): Decision {
  const { text, order, reasons } = input;
  const words = optionWords(text);
  const named = words.sizes.length + words.colours.length > 0 && !RELATIVE.test(text);
  reasons.push(named ? 'the variant named does not exist' : 'no variant named');
  const said = [...words.sizes, ...words.colours].filter(
    (w) => w !== current.options.size && w !== current.options.colour,
  );
  const lead =
    named && said.length > 0
      ? `${product.name} doesn't come in ${said.join(' or ')}.`
      : `Which ${current.options.size ? 'size' : 'variant'} would you like instead of the ${line.name} from ${order.id}?`;
  return asking('exchange', `${lead}${offer}`);
}

/** The variant wanted is out of stock: the customer's fallback (a return), or the nearest in stock. */
function outOfStock(
  input: DeskInput,
  line: OrderItem,
  product: Product,
  wanted: Variant,
  stock: { available: Variant[]; offer: string },
): Decision {
  const { fallback, order, reasons } = input;
  if (fallback && /\b(return|refund|money back|send (it|them) back)\b/i.test(fallback)) {
    reasons.push(`${wanted.name} is out of stock; the customer's fallback is a return`);
    const skus = order.items.length > 1 ? [line.sku] : null;
    return {
      plan: playbooks.returnPlan(order.id, {
        skus,
        reason: `Wanted ${wanted.name}, which is out of stock`,
        confidence: CLEAR_CONFIDENCE,
      }),
    };
  }
  const near = nearest(product, wanted, stock.available);
  reasons.push(`${wanted.name} is out of stock${near ? `; offering ${near.name}` : ''}`);
  const instead = near ? ` Would you like ${describeOptions(near.options)} instead?` : '';
  return asking(
    'exchange',
    `The ${product.name} in ${describeOptions(wanted.options)} is out of stock.${instead}${stock.offer} Or would you like to return it instead?`,
  );
}

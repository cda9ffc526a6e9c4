import { describeOptions } from '../catalog.js';
import { changeItemsPlan, changePaymentPlan } from '../desk-playbooks.js';
import type { LineChange } from '../exchanges.js';
import { formatMoney } from '../money.js';
import * as playbooks from '../playbooks.js';
import type { Order } from '../shop.js';
import { asking, CLEAR_CONFIDENCE, type Decision } from './decision.js';
import { type DeskInput, exchangeDecision, lineOf, productOf } from './desk-exchange.js';
import { namedMethod, optionWords, targetVariant } from './desk-words.js';
import { findItems } from './items.js';
import { ownWords } from './return-reasons.js';

// "only if it covers the whole amount", "if there isn't enough on it, keep the card", "as long as it
// has enough": paying with a gift card on condition that its balance covers the order.
const IF_COVERED =
  /\b(only if|as long as|if)\b.{0,40}\b(covers?|enough|sufficient)\b|\bif the balance (isn'?t|is not|doesn'?t|does not|won'?t)\b/i;
const EVERYTHING = /\b(everything|all (the )?items|both( items)?|the whole order|all of it)\b/i;
// "remove one of the two tees", "remove one bag", "so it's one blue tee and one green tee".
const ONE = /\b(one|1|a single)\b(?! of (them|it)\b)/i;

export const whichChange = (order: Order) =>
  `${order.id} has ${order.items.map((i) => i.name).join(', ')}. Which items would you like to remove or change?`;

/** Why an order that is not placed cannot be changed, with what can be done instead. */
export function unchangeable(order: Order): string {
  if (order.status === 'delivered')
    return `${order.id} has already been delivered, so it can no longer be changed. I can set up a return or an exchange of its items instead. Which would you like?`;
  if (order.status === 'shipped')
    return `${order.id} has already shipped, so it can no longer be changed. Once it arrives I can set up a return or an exchange. Would you like me to track it?`;
  return `${order.id} was cancelled, so there is nothing to change. Is there anything else I can help with?`;
}

/** A change to an unshipped order: swap variants, remove items, or pay with another method. */
export function modifyDecision(kind: 'swap' | 'remove' | 'payment' | 'vague', input: DeskInput): Decision {
  const { order, reasons } = input;
  if (kind === 'swap' && order.status === 'delivered') return exchangeDecision(input);
  if (order.status !== 'placed') {
    reasons.push(`${order.id} is ${order.status}: it can no longer be changed`);
    return asking('modify_order', unchangeable(order));
  }
  if (kind === 'payment') return paymentDecision(input);
  if (kind === 'vague') return asking('modify_order', whichChange(order));
  const decision = kind === 'remove' ? removal(input) : swap(input);
  if (decision.plan.steps.length > 0 && input.strength < 1) {
    const change = decision.plan.steps.find((s) => s.tool === 'check_order_change')?.args.changes as
      | { sku: string; newSku: string | null }[]
      | undefined;
    const what = change
      ?.map(
        (c) =>
          `${order.items.find((i) => i.sku === c.sku)?.name}${c.newSku ? ` to ${c.newSku}` : ' removed'}`,
      )
      .join(', ');
    return asking(
      'modify_order',
      `${order.id} hasn't shipped yet, so I can change it${what ? ` (${what})` : ''}. Would you like me to change ${order.id}?`,
    );
  }
  return decision;
}

function paymentDecision({ text, order, facts, reasons }: DeskInput): Decision {
  const methods = facts.profile?.paymentMethods ?? [];
  const named = namedMethod(text, methods);
  const labels = methods.map((m) => m.label).join(' or ');
  if (named.kind === 'none')
    return asking('modify_order', `Which payment method should ${order.id} be paid with: ${labels}?`);
  if (named.kind === 'missing') {
    reasons.push(`"${named.words}" is not a payment method on the account`);
    return asking(
      'modify_order',
      `I can't find ${named.words} on your account, so I can't pay ${order.id} with it. Your payment methods: ${labels || 'none'}. Which would you like to use?`,
    );
  }
  const { method } = named;
  if (method.kind === 'gift_card' && (method.balanceCents ?? 0) === 0) {
    return asking(
      'modify_order',
      `${method.label} has no balance left, so it can't pay for ${order.id}. Would you like to use ${labels} instead?`,
    );
  }
  const balance = method.balanceCents ?? 0;
  if (method.kind === 'gift_card' && IF_COVERED.test(text) && balance < order.totalCents) {
    reasons.push(
      `${method.methodId} holds less than ${order.id}'s total, and the customer asked only if it covers it`,
    );
    const left = (order.payments ?? []).map((p) => methods.find((m) => m.methodId === p.methodId)?.label);
    return asking(
      'modify_order',
      `${method.label} has ${formatMoney(balance, order.currency)} left, less than ${order.id}'s ${formatMoney(order.totalCents, order.currency)}, so as you asked I haven't changed it${left.length > 0 && left.every(Boolean) ? `: it stays on ${left.join(' and ')}` : ''}. Would you like the gift card to pay part of it instead?`,
    );
  }
  if (order.payments?.length === 1 && order.payments[0]?.methodId === method.methodId) {
    return asking(
      'modify_order',
      `${order.id} is already paid with ${method.label}. Is there anything else I can help with?`,
    );
  }
  reasons.push(`pay ${order.id} with ${method.methodId}`);
  return { plan: changePaymentPlan(order.id, method.methodId, CLEAR_CONFIDENCE) };
}

function removal({ text: said, order, reasons }: DeskInput): Decision {
  // "I only want the hoodie, take off the socks": the items are the ones after the verb.
  const verb = /\b(remove|take (\w+ ){0,3}(off|out)|drop|delete)\b/i.exec(said);
  const text =
    verb && findItems(said.slice(verb.index), order).named.length > 0 ? said.slice(verb.index) : said;
  const items = findItems(text, order);
  if (EVERYTHING.test(text) || (items.skus === null && items.named.length > 0 && order.items.length > 1)) {
    reasons.push('removing every item leaves the order empty: a cancel');
    return { plan: playbooks.cancelPlan(order.id, ownWords(text), CLEAR_CONFIDENCE) };
  }
  const skus = items.skus ?? (items.named.length > 0 ? order.items.map((i) => i.sku) : null);
  // Every item named is one the customer keeps: nothing is left to remove, so ask.
  if (!skus || skus.length === 0 || items.unmatched.length > 0)
    return asking('modify_order', whichChange(order));
  const changes: LineChange[] = skus.map((sku) => {
    const line = order.items.find((i) => i.sku === sku);
    const some = line && line.quantity > 1 && ONE.test(text) ? 1 : null;
    return { sku, newSku: null, quantity: some };
  });
  const emptied = changes.every((c) => c.quantity === null) && changes.length === order.items.length;
  if (emptied) return { plan: playbooks.cancelPlan(order.id, ownWords(text), CLEAR_CONFIDENCE) };
  reasons.push(`remove ${changes.map((c) => `${c.quantity ?? 'all'} × ${c.sku}`).join(', ')}`);
  return { plan: changeItemsPlan(order.id, changes, null, CLEAR_CONFIDENCE) };
}

function swap({ text, order, facts, reasons }: DeskInput): Decision {
  const words = optionWords(text);
  const line = lineOf(text, order, (i) => (productOf(facts, i.sku)?.variants.length ?? 0) > 1);
  if (!line) return asking('modify_order', whichChange(order));
  const product = productOf(facts, line.sku);
  const current = product?.variants.find((v) => v.sku === line.sku);
  if (!product || !current)
    return asking(
      'modify_order',
      `${line.name} comes in only one version. Would you like to remove it instead?`,
    );
  const others = product.variants.filter((v) => v.sku !== current.sku && v.stock > 0);
  const offer =
    others.length > 0 ? ` In stock: ${others.map((v) => describeOptions(v.options)).join(', ')}.` : '';
  const [target] = targetVariant(product.variants, current, words);
  if (!target)
    return asking(
      'modify_order',
      `Which size or colour would you like instead of ${line.name} in ${order.id}?${offer}`,
    );
  if (target.stock < 1) {
    reasons.push(`${target.name} is out of stock`);
    return asking(
      'modify_order',
      `${target.name} is out of stock.${offer} Would you like one of those instead?`,
    );
  }
  const some = line.quantity > 1 && ONE.test(text) ? 1 : null;
  reasons.push(`swap ${some ?? 'all'} × ${line.sku} for ${target.sku}`);
  return {
    plan: changeItemsPlan(
      order.id,
      [{ sku: line.sku, newSku: target.sku, quantity: some }],
      null,
      CLEAR_CONFIDENCE,
    ),
  };
}

import type { PendingRequest, PlanRequest } from '../../../planner/planner.js';
import type { RetailFacts } from '../facts.js';
import type { Intent } from '../intents.js';
import * as playbooks from '../playbooks.js';
import type { Order } from '../shop.js';
import { asking, CLEAR_CONFIDENCE, type Decision } from './decision.js';
import { exchangeDecision } from './desk-exchange.js';
import { optionWords } from './desk-words.js';
import { findItems } from './items.js';
import * as ask from './questions.js';
import type { Reading } from './reading.js';

const OTHER_ORDER = /\b(the\s+)?other\s+(order|one)\b/i;

/**
 * A correction of the write waiting for the customer's yes, planned as the changed write (which
 * the turn asks about again): another order named, "the other order" when exactly two of the
 * customer's orders fit, another size for an exchange, fewer items for a return. Null when the
 * message is not such a correction (it asks for something else, or changes nothing we can read).
 */
export function correctPending(
  reading: Reading,
  request: PlanRequest<RetailFacts>,
  reasons: string[],
): Decision | null {
  const pending = request.pending;
  if (!pending || reading.declined || reading.retracted) return null;
  // Another request is planned as itself ("track ORD-1001 instead"), never as a change of this one.
  if (reading.intents.some((m) => m.intent !== pending.intent)) return null;
  const orders = request.facts.orders;
  const current = orders.find((o) => o.id === argOf(pending, 'lookup_order', 'orderId'));
  if (!current) return null;
  const target = otherOrder(reading, pending.intent as Intent, current, orders);
  if (target) {
    reasons.push(`a correction of the pending ${pending.intent}: ${target.id} instead of ${current.id}`);
    return onOrder(pending, target);
  }
  if (pending.intent === 'exchange') return otherVariant(reading, pending, current, request.facts, reasons);
  if (pending.intent === 'return') return fewerItems(reading, pending, current, reasons);
  return null;
}

/** The order the correction names: another of theirs, or "the other one" of exactly two that fit. */
function otherOrder(reading: Reading, intent: Intent, current: Order, orders: Order[]): Order | null {
  const named = reading.refs.filter((r) => r.id !== current.id);
  if (named.length === 1) return orders.find((o) => o.id === named[0]?.id) ?? null;
  if (named.length > 1 || !OTHER_ORDER.test(reading.latest)) return null;
  const fits = orders.filter(ask.FITS[intent] ?? (() => true));
  if (fits.length !== 2 || !fits.some((o) => o.id === current.id)) return null;
  return fits.find((o) => o.id !== current.id) ?? null;
}

/** The pending return or cancellation, for the whole of another order, with the same reason. */
function onOrder(pending: PendingRequest, order: Order): Decision | null {
  const intent = pending.intent as Intent;
  const blocked = ask.blockedByStatus(intent, order);
  if (blocked) return asking(intent, blocked);
  if (intent === 'cancel') {
    const reason = String(argOf(pending, 'cancel_order', 'reason') ?? 'customer request');
    return { plan: playbooks.cancelPlan(order.id, reason, CLEAR_CONFIDENCE) };
  }
  if (intent === 'return') {
    const reason = String(argOf(pending, 'check_return_eligibility', 'reason') ?? 'other');
    return { plan: playbooks.returnPlan(order.id, { skus: null, reason, confidence: CLEAR_CONFIDENCE }) };
  }
  return asking(intent, ask.whichOrder(intent, [order], [order.id]));
}

/** "actually size L": the same line of the same order, exchanged for the variant now named. */
function otherVariant(
  reading: Reading,
  pending: PendingRequest,
  order: Order,
  facts: RetailFacts,
  reasons: string[],
): Decision | null {
  const words = optionWords(reading.latest);
  if (words.sizes.length + words.colours.length === 0) return null;
  const line = order.items.find((i) => i.sku === argOf(pending, 'check_exchange', 'sku'));
  if (!line) return null;
  reasons.push(`a correction of the pending exchange of ${line.sku}: "${reading.latest}"`);
  // The line by its name, then the customer's new words: the exchange rules pick the variant.
  const text = `exchange the ${line.name}: ${reading.latest}`;
  return exchangeDecision({ text, fallback: null, order, facts, reasons, strength: 1 });
}

/** "only the blue one": a return of fewer of the items it held, for the same reason. */
function fewerItems(
  reading: Reading,
  pending: PendingRequest,
  order: Order,
  reasons: string[],
): Decision | null {
  const items = findItems(reading.latest, order);
  if (!items.skus || items.skus.length === 0 || items.unmatched.length > 0) return null;
  const before = argOf(pending, 'check_return_eligibility', 'skus') as string[] | null | undefined;
  const held = before ?? order.items.map((i) => i.sku);
  if (!items.skus.every((s) => held.includes(s)) || items.skus.length >= held.length) return null;
  reasons.push(`a correction of the pending return: only ${items.skus.join(', ')}`);
  const reason = String(argOf(pending, 'check_return_eligibility', 'reason') ?? 'other');
  const refundTo = argOf(pending, 'choose_refund_method', 'paymentMethodId') as string | undefined;
  return {
    plan: playbooks.returnPlan(order.id, {
      skus: items.skus,
      reason,
      confidence: CLEAR_CONFIDENCE,
      ...(refundTo ? { refundTo } : {}),
    }),
  };
}

function argOf(pending: PendingRequest, tool: string, arg: string): unknown {
  return pending.steps.find((s) => s.tool === tool)?.args[arg];
}

import type { Order } from '../tools/shop.js';
import { findAddress, findItems, findOrderIds, findReason } from './offline/entities.js';
import { isAffirmative, isNegative, isPolicyQuestion, suspicion } from './offline/guards.js';
import { type IntentMatch, matchIntents } from './offline/intents.js';
import { describeStatus, missingOrderQuestion, VERBS } from './offline/questions.js';
import type { Plan } from './plan.js';
import type { Intent, Planner, PlanRequest, PlanResult } from './planner.js';
import * as playbooks from './playbooks.js';

const WRITES = new Set<Intent>(playbooks.WRITE_INTENTS);
const ASK_CONFIDENCE = 0.9;
const SCOPE =
  'I can help with your orders: returns, cancellations, tracking, address changes and refunds. What can I do for you?';

/** What the planner works from: the message, plus what an earlier turn already established. */
interface Reading {
  text: string;
  intents: IntentMatch[];
  orderIds: string[];
  /** The customer said no to the question the agent asked. */
  declined: boolean;
}

/**
 * The rules-based planner: deterministic, no network, no key. It maps intents and entities to
 * the playbooks, asks for what is missing instead of guessing, and never starts a write the
 * customer did not clearly ask for; what it cannot place goes to a person.
 */
export class OfflinePlanner implements Planner {
  readonly name = 'offline';

  async plan(request: PlanRequest): Promise<PlanResult> {
    const reasons: string[] = [];
    const done = (plan: Plan, escalate?: string): PlanResult => ({
      plan,
      planner: 'offline',
      reasons,
      ...(escalate ? { escalate } : {}),
    });
    const reading = read(request);
    if (reading.declined) {
      reasons.push('the customer declined what was proposed');
      return done(
        playbooks.askPlan(
          'out_of_scope',
          'All right, nothing was changed. Is there anything else I can help with?',
          ASK_CONFIDENCE,
        ),
      );
    }
    const suspicious = suspicion(reading.text);
    if (suspicious) {
      reasons.push(`needs a person: ${suspicious}`);
      return done(
        playbooks.handoffPlan(`Customer ${suspicious}: ${reading.text}`, 0.9),
        `The message ${suspicious}`,
      );
    }
    if (reading.orderIds.length === 0 && isPolicyQuestion(reading.text)) {
      reasons.push('a question about the return policy, not a request');
      const answer =
        'Returns are accepted within 60 days of delivery, except final-sale items. Would you like to start a return? If so, tell me the order number.';
      return done(playbooks.askPlan('return', answer, ASK_CONFIDENCE));
    }
    const { intents } = reading;
    for (const m of intents) reasons.push(`intent ${m.intent} (matched "${m.evidence}")`);
    const top = intents[0];
    if (!top) return done(noIntent(reading, request.orders, reasons));
    if (intents.length > 1 && intents.some((m) => WRITES.has(m.intent))) {
      reasons.push('more than one request, one of them a change: asking which first');
      const list = intents.map((m) => VERBS[m.intent]).join(' or ');
      return done(
        playbooks.askPlan('clarify', `I can do one thing at a time. Should I first ${list}?`, ASK_CONFIDENCE),
      );
    }
    if (top.intent === 'human')
      return done(playbooks.handoffPlan(`Customer asked for a person: ${reading.text}`, 0.95));
    return done(planForOrder(top, reading, request.orders, reasons));
  }
}

function read(request: PlanRequest): Reading {
  const text = request.messages.at(-1)?.text ?? '';
  const previous = request.messages.slice(0, -1);
  const agentAsked = previous.at(-1)?.role === 'agent' && (previous.at(-1)?.text.includes('?') ?? false);
  const intents = matchIntents(text);
  // A bare number is an order number only in a message of a few words about an order
  // ("track 1053", "it's 1007"); in a longer one it may be a postal code or a price.
  const short = text.trim().split(/\s+/).length <= 4 && (agentAsked || intents.length > 0);
  const orderIds = findOrderIds(text, { bareNumbers: short });
  if (!agentAsked) return { text, intents, orderIds, declined: false };
  if (intents.length === 0 && isNegative(text)) return { text, intents, orderIds, declined: true };
  // A short answer to our question continues the request the customer made before it.
  const earlier = previous.filter((m) => m.role === 'customer').reverse();
  const earlierIntent = earlier.map((m) => matchIntents(m.text)[0]).find((m) => m !== undefined);
  const earlierIds = earlier.map((m) => findOrderIds(m.text)).find((ids) => ids.length > 0) ?? [];
  const inherit = intents.length === 0 && earlierIntent !== undefined;
  return {
    text: inherit ? `${earlier.map((m) => m.text).join(' ')} ${text}` : text,
    intents: inherit
      ? [{ ...earlierIntent, strength: isAffirmative(text) ? 1 : earlierIntent.strength }]
      : intents,
    orderIds: orderIds.length > 0 ? orderIds : earlierIds,
    declined: false,
  };
}

function noIntent(reading: Reading, orders: Order[], reasons: string[]): Plan {
  const [id] = reading.orderIds;
  if (id) {
    reasons.push(`order ${id} named without a request`);
    const owned = orders.some((o) => o.id === id);
    return playbooks.askPlan(
      'clarify',
      owned
        ? `What would you like me to do with ${id}: track it, return it, cancel it or change its address?`
        : `I can't find order ${id} on your account. Which order do you mean?`,
      ASK_CONFIDENCE,
    );
  }
  reasons.push('no request about an order recognised');
  return playbooks.askPlan('out_of_scope', SCOPE, ASK_CONFIDENCE);
}

function planForOrder(match: IntentMatch, reading: Reading, orders: Order[], reasons: string[]): Plan {
  const { intent } = match;
  const owned = reading.orderIds.filter((id) => orders.some((o) => o.id === id));
  if (reading.orderIds.length > owned.length && owned.length === 0) {
    const [id] = reading.orderIds;
    reasons.push(`order ${id} is not on this customer's account`);
    return playbooks.askPlan(
      intent,
      `I can't find order ${id} on your account. Which order do you mean?`,
      ASK_CONFIDENCE,
    );
  }
  if (owned.length !== 1) {
    reasons.push(owned.length === 0 ? 'no order number' : `several orders named: ${owned.join(', ')}`);
    return playbooks.askPlan(intent, missingOrderQuestion(intent, orders, owned), ASK_CONFIDENCE);
  }
  const order = orders.find((o) => o.id === owned[0]) as Order;
  reasons.push(`order ${order.id} (${order.status})`);
  const blocked = describeStatus(intent, order);
  if (blocked) return playbooks.askPlan(intent, blocked, ASK_CONFIDENCE);
  // A hint ("it doesn't fit") is not a request: confirm before any change.
  if (WRITES.has(intent) && match.strength < 1) {
    reasons.push('a change was only hinted at: confirming first');
    return playbooks.askPlan(intent, `Would you like me to ${VERBS[intent]} ${order.id}?`, ASK_CONFIDENCE);
  }
  const confidence = Math.round(0.95 * match.strength * 100) / 100;
  return playbook(intent, order, reading, confidence, reasons);
}

function playbook(
  intent: Intent,
  order: Order,
  reading: Reading,
  confidence: number,
  reasons: string[],
): Plan {
  switch (intent) {
    case 'return': {
      const skus = findItems(reading.text, order);
      if (skus) reasons.push(`items ${skus.join(', ')}`);
      return playbooks.returnPlan(order.id, { skus, reason: findReason(reading.text), confidence });
    }
    case 'cancel':
      return playbooks.cancelPlan(order.id, findReason(reading.text), confidence);
    case 'change_address': {
      const address = findAddress(reading.text, order.shippingAddress);
      if (!address) {
        reasons.push('no complete new address in the message');
        return playbooks.askPlan(
          'change_address',
          `What is the new shipping address for ${order.id}? Please include the street, city and postal code.`,
          ASK_CONFIDENCE,
        );
      }
      reasons.push(`new address ${address.line1}, ${address.city} ${address.postalCode}`);
      return playbooks.changeAddressPlan(order.id, address, confidence);
    }
    case 'track':
      return playbooks.trackPlan(order.id, confidence);
    case 'refund_status':
      return playbooks.refundStatusPlan(order.id, confidence);
    default:
      return playbooks.orderStatusPlan(order.id, confidence);
  }
}

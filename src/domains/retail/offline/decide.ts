/**
 * `src/domains/retail/offline`: retail's reading rules for the offline planner: intents, order
 * numbers, items, reasons and addresses read from the customer's words, then a playbook filled or
 * a question asked (decided here). It may import the engine's planner types and the retail pack.
 */
import type { OfflineReading, OfflineRules } from '../../../planner/domain.js';
import type { PlanRequest } from '../../../planner/planner.js';
import type { RetailFacts } from '../facts.js';
import { INTENT_WRITES, type Intent, WRITE_INTENTS } from '../intents.js';
import * as playbooks from '../playbooks.js';
import type { Order } from '../shop.js';
import { correctPending } from './correction.js';
import { ASK_CONFIDENCE, asking, CLEAR_CONFIDENCE, type Decision } from './decision.js';
import { decideDesk } from './desk-decide.js';
import { namedMethod, splitFallback } from './desk-words.js';
import { fillPlaybook } from './fill.js';
import { chooseOrder } from './fit.js';
import { suspicion } from './guards.js';
import { type IntentMatch, matchIntents } from './intents.js';
import * as ask from './questions.js';
import { type Reading, readConversation, sentenceAt } from './reading.js';
import { isPolicyQuestion, smallTalk } from './topics.js';

const WRITES = new Set<Intent>(WRITE_INTENTS);
/** "cancel it" with nothing said before: "it" is not an order to pick for the customer. */
const BARE_PRONOUN = /^\W*\w+\s+(it|them|this|that)\W*$/i;

/**
 * Retail's offline rules: they map intents and entities to the playbooks, ask for what is missing
 * instead of guessing, never plan for an order that is not the customer's, and never start a
 * change the customer did not clearly ask for; what they cannot place goes to a person.
 */
export const retailOfflineRules: OfflineRules<RetailFacts> = {
  decide: (request, reasons) => {
    const reading = readConversation(request);
    const decision = decide(reading, request, reasons);
    const read = readingOf(reading, decision);
    return read ? { ...decision, reading: read } : decision;
  },
};

/**
 * What the message asks for, for the LLM planner's agreement check: nothing to change when the
 * customer said no, took a request back, or wrote something that needs a person; the writes of
 * every request recognised otherwise; nothing to judge by when no request was recognised.
 */
function readingOf(reading: Reading, decision: Decision): OfflineReading | undefined {
  if (reading.declined || reading.retracted) return { intent: 'out_of_scope', writes: [] };
  if (decision.escalate && decision.plan.handoff?.kind === 'policy') return { intent: 'human', writes: [] };
  const [top] = reading.intents;
  if (!top) return undefined;
  const writes = new Set(reading.intents.flatMap((m) => INTENT_WRITES[m.intent]));
  // The desk rules may settle on a more precise intent than the words matched ("change my default
  // address" matches change_address, and is planned as change_default_address): allow its writes.
  const decided = decision.plan.intent;
  if (decision.plan.steps.length === 0 || !(decided in INTENT_WRITES))
    return { intent: top.intent, writes: [...writes] };
  for (const tool of INTENT_WRITES[decided as Intent]) writes.add(tool);
  return { intent: decided, writes: [...writes] };
}

function decide(reading: Reading, request: PlanRequest<RetailFacts>, reasons: string[]): Decision {
  const { text } = reading;
  let { intents } = reading;
  if (reading.declined) {
    reasons.push('the customer declined what was proposed');
    return asking('out_of_scope', 'All right, nothing was changed. Is there anything else I can help with?');
  }
  const suspicious = suspicion(text, request.customerId) ?? refundElsewhere(text, request.facts);
  if (suspicious) {
    reasons.push(`needs a person: the message ${suspicious}`);
    const summary = `Customer ${suspicious}: ${text}`;
    const escalate = `The message ${suspicious}`;
    return {
      plan: playbooks.handoffPlan(summary, ASK_CONFIDENCE, { kind: 'policy', reason: escalate }),
      escalate,
    };
  }
  const corrected = correctPending(reading, request, reasons);
  if (corrected) return corrected;
  if (reading.refs.length === 0 && isPolicyQuestion(text)) {
    reasons.push('a question about the return policy, not a request');
    return asking('return', ask.POLICY_ANSWER);
  }
  for (const m of intents)
    reasons.push(`intent ${m.intent} (matched ${m.evidence.map((e) => `"${e}"`).join(', ')})`);
  if (reading.continued) reasons.push('continues the request the agent asked about');
  if (reading.retracted) return retracted(reading.retracted, reading, reasons);
  if (intents.some((m) => m.intent === 'human')) {
    return { plan: playbooks.handoffPlan(text, CLEAR_CONFIDENCE) };
  }
  const desk = decideDesk(reading, request, reasons);
  if (desk) return desk;
  // "Change the address, if not possible cancel it instead": the fallback is not a second request.
  const fallback = splitFallback(text);
  const firstOnly = fallback.fallback !== null && intents.length > 1 ? matchIntents(fallback.main) : [];
  if (firstOnly.length === 1) {
    reasons.push(`"${fallback.fallback?.trim()}" is a fallback, kept as one`);
    intents = firstOnly;
  }
  const [top] = intents;
  if (!top) return unplaced(reading, request.facts.orders, reasons);
  if (intents.length > 1 && intents.some((m) => WRITES.has(m.intent))) {
    reasons.push('more than one request, one of them a change: asking which first');
    const list = intents.map((m) => ask.VERBS[m.intent]).join(' or ');
    return asking('clarify', `I can do one thing at a time. Should I first ${list}?`);
  }
  return forOrder(top, reading, request, reasons);
}

/** A refund sent to PayPal or a gift card the customer does not have is someone else's money. */
function refundElsewhere(text: string, facts: RetailFacts): string | null {
  if (!/\b(refund|money|credit)\b.{0,50}\b(paypal|gift ?card)\b/i.test(text)) return null;
  const named = namedMethod(text, facts.profile?.paymentMethods ?? []);
  return named.kind === 'missing' ? 'wants the refund paid somewhere else' : null;
}

function retracted(match: IntentMatch, reading: Reading, reasons: string[]): Decision {
  reasons.push(`the customer took back "${match.evidence[0]}"`);
  const [ref] = reading.refs;
  const what = `${ask.VERBS[match.intent]} ${ref ? ref.id : 'anything'}`;
  return asking(match.intent, `All right, I won't ${what}. Is there anything else I can help with?`);
}

/** No request recognised: answer small talk, ask about a named order, or hand over when stuck. */
function unplaced(reading: Reading, orders: Order[], reasons: string[]): Decision {
  const talk = smallTalk(reading.text);
  if (talk) {
    reasons.push(`small talk (${talk})`);
    return asking('out_of_scope', ask.scopeAnswer(talk));
  }
  if (reading.stuck) {
    reasons.push('a second message about an order that the rules cannot place');
    const summary = `The offline planner could not tell what the customer wants: ${reading.text}`;
    return {
      plan: playbooks.handoffPlan(summary, ASK_CONFIDENCE, {
        kind: 'low_confidence',
        reason: 'The offline planner could not tell what the customer wants after asking',
      }),
      escalate: 'Could not tell what the customer wants after asking',
    };
  }
  const [ref] = reading.refs;
  if (!ref) {
    reasons.push('no request about an order recognised');
    return asking('out_of_scope', ask.scopeAnswer('other'));
  }
  reasons.push(`order ${ref.id} from "${ref.from}" named without a request`);
  if (!orders.some((o) => o.id === ref.id)) return asking('clarify', ask.notFound(ref.id));
  return asking(
    'clarify',
    `What would you like me to do with ${ref.id}: track it, return it, cancel it or change its address?`,
  );
}

function forOrder(
  match: IntentMatch,
  reading: Reading,
  request: PlanRequest<RetailFacts>,
  reasons: string[],
): Decision {
  const { intent } = match;
  const { orders } = request.facts;
  const foreign = reading.refs.find((ref) => !orders.some((o) => o.id === ref.id));
  if (foreign) {
    reasons.push(`order ${foreign.id} from "${foreign.from}" is not on this customer's account`);
    return asking(intent, ask.notFound(foreign.id));
  }
  let refs = reading.refs;
  let strength = match.strength;
  if (refs.length > 1 && !WRITES.has(intent)) {
    // Looking something up cannot hurt, so the order named in the same sentence as the request
    // will do; a change always needs the customer to say which order.
    const sentence = sentenceAt(reading.text, match.at);
    const near = refs.filter((ref) => sentence.includes(ref.from));
    if (near.length === 1) {
      reasons.push(`several orders named; ${near[0]?.id} is the one the request is about`);
      refs = near;
      strength *= 0.9;
    }
  }
  if (refs.length === 0 && !BARE_PRONOUN.test(reading.text)) {
    // No order named: the one order that fits the request (and holds the items named) will do.
    // A change asked as a question ("Can I cancel?") is offered, not planned.
    const choice = chooseOrder(reading.text, [], orders, ask.FITS[intent] ?? (() => true));
    if (choice.kind === 'order') {
      reasons.push(`order ${choice.order.id}: ${choice.why}`);
      refs = [{ id: choice.order.id, from: choice.why, at: 0 }];
      if (/\?\s*$/.test(reading.text)) strength = Math.min(strength, 0.9);
    }
  }
  const [ref] = refs;
  if (!ref || refs.length > 1) {
    const ids = refs.map((r) => r.id);
    reasons.push(ids.length === 0 ? 'no order number' : `several orders named: ${ids.join(', ')}`);
    return asking(intent, ask.whichOrder(intent, orders, ids));
  }
  const order = orders.find((o) => o.id === ref.id) as Order;
  reasons.push(`order ${order.id} from "${ref.from}" (${order.status})`);
  const blocked = ask.blockedByStatus(intent, order);
  if (blocked) return asking(intent, blocked);
  const methods = request.facts.profile?.paymentMethods ?? [];
  return fillPlaybook({ intent, strength, order, reading, reasons, methods });
}

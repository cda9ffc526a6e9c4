import { isAffirmative, isNegative } from '../../../planner/consent-words.js';
import type { ConversationMessage, PlanRequest } from '../../../planner/planner.js';
import type { RetailFacts } from '../facts.js';
import { deskIntent } from './desk-intents.js';
import { retractionEnd } from './guards.js';
import { type IntentMatch, matchIntents } from './intents.js';
import { withoutIntroduction } from './introductions.js';
import { findOrderRefs, type OrderRef } from './order-numbers.js';
import { aboutOrders } from './topics.js';

/** What the planner works from: the message to answer, plus what earlier turns established. */
export interface Reading {
  /** The words to act on: the last message, after anything the customer took back, preceded by
   * the earlier request when the message continues it. */
  text: string;
  /** The last message alone. */
  latest: string;
  intents: IntentMatch[];
  refs: OrderRef[];
  /** The customer said no to the question the agent asked. */
  declined: boolean;
  /** A request the customer made and then took back in the same message ("… actually no, keep it"). */
  retracted: IntentMatch | null;
  /** The message answers the agent's question, so it continues the earlier request. */
  continued: boolean;
  /** Neither this message nor the one before it said what the customer wants done. */
  stuck: boolean;
}

// The questions keel asks to complete a request; an answer to one continues that request.
const FOLLOW_UP =
  /\b(which order|which items|would you like (me )?to|new shipping address|order number|what would you like me to do with|should i first)\b/i;

/** Reads the conversation the way a support agent would: the last message, in its context. */
export function readConversation(request: PlanRequest<RetailFacts>): Reading {
  const owned = new Set(request.facts.orders.map((o) => o.id));
  // Who the customer says they are is not what they ask for ("Ethan Brown here": no brown item).
  const messages = request.messages.map((m) => {
    const text = normalise(m.text);
    return { ...m, text: m.role === 'customer' ? withoutIntroduction(text) : text };
  });
  const previous = messages.slice(0, -1);
  const question = previous.at(-1)?.role === 'agent' ? (previous.at(-1)?.text ?? '') : '';
  const followsUp = FOLLOW_UP.test(question);
  const { text, retracted } = afterRetraction(messages.at(-1)?.text ?? '');
  const intents = retracted ? [] : matchIntents(text);
  // A bare number is an order number in a short answer ("it's 1004", "track 1053"); in a longer
  // message only when it is one of the customer's orders, since it may be a postcode or a price.
  const short = text.split(/\s+/).length <= 4 && (followsUp || intents.length > 0);
  const refs = findOrderRefs(text, { owned, anyBareNumber: short });
  const reading = {
    text,
    latest: text,
    intents,
    refs,
    declined: false,
    retracted,
    continued: false,
    stuck: false,
  };
  // "what did I pay for it?" names no order but refers back to one, as "return it" does.
  if ((intents.length > 0 || deskIntent(text) !== null) && refs.length === 0)
    return withOrderReferredTo(reading, previous, owned, followsUp);
  if (!followsUp || intents.length > 0 || retracted) return reading;
  if (isNegative(text)) return { ...reading, declined: true };
  const { said, asked } = pendingRequest(previous);
  const chainRefs = said.map((t) => findOrderRefs(t, { owned })).findLast((r) => r.length > 0) ?? [];
  // "yes" to "Would you like me to track it instead?" takes up what the question proposed, also
  // when the exchange before it named no request ("actually ORD-1008" to a pending cancel).
  const proposed = isAffirmative(text)
    ? matchIntents(sentenceAt(question, question.length - 1))[0]
    : undefined;
  const intent = proposed ?? asked;
  if (!intent) return { ...reading, stuck: said.some((t) => aboutOrders(t)) || chainRefs.length > 0 };
  return {
    ...reading,
    text: [...said, text].join(' '),
    intents: [{ ...intent, strength: isAffirmative(text) ? 1 : intent.strength }],
    refs: refs.length > 0 ? refs : chainRefs,
    continued: true,
  };
}

/**
 * The customer messages of the exchange the agent's questions are completing, oldest first, and
 * the request that started it ("I want to change my address" → "Which order?" → "1004" → …).
 */
function pendingRequest(previous: ConversationMessage[]): { said: string[]; asked: IntentMatch | undefined } {
  const said: string[] = [];
  for (let i = previous.length - 1; i >= 1; i -= 2) {
    const agent = previous[i];
    const customer = previous[i - 1];
    if (agent?.role !== 'agent' || customer?.role !== 'customer' || !FOLLOW_UP.test(agent.text)) break;
    said.unshift(customer.text);
    const asked = matchIntents(customer.text)[0];
    if (asked) return { said, asked };
  }
  return { said, asked: undefined };
}

const REFERS_BACK = /\b(it|them|that|this|that one|this one|the order|that order|same order)\b/i;

/**
 * "where is my refund for it?": the order the customer's previous message named. Unless the agent
 * has just asked about that order, the request is a little less certain, so a change is confirmed
 * before it runs.
 */
function withOrderReferredTo(
  reading: Reading,
  previous: ConversationMessage[],
  owned: ReadonlySet<string>,
  followsUp: boolean,
): Reading {
  if (!REFERS_BACK.test(reading.text)) return reading;
  const said = previous.filter((m) => m.role === 'customer').slice(-2);
  const source = said.findLast((m) => findOrderRefs(m.text, { owned }).length > 0);
  const named = source ? findOrderRefs(source.text, { owned }) : [];
  const [ref] = named;
  if (!ref || named.length > 1) return reading;
  const answered = followsUp && source === previous.at(-2);
  const intents = answered
    ? reading.intents
    : reading.intents.map((m) => ({ ...m, strength: m.strength * 0.9 }));
  return { ...reading, intents, refs: [{ ...ref, from: `it (${ref.from} in an earlier message)` }] };
}

/** The sentence of the text around a position, for items and orders named near a request. */
export function sentenceAt(text: string, at: number): string {
  const start = Math.max(...['.', '!', '?', '\n'].map((p) => text.lastIndexOf(p, at - 1))) + 1;
  const ends = ['.', '!', '?', '\n'].map((p) => text.indexOf(p, at)).filter((i) => i >= 0);
  return text.slice(start, ends.length > 0 ? Math.min(...ends) + 1 : text.length);
}

// Typographic apostrophes and dashes would otherwise defeat "doesn't" and "ORD-1001".
const normalise = (text: string) =>
  text
    .replace(/[\u2018\u2019\u02bc`´]/g, "'")
    .replace(/[\u2013\u2014]/g, '-')
    .trim();

/** "cancel it… actually no, keep it": only what follows the last retraction still stands. */
function afterRetraction(text: string): { text: string; retracted: IntentMatch | null } {
  const end = retractionEnd(text);
  if (end < 0) return { text, retracted: null };
  const after = text.slice(end);
  if (matchIntents(after).length > 0) return { text: after, retracted: null };
  return { text, retracted: matchIntents(text.slice(0, end))[0] ?? null };
}

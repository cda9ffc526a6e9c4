import type { PlanAsk } from '../../../planner/ask.js';
import { INTENTS, type Intent } from '../intents.js';
import { scopeAnswer, VERBS } from '../offline/questions.js';

type Slots = PlanAsk['slots'];

const text = (slots: Slots, key: string): string | null => {
  const value = slots[key];
  return typeof value === 'string' && value.length > 0 ? value : null;
};
const list = (slots: Slots, key: string): string[] => {
  const value = slots[key];
  return Array.isArray(value) ? value : [];
};
const intentOf = (slots: Slots, key = 'intent'): Intent | null => {
  const value = slots[key];
  return typeof value === 'string' && (INTENTS as readonly string[]).includes(value)
    ? (value as Intent)
    : null;
};
// Order ids are shown only in their own shape, whatever a slot holds.
const orderOf = (slots: Slots): string | null => {
  const id = text(slots, 'orderId');
  return id && /^ORD-\d{4,8}$/.test(id) ? id : null;
};

/** The words of a retail question, from its kind and slots; the fallback asks what is needed. */
export function renderQuestion(ask: PlanAsk): string {
  const { slots } = ask;
  const order = orderOf(slots);
  const verb = VERBS[intentOf(slots) ?? 'clarify'];
  switch (ask.kind) {
    case 'which_order':
      return whichOrder(verb, list(slots, 'named'), list(slots, 'offered'));
    case 'order_not_found':
      return `I can't find order ${order ?? 'that'} on your account. Which order do you mean?`;
    case 'which_items':
      return whichItems(order, list(slots, 'items'), list(slots, 'unmatched'));
    case 'reason':
      return `Could you tell me briefly why you would like to ${verb} ${order ?? 'your order'}?`;
    case 'which_variant':
      return whichVariant(order, text(slots, 'item'), list(slots, 'options'));
    case 'missing_detail':
      return missingDetail(order, text(slots, 'detail'));
    case 'clarify_intent':
      return clarifyIntent(slots, order);
    case 'scope':
      return scopeAnswer('other');
    case 'rule_text':
      return text(slots, 'text') ?? FALLBACK;
    default:
      return FALLBACK;
  }
}

const FALLBACK = 'Could you tell me a little more about what you would like me to do?';

/** "Which order would you like me to return? … Your recent orders: ORD-1001, ORD-1007." */
function whichOrder(verb: string, named: string[], offered: string[]): string {
  if (named.length > 1) return `Which order would you like me to ${verb}: ${named.join(' or ')}?`;
  const offer = offered.length > 0 ? ` Your recent orders: ${offered.join(', ')}.` : '';
  return `Which order would you like me to ${verb}? Please give the order number (it looks like ORD-1001).${offer}`;
}

/** "I couldn't find hoodie in ORD-1001; it has …": which items, when the ones named do not fit the order. */
function whichItems(order: string | null, items: string[], unmatched: string[]): string {
  const id = order ?? 'your order';
  const missing =
    unmatched.length > 0 ? `I couldn't find the ${unmatched.join(' or the ')} in ${id}; it` : id;
  return items.length > 0
    ? `${missing} has ${items.join(', ')}. Which items would you like to return?`
    : `Which items of ${id} would you like to return?`;
}

function whichVariant(order: string | null, item: string | null, options: string[]): string {
  const what = item ? `the ${item}` : 'the item';
  const offer = options.length > 0 ? ` Available: ${options.join(', ')}.` : '';
  return `Which size or colour would you like instead of ${what}${order ? ` from ${order}` : ''}?${offer}`;
}

function missingDetail(order: string | null, detail: string | null): string {
  const id = order ?? 'your order';
  switch (detail) {
    case 'address':
      return `What is the new shipping address for ${id}? Please include the street, city and postal code.`;
    case 'quantity':
      return `How many would you like to return from ${id}?`;
    case 'payment_method':
      return `Which of your payment methods should I use for ${id}?`;
    case 'new_variant':
      return `Which size or colour would you like instead, for ${id}?`;
    default:
      return `I need one more detail about ${id}. Could you tell me a little more?`;
  }
}

/**
 * "Would you like me to cancel ORD-1031?", or when a model's plan and the message disagree, what
 * the message reads as first; it ends on the change proposed, so a plain yes takes it up.
 */
function clarifyIntent(slots: Slots, order: string | null): string {
  const proposed = intentOf(slots);
  const id = order ?? 'your order';
  if (!proposed) return FALLBACK;
  const question = `Would you like me to ${VERBS[proposed]} ${id}?`;
  const reads = text(slots, 'reads');
  if (!reads) return question;
  const read = intentOf(slots, 'read');
  const said =
    reads === 'nothing'
      ? 'your message does not ask me to change anything'
      : reads === 'no_change'
        ? 'your message reads as if you do not want anything changed'
        : `your message reads as if you want me to ${VERBS[read ?? 'clarify']} ${id}`;
  return `I want to be sure before I change anything: ${said}. ${question}`;
}

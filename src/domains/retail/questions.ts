import { z } from 'zod';
import type { PlanIssue } from '../../errors.js';
import { askIssue, type DomainQuestions, type ModelAsk, type PlanAsk } from '../../planner/ask.js';
import type { RetailFacts } from './facts.js';
import { INTENTS, type Intent } from './intents.js';
import { FITS } from './offline/questions.js';
import type { Order } from './shop.js';
import { renderQuestion } from './templates/questions.js';

/** The questions the model may ask; the offline rules also use `order_not_found` and `rule_text`. */
export const MODEL_QUESTION_KINDS = [
  'which_order',
  'which_items',
  'reason',
  'clarify_intent',
  'which_variant',
  'missing_detail',
  'scope',
] as const;

/** Details a question may ask for. */
export const MISSING_DETAILS = ['address', 'quantity', 'payment_method', 'new_variant', 'other'] as const;

const isIntent = (value: unknown): value is Intent =>
  typeof value === 'string' && (INTENTS as readonly string[]).includes(value);

/**
 * Retail's questions. A model names only what it may (an intent, order ids, SKUs, a detail); they
 * are checked against the customer's orders, and what the question shows (item names, variants on
 * offer) is taken from the facts, never from the model.
 */
export const retailQuestions: DomainQuestions<RetailFacts> = {
  kinds: MODEL_QUESTION_KINDS,
  slots: {
    intent: z.enum(INTENTS).nullable().describe('The request the question is about'),
    orderIds: z
      .array(z.string())
      .nullable()
      .describe("Order numbers of the customer's the question is about"),
    skus: z.array(z.string()).nullable().describe('SKUs of items of that order the question is about'),
    detail: z.enum(MISSING_DETAILS).nullable().describe('For missing_detail: what is missing'),
  },
  resolve: resolveRetailAsk,
  render: renderQuestion,
};

function resolveRetailAsk(ask: ModelAsk, facts: RetailFacts): { ask: PlanAsk } | { issues: PlanIssue[] } {
  const intent = isIntent(ask.slots.intent) ? ask.slots.intent : null;
  const ids = strings(ask.slots.orderIds);
  const unknown = ids.filter((id) => !facts.orders.some((o) => o.id === id));
  if (unknown.length > 0)
    return {
      issues: [askIssue(['slots', 'orderIds'], `${unknown.join(', ')} is not one of the customer's orders`)],
    };
  const order = facts.orders.find((o) => o.id === ids[0]);
  const skus = strings(ask.slots.skus);
  const strange = skus.filter((sku) => !order?.items.some((i) => i.sku === sku));
  if (strange.length > 0)
    return {
      issues: [
        askIssue(
          ['slots', 'skus'],
          `${strange.join(', ')} is not an item of ${order?.id ?? 'an order named in orderIds'}`,
        ),
      ],
    };
  const needsOrder = ask.kind !== 'which_order' && ask.kind !== 'clarify_intent';
  if (needsOrder && !order)
    return {
      issues: [askIssue(['slots', 'orderIds'], `a ${ask.kind} question names the order it is about`)],
    };
  const slots = slotsOf(ask.kind, { intent, ids, order, skus, facts, detail: ask.slots.detail });
  return { ask: { kind: ask.kind, slots } };
}

function slotsOf(
  kind: string,
  q: {
    intent: Intent | null;
    ids: string[];
    order: Order | undefined;
    skus: string[];
    facts: RetailFacts;
    detail: unknown;
  },
): PlanAsk['slots'] {
  const orderId = q.order?.id ?? null;
  switch (kind) {
    case 'which_order': {
      const fits = q.intent ? FITS[q.intent] : undefined;
      const offered = (fits ? q.facts.orders.filter(fits) : q.facts.orders).slice(0, 4).map((o) => o.id);
      return { intent: q.intent, named: q.ids.length > 1 ? q.ids : null, offered };
    }
    case 'which_items':
      return { orderId, items: q.order?.items.map((i) => i.name) ?? [], unmatched: [] };
    case 'which_variant': {
      const line = q.order?.items.find((i) => i.sku === q.skus[0]) ?? q.order?.items[0];
      const product = q.facts.products?.find((p) => p.productId === line?.productId);
      const options = product?.variants.filter((v) => v.sku !== line?.sku).map((v) => v.name) ?? [];
      return { orderId, item: line?.name ?? null, options: options.slice(0, 20) };
    }
    case 'missing_detail':
      return {
        orderId,
        detail: (MISSING_DETAILS as readonly unknown[]).includes(q.detail) ? (q.detail as string) : 'other',
      };
    case 'clarify_intent':
      return { intent: q.intent, orderId: orderId ?? null, read: null };
    default:
      return { intent: q.intent, orderId };
  }
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

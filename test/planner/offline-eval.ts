import { readFileSync } from 'node:fs';
import { createRetailRegistry } from '../../src/domains/retail/tools/index.js';
import { PlanInvalidError } from '../../src/errors.js';
import { OfflinePlanner } from '../../src/planner/offline-planner.js';
import type { Plan } from '../../src/planner/plan.js';
import type { ConversationMessage, PlanResult } from '../../src/planner/planner.js';
import { type PlanScope, validatePlan } from '../../src/planner/validate.js';
import type { ToolRegistry } from '../../src/tools/registry.js';
import { createShopHarness } from '../helpers/shop-harness.js';

/** One labelled customer message: what a careful human agent would do with it. */
export interface LabelledMessage {
  id: string;
  customerId: string;
  /** Earlier messages of the conversation, oldest first. */
  history?: ConversationMessage[];
  text: string;
  expect: {
    action: 'plan' | 'ask' | 'escalate';
    intent: string;
    orderId?: string;
    /** For a return that names some items: the SKUs it must return (null: the whole order). */
    skus?: string[] | null;
    /** For a return that says where the refund goes: the method chosen (null: the one that paid). */
    refundTo?: string | null;
  };
}

/** What the planner did with one labelled message. */
export interface Outcome {
  id: string;
  text: string;
  expected: LabelledMessage['expect'];
  got: {
    action: 'plan' | 'ask' | 'escalate';
    intent: string;
    orderId?: string;
    skus?: string[] | null;
    refundTo?: string | null;
    tools: string[];
  };
  correct: boolean;
  /** A write tool in a plan the label did not ask for (another intent or order, or no plan at all). */
  wrongWrite: boolean;
  /** Why `validatePlan` rejected the plan, or null. */
  invalid: string | null;
}

export interface EvalReport {
  total: number;
  correct: number;
  accuracy: number;
  /** How many messages the planner answered with a question, and the share of all. */
  asks: number;
  askRate: number;
  /** How many messages it handed to a person with `escalate` set, and the share of all. */
  escalations: number;
  escalationRate: number;
  wrongWrites: Outcome[];
  invalid: Outcome[];
  mismatches: Outcome[];
}

/**
 * `messages` (offline-messages.json) is the development set. Its first 175 messages were labelled
 * when the rules were first written; ret-29 onwards came in two batches labelled before the rules
 * saw them, which scored 66% (5 wrong writes) and 86% (0 wrong writes) on their first runs; the
 * rules were then fixed where those runs showed general gaps, so the set is no longer unseen.
 * `holdout` (offline-holdout.json) is an older second set whose first run scored 68%.
 * `desk` (offline-desk.json) covers the retail desk of issue 11 (exchanges, order changes, the
 * profile's address, read-only answers, refund destinations, quantities, items chosen by a
 * description, one order that fits, fallbacks); `desk-blind` (offline-desk-blind.json) was written
 * with it, before any rule for those actions existed, and is not tuned on. `desk-blind2`
 * (offline-desk-blind2.json) is a second blind batch of realistic requests (the customer says who
 * they are, asks for one thing, sometimes with a condition), written after the desk rules and
 * before its first run, and not tuned on either.
 */
export type LabelledSet = 'messages' | 'holdout' | 'desk' | 'desk-blind' | 'desk-blind2';

export const labelledMessages = (set: LabelledSet = 'messages'): LabelledMessage[] =>
  JSON.parse(readFileSync(new URL(`./offline-${set}.json`, import.meta.url), 'utf8'));

/** Runs the offline planner over a labelled set, each customer's orders from the seeded sandbox shop. */
export async function evaluateOfflinePlanner(set: LabelledSet = 'messages'): Promise<EvalReport> {
  const { domain } = createShopHarness();
  const registry = createRetailRegistry();
  const planner = new OfflinePlanner(domain.offline);
  const outcomes: Outcome[] = [];
  for (const m of labelledMessages(set)) {
    const facts = await domain.facts(m.customerId);
    const messages = [...(m.history ?? []), { role: 'customer' as const, text: m.text }];
    const result = await planner.plan({ customerId: m.customerId, messages, facts });
    const scope = { ownership: (plan: Plan) => domain.ownership(plan, facts, m.customerId) };
    outcomes.push(judge(m, result, registry, scope));
  }
  const count = (f: (o: Outcome) => boolean) => outcomes.filter(f).length;
  const total = outcomes.length;
  const asks = count((o) => o.got.action === 'ask');
  const escalations = count((o) => o.got.action === 'escalate');
  return {
    total,
    correct: count((o) => o.correct),
    accuracy: count((o) => o.correct) / total,
    asks,
    askRate: asks / total,
    escalations,
    escalationRate: escalations / total,
    wrongWrites: outcomes.filter((o) => o.wrongWrite),
    invalid: outcomes.filter((o) => o.invalid !== null),
    mismatches: outcomes.filter((o) => !o.correct),
  };
}

/** The SKUs a return plan gives back (null: the whole order); undefined for other plans. */
function returnedSkus(plan: PlanResult['plan']): string[] | null | undefined {
  const args = plan.steps.find((s) => s.tool === 'check_return_eligibility')?.args;
  if (!args) return undefined;
  const lines = args.lines as { sku: string }[] | null | undefined;
  if (lines) return [...new Set(lines.map((l) => l.sku))].sort();
  const skus = args.skus as string[] | null | undefined;
  return skus ? [...skus].sort() : null;
}

/** The payment method a plan's refund is sent to (null: the one that paid); undefined without a refund. */
function refundedTo(plan: PlanResult['plan']): string | null | undefined {
  if (!plan.steps.some((s) => s.tool === 'check_return_eligibility')) return undefined;
  const step = plan.steps.find((s) => s.tool === 'choose_refund_method');
  return (step?.args.paymentMethodId as string | undefined) ?? null;
}

const sameSkus = (a: string[] | null | undefined, b: string[] | null) =>
  a === undefined ? false : JSON.stringify(a) === JSON.stringify(b ? [...b].sort() : null);

/**
 * Correct means the same action and intent, for a plan the same order, and for a labelled return
 * of some items the same items (and, when labelled, the refund sent where the customer said).
 * Returning other items than the labelled ones, or refunding elsewhere, is a wrong write.
 */
export function judge(
  m: LabelledMessage,
  result: PlanResult,
  registry: ToolRegistry,
  scope: PlanScope,
): Outcome {
  const { plan } = result;
  const orderId = plan.steps.find((s) => s.tool === 'lookup_order')?.args.orderId as string | undefined;
  const action: Outcome['got']['action'] = result.escalate ? 'escalate' : plan.ask ? 'ask' : 'plan';
  const skus = returnedSkus(plan);
  const refundTo = refundedTo(plan);
  const got = {
    action,
    intent: plan.intent,
    ...(orderId ? { orderId } : {}),
    ...(skus !== undefined ? { skus } : {}),
    ...(refundTo !== undefined ? { refundTo } : {}),
    tools: plan.steps.map((s) => s.tool),
  };
  const { expect } = m;
  const itemsRight =
    (expect.skus === undefined || sameSkus(skus, expect.skus)) &&
    (expect.refundTo === undefined || refundTo === expect.refundTo);
  const correct =
    action === expect.action &&
    plan.intent === expect.intent &&
    (action !== 'plan' || (orderId === expect.orderId && itemsRight));
  const writes = plan.steps.some((s) => registry.get(s.tool)?.effect === 'write');
  const wanted =
    expect.action === 'plan' && expect.intent === plan.intent && expect.orderId === orderId && itemsRight;
  let invalid: string | null = null;
  try {
    validatePlan(plan, registry, scope);
  } catch (error) {
    invalid = error instanceof PlanInvalidError ? error.message : String(error);
  }
  return { id: m.id, text: m.text, expected: expect, got, correct, wrongWrite: writes && !wanted, invalid };
}

import { readFileSync } from 'node:fs';
import { PlanInvalidError } from '../../src/errors.js';
import { OfflinePlanner } from '../../src/planner/offline-planner.js';
import type { ConversationMessage, PlanResult } from '../../src/planner/planner.js';
import { validatePlan } from '../../src/planner/validate.js';
import { createRetailRegistry } from '../../src/tools/retail/index.js';
import { createShopHarness } from '../helpers/shop-harness.js';

/** One labelled customer message: what a careful human agent would do with it. */
export interface LabelledMessage {
  id: string;
  customerId: string;
  history?: ConversationMessage[];
  text: string;
  expect: { action: 'plan' | 'ask' | 'escalate'; intent: string; orderId?: string };
}

export interface Outcome {
  id: string;
  text: string;
  expected: LabelledMessage['expect'];
  got: { action: string; intent: string; orderId?: string; tools: string[] };
  correct: boolean;
  wrongWrite: boolean;
  invalid: string | null;
}

/**
 * `messages` is the labelled set the rules were developed against. `holdout` was labelled after
 * the rules were written; its first run (68%, 2 wrong writes) exposed past-tense "returned" and
 * hedged requests, which the rules now handle, so it is no longer untouched (see README).
 */
export type LabelledSet = 'messages' | 'holdout';

export const labelledMessages = (set: LabelledSet = 'messages'): LabelledMessage[] =>
  JSON.parse(readFileSync(new URL(`./offline-${set}.json`, import.meta.url), 'utf8'));

/** Runs the offline planner over the labelled set against the seeded sandbox shop. */
export async function evaluateOfflinePlanner(set: LabelledSet = 'messages') {
  const { shop } = createShopHarness();
  const registry = createRetailRegistry();
  const planner = new OfflinePlanner();
  const outcomes: Outcome[] = [];
  for (const m of labelledMessages(set)) {
    const orders = await shop.listOrders(m.customerId);
    const messages = [...(m.history ?? []), { role: 'customer' as const, text: m.text }];
    const result = await planner.plan({ customerId: m.customerId, messages, orders });
    outcomes.push(judge(m, result, registry));
  }
  const count = (f: (o: Outcome) => boolean) => outcomes.filter(f).length;
  return {
    total: outcomes.length,
    correct: count((o) => o.correct),
    accuracy: count((o) => o.correct) / outcomes.length,
    askRate: count((o) => o.got.action === 'ask') / outcomes.length,
    escalationRate: count((o) => o.got.action === 'escalate') / outcomes.length,
    wrongWrites: outcomes.filter((o) => o.wrongWrite),
    invalid: outcomes.filter((o) => o.invalid !== null),
    mismatches: outcomes.filter((o) => !o.correct),
  };
}

function judge(
  m: LabelledMessage,
  result: PlanResult,
  registry: ReturnType<typeof createRetailRegistry>,
): Outcome {
  const { plan } = result;
  const orderId = plan.steps.find((s) => s.tool === 'lookup_order')?.args.orderId as string | undefined;
  const action = result.escalate ? 'escalate' : plan.ask ? 'ask' : 'plan';
  const got = {
    action,
    intent: plan.intent,
    ...(orderId ? { orderId } : {}),
    tools: plan.steps.map((s) => s.tool),
  };
  const { expect } = m;
  const correct =
    action === expect.action &&
    plan.intent === expect.intent &&
    (action !== 'plan' || orderId === expect.orderId);
  const writes = plan.steps.some((s) => registry.get(s.tool)?.effect === 'write');
  const asked = expect.action === 'plan' && expect.intent === plan.intent && expect.orderId === orderId;
  let invalid: string | null = null;
  try {
    validatePlan(plan, registry);
  } catch (error) {
    invalid = error instanceof PlanInvalidError ? error.message : String(error);
  }
  return { id: m.id, text: m.text, expected: expect, got, correct, wrongWrite: writes && !asked, invalid };
}

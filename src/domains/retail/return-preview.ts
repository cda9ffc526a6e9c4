import type { PlanPreview } from '../../agent/domain.js';
import type { DryRun, DryRunFn, DryRunStep } from '../../agent/dry-run.js';
import type { Plan } from '../../planner/plan.js';
import type { RetailFacts } from './facts.js';
import { orderStateRefusal } from './order-state.js';
import type { Order } from './shop.js';
import { describeWrite } from './templates/confirmation.js';
import {
  type Excluded,
  type ReturnPreviewFacts,
  returnConfirmation,
  returnRefusal,
} from './templates/return-confirmation.js';
import type { Eligibility } from './tools/return-tools.js';

const CHECK = 'check_return_eligibility';

/**
 * Retail's preview of a write plan. A return is dry-run: when the check refuses some of the items
 * asked for (final sale, not the customer's, already refunded), each item is checked on its own and
 * the plan is narrowed to the ones that pass (its `skus` rewritten); the confirmation then names
 * those items, the refund the check computed, what was left out and why, and whether a person must
 * approve. Nothing eligible: a refusal. A write its order's state no longer allows (a cancel of a
 * shipped order) is refused with the reason; other writes keep their template confirmation.
 */
export async function previewRetailPlan(
  plan: Plan,
  facts: RetailFacts,
  dryRun: DryRunFn,
): Promise<PlanPreview> {
  const stale = orderStateRefusal(plan, facts);
  if (stale) return { kind: 'refuse', reply: stale };
  const check = plan.steps.find((s) => s.tool === CHECK);
  if (plan.intent !== 'return' || !check) {
    const confirmation = describeWrite(plan, facts);
    return confirmation ? { kind: 'confirm', plan, confirmation } : { kind: 'none' };
  }
  const first = await dryRun(plan);
  const order = first.context.order as Order | undefined;
  if (!order) return { kind: 'refuse', reply: returnRefusal(orderIdOf(plan), []) };
  const { narrowed, excluded } = await narrow(plan, check.id, order, first, dryRun);
  if (!narrowed) return { kind: 'refuse', reply: returnRefusal(order.id, excluded) };
  const run = narrowed === plan ? first : await dryRun(narrowed);
  const checked = stepOf(run, check.id);
  // Outside the window the check asks for a person; what it would allow then is what is confirmed.
  const window = checked?.outcome === 'escalate' ? checked.error.details : null;
  const final = window ? await dryRun(narrowed, { assumeApproved: true }) : run;
  const returned = (final.context.partialReturn ?? final.context.eligibility) as Eligibility | undefined;
  const failed = final.steps.some((s) => s.outcome === 'failed');
  if (!returned || failed) return { kind: 'refuse', reply: returnRefusal(order.id, excluded) };
  const approvals = final.steps.flatMap((s) => (s.outcome === 'write' && s.approval ? [s.approval] : []));
  const about: ReturnPreviewFacts = {
    order,
    returned,
    excluded,
    method: (final.context.refundMethod as { label: string } | undefined)?.label ?? null,
    daysOutsideWindow: typeof window?.daysSinceDelivery === 'number' ? window.daysSinceDelivery : null,
    approvals,
  };
  return { kind: 'confirm', plan: narrowed, confirmation: returnConfirmation(about) };
}

/**
 * The plan narrowed to the items the check accepts one by one, with the ones it refused and why;
 * the plan itself when the check accepted it whole (or only asked for a person); null when no
 * item passes.
 */
async function narrow(
  plan: Plan,
  checkId: string,
  order: Order,
  first: DryRun,
  dryRun: DryRunFn,
): Promise<{ narrowed: Plan | null; excluded: Excluded[] }> {
  const checked = stepOf(first, checkId);
  if (checked?.outcome !== 'failed') return { narrowed: plan, excluded: [] };
  const asked = skusOf(plan, checkId) ?? order.items.map((item) => item.sku);
  const known = asked.filter((sku) => order.items.some((item) => item.sku === sku));
  if (known.length < asked.length || known.length === 0) {
    return {
      narrowed: null,
      excluded: [{ name: null, rule: ruleOf(checked), details: checked.error.details }],
    };
  }
  const eligible: string[] = [];
  const excluded: Excluded[] = [];
  for (const sku of known) {
    // A person's approval assumed: the window is the whole order's and is told apart, not a reason to drop.
    const alone = stepOf(await dryRun(withSkus(plan, checkId, [sku]), { assumeApproved: true }), checkId);
    const name = order.items.find((item) => item.sku === sku)?.name ?? null;
    if (alone?.outcome === 'ok') eligible.push(sku);
    else if (alone?.outcome === 'failed')
      excluded.push({ name, rule: ruleOf(alone), details: alone.error.details });
  }
  if (eligible.length === 0) return { narrowed: null, excluded };
  return { narrowed: withSkus(plan, checkId, eligible), excluded };
}

function stepOf(run: DryRun, id: string): DryRunStep | undefined {
  return run.steps.find((step) => step.id === id);
}

function ruleOf(step: Extract<DryRunStep, { outcome: 'failed' }>): string | null {
  const rule = step.error.details.rule;
  return typeof rule === 'string' ? rule : null;
}

function skusOf(plan: Plan, checkId: string): string[] | null {
  const skus = plan.steps.find((s) => s.id === checkId)?.args.skus;
  return Array.isArray(skus) ? skus.filter((sku): sku is string => typeof sku === 'string') : null;
}

function withSkus(plan: Plan, checkId: string, skus: string[]): Plan {
  return {
    ...plan,
    steps: plan.steps.map((step) => (step.id === checkId ? { ...step, args: { ...step.args, skus } } : step)),
  };
}

function orderIdOf(plan: Plan): string | null {
  const id = plan.steps.find((s) => s.tool === 'lookup_order')?.args.orderId;
  return typeof id === 'string' ? id : null;
}

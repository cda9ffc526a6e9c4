import { MoneyOverBoundError } from '../errors.js';
import type { MoneyKind, MoneyTotals } from '../tools/money.js';
import type { ToolRegistry } from '../tools/registry.js';
import type { Tool } from '../tools/tool.js';
import type { WorkflowState } from './workflow-state.js';

/** What a workflow has moved so far, and the most its checks allow, by kind of money. */
interface MoneyLedger {
  moved: MoneyTotals;
  bound: Partial<MoneyTotals>;
}

/**
 * Replays the completed steps in order, each money step's amount taken from the context as it
 * stood when that step ran; the bound of a kind is the largest amount any of its checks computed
 * (a check computes what is left to refund, so two checks never add up to more).
 */
function ledgerOf(registry: ToolRegistry, state: WorkflowState): MoneyLedger {
  const ledger: MoneyLedger = { moved: { refund: 0, charge: 0 }, bound: {} };
  const context: Record<string, unknown> = {};
  for (const step of [...state.steps].sort((a, b) => a.index - b.index)) {
    if (step.status !== 'completed' && step.status !== 'compensation_failed') continue;
    const tool = registry.get(step.tool);
    const input = state.plan.steps[step.index]?.args ?? {};
    if (tool?.money) {
      // An amount that cannot be told again counts as everything: nothing more may move.
      ledger.moved[tool.money.kind] += amountOf(tool, input, context) ?? Number.POSITIVE_INFINITY;
    }
    if (tool?.bounds && step.output) {
      const bound = safely(() => tool.bounds?.amount(step.output as Record<string, unknown>)) ?? 0;
      const kind = tool.bounds.kind;
      ledger.bound[kind] = Math.max(ledger.bound[kind] ?? 0, bound);
    }
    if (step.output) Object.assign(context, step.output);
  }
  return ledger;
}

/**
 * Refuses the money step at `index` before it runs when the workflow's total of its kind would
 * pass the bound its checks computed, or when no check computed one. Null when it may run.
 */
export function moneyRefusal(
  registry: ToolRegistry,
  state: WorkflowState,
  index: number,
): MoneyOverBoundError | null {
  const planned = state.plan.steps[index];
  const tool = planned ? registry.get(planned.tool) : undefined;
  if (!planned || !tool?.money) return null;
  const { kind } = tool.money;
  const { moved, bound } = ledgerOf(registry, state);
  const amount = amountOf(tool, planned.args, state.context);
  const limit = bound[kind];
  if (amount !== null && limit !== undefined && moved[kind] + amount <= limit) return null;
  const details = {
    tool: tool.name,
    kind,
    amountCents: amount,
    movedCents: moved[kind],
    boundCents: limit ?? null,
  };
  const why =
    limit === undefined
      ? `no check in this workflow computed how much may be moved (${kind})`
      : amount === null
        ? `its amount cannot be computed from the context`
        : `${moved[kind]} already moved plus ${amount} would pass the ${limit} its checks computed (${kind}, minor units)`;
  return new MoneyOverBoundError(`Step "${planned.id}" (${tool.name}) was refused before it ran: ${why}`, {
    details,
  });
}

/**
 * What the whole plan moves, by kind, as an approval predicate sees it at step `index`: what the
 * workflow moved so far, plus this step and every later money step whose amount the context tells.
 */
export function planMoney(registry: ToolRegistry, state: WorkflowState, index: number): MoneyTotals {
  const totals = { ...ledgerOf(registry, state).moved };
  for (const planned of state.plan.steps.slice(index)) {
    const tool = registry.get(planned.tool);
    if (!tool?.money) continue;
    totals[tool.money.kind as MoneyKind] += amountOf(tool, planned.args, state.context) ?? 0;
  }
  return totals;
}

function amountOf(tool: Tool, input: unknown, context: Record<string, unknown>): number | null {
  const amount = safely(() => tool.money?.amount({ input, context }));
  return amount !== null && Number.isFinite(amount) && amount >= 0 ? amount : null;
}

function safely(read: () => number | undefined): number | null {
  try {
    return read() ?? null;
  } catch {
    return null;
  }
}

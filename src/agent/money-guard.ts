import { MoneyOverBoundError } from '../errors.js';
import { kindsOf, type MoneyKind, type MoneyTotals, splitMoney } from '../tools/money.js';
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
 * (a check computes what is left to refund, so two checks never add up to more). A difference
 * check bounds both kinds: its size one way, nothing the other.
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
      const moves = movesOf(tool, input, context);
      for (const kind of kindsOf(tool.money.kind))
        ledger.moved[kind] += moves ? moves[kind] : Number.POSITIVE_INFINITY;
    }
    if (tool?.bounds && step.output) {
      const written = step.output as Record<string, unknown>;
      const bound = splitMoney(tool.bounds.kind, safely(() => tool.bounds?.amount(written)) ?? 0);
      for (const kind of kindsOf(tool.bounds.kind))
        ledger.bound[kind] = Math.max(ledger.bound[kind] ?? 0, bound?.[kind] ?? 0);
    }
    if (step.output) Object.assign(context, step.output);
  }
  return ledger;
}

/**
 * Refuses the money step at `index` before it runs when the workflow's total of a kind it moves
 * would pass the bound its checks computed, or when no check computed one. Null when it may run.
 */
export function moneyRefusal(
  registry: ToolRegistry,
  state: WorkflowState,
  index: number,
): MoneyOverBoundError | null {
  const planned = state.plan.steps[index];
  const tool = planned ? registry.get(planned.tool) : undefined;
  if (!planned || !tool?.money) return null;
  const { moved, bound } = ledgerOf(registry, state);
  const moves = movesOf(tool, planned.args, state.context);
  const over = kindsOf(tool.money.kind).find((kind) => {
    const limit = bound[kind];
    return moves === null || limit === undefined || moved[kind] + moves[kind] > limit;
  });
  if (over === undefined) return null;
  const amount = moves ? moves[over] : null;
  const limit = bound[over];
  const details = {
    tool: tool.name,
    kind: over,
    amountCents: amount,
    movedCents: moved[over],
    boundCents: limit ?? null,
  };
  const why =
    limit === undefined
      ? `no check in this workflow computed how much may be moved (${over})`
      : amount === null
        ? `its amount cannot be computed from the context`
        : `${moved[over]} already moved plus ${amount} would pass the ${limit} its checks computed (${over}, minor units)`;
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
    const moves = tool ? movesOf(tool, planned.args, state.context) : null;
    if (!moves) continue;
    for (const kind of Object.keys(totals) as MoneyKind[]) totals[kind] += moves[kind];
  }
  return totals;
}

/** What a money step moves by kind, from its input and the context; null when it cannot be told. */
function movesOf(tool: Tool, input: unknown, context: Record<string, unknown>): MoneyTotals | null {
  if (!tool.money) return null;
  const amount = safely(() => tool.money?.amount({ input, context }));
  return amount === null ? null : splitMoney(tool.money.kind, amount);
}

function safely(read: () => number | undefined): number | null {
  try {
    return read() ?? null;
  } catch {
    return null;
  }
}

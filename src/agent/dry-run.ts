import type { Logger } from 'pino';
import type { ToolError } from '../errors.js';
import type { Plan } from '../planner/plan.js';
import type { Runtime } from '../runtime.js';
import { type MoneyTotals, splitMoney } from '../tools/money.js';
import type { ToolRegistry } from '../tools/registry.js';
import type { HumanApproval, Tool } from '../tools/tool.js';
import { runAttempt } from './attempt.js';

/** What one step of a plan did in a dry run. */
export type DryRunStep =
  | { id: string; tool: string; outcome: 'ok'; output: Record<string, unknown> }
  /** The tool refused (permanently or for now); nothing after it that needs its output ran. */
  | { id: string; tool: string; outcome: 'failed'; error: DryRunError }
  /** The tool said a person must decide (e.g. a return outside its window). */
  | { id: string; tool: string; outcome: 'escalate'; error: DryRunError }
  /** A read that could not run: an earlier step that writes what it reads did not run or failed. */
  | { id: string; tool: string; outcome: 'skipped' }
  /** A write: never run in a dry run; `approval` is its approval predicate's reason, if any. */
  | { id: string; tool: string; outcome: 'write'; approval: string | null };

/** A tool's refusal as a dry run reports it: the error's stable code, kind, message and details. */
export interface DryRunError {
  code: string;
  kind: string;
  message: string;
  details: Record<string, unknown>;
}

/** The read steps' results, the context they wrote, and what the plan's writes would move. */
export interface DryRun {
  steps: DryRunStep[];
  context: Record<string, unknown>;
  money: MoneyTotals;
}

/** Options of one dry run. */
export interface DryRunOptions {
  /**
   * Runs the reads as a person's approval would let them run (a check that escalates computes its
   * result instead), to tell what would happen once a person approved. @default false
   */
  assumeApproved?: boolean;
}

/** Runs a plan's read steps, never a write; see `dryRunner`. */
export type DryRunFn = (plan: Plan, options?: DryRunOptions) => Promise<DryRun>;

/** What a dry run needs: the domain's tools and ports, time, the customer, and ids of its own. */
export interface DryRunDeps {
  registry: ToolRegistry;
  ports: unknown;
  runtime: Pick<Runtime, 'clock' | 'sleep'>;
  logger: Logger;
  customerId: string;
  /**
   * The workflow id the reads see; it must never be a real workflow's, so no idempotency key of a
   * read in a dry run can match one of the real run's.
   */
  workflowId: string;
  timeoutMs: number;
}

const APPROVED_FOR_PREVIEW: HumanApproval = {
  escalationId: 'preview',
  decidedBy: 'preview',
  note: 'dry run: what would happen once approved',
};

/**
 * A dry run of plans against the domain's real ports: each read step runs once (no retries), in
 * plan order, with a tool context like the executor's; a write step never runs, only its approval
 * predicate is asked. What a confirmation says is then what the checks computed, not a guess.
 */
export function dryRunner(deps: DryRunDeps): DryRunFn {
  return async (plan, options = {}) => {
    const steps: DryRunStep[] = [];
    const context: Record<string, unknown> = {};
    const writes: { index: number; tool: Tool; args: unknown }[] = [];
    for (const planned of plan.steps) {
      const tool = deps.registry.get(planned.tool);
      if (!tool) break;
      if (tool.effect === 'write') {
        writes.push({ index: steps.length, tool, args: planned.args });
        steps.push({ id: planned.id, tool: tool.name, outcome: 'write', approval: null });
        continue;
      }
      const step = await readStep(deps, tool, planned, context, options);
      if (step.outcome === 'ok') Object.assign(context, step.output);
      steps.push(step);
    }
    const money = moneyOf(writes, context);
    for (const { index, tool, args } of writes) {
      const step = steps[index];
      if (step?.outcome !== 'write') continue;
      const input = tool.input.safeParse(args);
      const reads = tool.reads.safeParse(context);
      if (!input.success || !reads.success) continue;
      const approval = safely(() =>
        tool.approval({
          input: input.data,
          context: reads.data,
          customerId: deps.customerId,
          planMoney: money,
        }),
      );
      steps[index] = { ...step, approval };
    }
    return { steps, context, money };
  };
}

async function readStep(
  deps: DryRunDeps,
  tool: Tool,
  planned: Plan['steps'][number],
  context: Record<string, unknown>,
  options: DryRunOptions,
): Promise<DryRunStep> {
  const { id } = planned;
  const input = tool.input.safeParse(planned.args);
  const reads = tool.reads.safeParse(context);
  if (!input.success || !reads.success) return { id, tool: tool.name, outcome: 'skipped' };
  const result = await runAttempt(
    tool,
    input.data,
    {
      workflowId: deps.workflowId,
      stepId: id,
      attempt: 1,
      idempotencyKey: `${deps.workflowId}:${id}`,
      customerId: deps.customerId,
      context: reads.data,
      approval: options.assumeApproved ? APPROVED_FOR_PREVIEW : null,
      ports: deps.ports,
      clock: deps.runtime.clock,
      log: { parent: deps.logger, bindings: { dryRun: deps.workflowId, stepId: id, tool: tool.name } },
    },
    { timeoutMs: tool.timeoutMs ?? deps.timeoutMs, sleep: deps.runtime.sleep },
  );
  if (result.ok) {
    const output = tool.writes.safeParse(result.output);
    if (output.success) return { id, tool: tool.name, outcome: 'ok', output: output.data };
    return { id, tool: tool.name, outcome: 'skipped' };
  }
  const error = errorOf(result.error);
  return { id, tool: tool.name, outcome: result.error.kind === 'escalate' ? 'escalate' : 'failed', error };
}

function errorOf(error: ToolError): DryRunError {
  return {
    code: error.code,
    kind: error.kind,
    message: error.message,
    details: { ...error.details },
  };
}

/** What the plan's money steps would move, each amount from the context the reads wrote. */
function moneyOf(writes: { tool: Tool; args: unknown }[], context: Record<string, unknown>): MoneyTotals {
  const totals: MoneyTotals = { refund: 0, charge: 0 };
  for (const { tool, args } of writes) {
    if (!tool.money) continue;
    const amount = safely(() => tool.money?.amount({ input: args, context }) ?? null);
    const moved = typeof amount === 'number' ? splitMoney(tool.money.kind, amount) : null;
    if (!moved) continue;
    totals.refund += moved.refund;
    totals.charge += moved.charge;
  }
  return totals;
}

function safely<T>(read: () => T | null): T | null {
  try {
    return read();
  } catch {
    return null;
  }
}

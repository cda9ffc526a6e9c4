import type { Logger } from 'pino';
import { PermanentToolError, type ToolError } from '../errors.js';
import type { Runtime } from '../runtime.js';
import type { NewEvent, Store } from '../store/store.js';
import type { HumanApproval, Tool } from '../tools/tool.js';
import { runAttempt } from './attempt.js';
import { backoffDelay, resolveRetryPolicy } from './backoff.js';
import type { ReplyFor } from './settle.js';

/** What the executor shares with every step it runs. */
export interface StepDeps {
  store: Store;
  /** The domain's ports, handed to every tool as `ctx.ports`. */
  ports: unknown;
  runtime: Runtime;
  logger: Logger;
  defaultTimeoutMs: number;
  emit: (event: NewEvent) => void;
  /** True once the executor stops: no new step, attempt or retry wait starts. */
  draining: () => boolean;
  /**
   * Renews this executor's lease on the workflow when due, before each step; false when another
   * executor has taken it over (this one stops, as in a drain). @default always true
   */
  keepLease?: (workflowId: string) => true | Promise<boolean>;
  /** The lease owner checkpoints are fenced by (see `Checkpoint.owner`). @default not fenced */
  owner?: string;
  /** Aborts in-flight attempts and retry waits when the drain runs out of time. */
  abort: AbortSignal;
  /** The customer's reply about a workflow that settles, written with the change that settles it. */
  replyFor?: ReplyFor;
}

export interface StepCall {
  workflowId: string;
  customerId: string;
  stepId: string;
  /** `workflowId:stepId`, or with `:undo` for a compensation. */
  idempotencyKey: string;
  tool: Tool;
  input: unknown;
  context: Record<string, unknown>;
  approval: HumanApproval | null;
  /** Prefix of the journal events, `step` or `compensation`. */
  phase: 'step' | 'compensation';
}

export type StepOutcome =
  | { ok: true; output: Record<string, unknown>; attempts: number }
  | {
      ok: false;
      error: ToolError;
      attempts: number;
      events: NewEvent[];
      /** Another executor took the workflow over between attempts: this one stops, unrecorded. */
      leaseLost?: true;
    };

/** A failure that is not the step's to record: the executor stops, or lost the workflow's lease. */
export function stoppedShort(deps: StepDeps, outcome: StepOutcome): boolean {
  return !outcome.ok && (outcome.leaseLost === true || deps.draining());
}

/**
 * Runs one step to a result: attempts under a deadline, retryable failures retried with backoff
 * and jitter, every failed attempt and every scheduled delay journaled. The final result is left
 * to the caller to checkpoint, so success costs one commit.
 */
export async function runStep(deps: StepDeps, call: StepCall): Promise<StepOutcome> {
  const { tool } = call;
  const policy = resolveRetryPolicy(tool.retry);
  const reads = tool.reads.safeParse(call.context);
  if (!reads.success) {
    const error = new PermanentToolError(
      `Tool "${tool.name}" cannot read its context: ${reads.error.message}`,
    );
    return { ok: false, error, attempts: 0, events: [failedEvent(deps, call, 0, error)] };
  }
  for (let attempt = 1; ; attempt++) {
    deps.emit(stepEvent(deps, call, 'started', { attempt }));
    const result = await runAttempt(tool, call.input, attemptContext(deps, call, attempt, reads.data), {
      timeoutMs: tool.timeoutMs ?? deps.defaultTimeoutMs,
      sleep: deps.runtime.sleep,
      outer: deps.abort,
    });
    if (result.ok) {
      const output = tool.writes.safeParse(result.output);
      if (output.success) return { ok: true, output: roundTrip(output.data), attempts: attempt };
      const error = new PermanentToolError(
        `Tool "${tool.name}" returned a result that does not match its writes schema: ${output.error.message}`,
      );
      return { ok: false, error, attempts: attempt, events: [failedEvent(deps, call, attempt, error)] };
    }
    const { error } = result;
    const failed = failedEvent(deps, call, attempt, error);
    if (error.kind !== 'retryable' || attempt >= policy.maxAttempts || deps.draining()) {
      return { ok: false, error, attempts: attempt, events: [failed] };
    }
    const delayMs = backoffDelay(policy, attempt, deps.runtime.random, retryAfterOf(error));
    const scheduled = stepEvent(deps, call, 'retry_scheduled', { attempt: attempt + 1, delayMs });
    await deps.store.appendEvents([failed, scheduled]);
    deps.emit(failed);
    deps.emit(scheduled);
    try {
      await deps.runtime.sleep(delayMs, deps.abort);
    } catch {
      return { ok: false, error, attempts: attempt, events: [] };
    }
    // A step with retries can outlast a lease: it is kept (renewed when due) before each retry as
    // before each step, so no attempt runs unleased; lost, the step stops here as in a drain.
    const kept = deps.keepLease?.(call.workflowId) ?? true;
    if (kept !== true && !(await kept))
      return { ok: false, error, attempts: attempt, events: [], leaseLost: true };
  }
}

/** What the tool sees of one attempt: its ids, its stable key, its context and its ports. */
function attemptContext(deps: StepDeps, call: StepCall, attempt: number, context: Record<string, unknown>) {
  const { workflowId, stepId } = call;
  return {
    workflowId,
    stepId,
    attempt,
    idempotencyKey: call.idempotencyKey,
    customerId: call.customerId,
    context,
    approval: call.approval,
    ports: deps.ports,
    clock: deps.runtime.clock,
    log: { parent: deps.logger, bindings: { workflowId, stepId, tool: call.tool.name, attempt } },
  };
}

/** A journal event of this step's phase (`step.started`, `compensation.retry_scheduled`, ...). */
function stepEvent(deps: StepDeps, call: StepCall, type: string, data: Record<string, unknown>): NewEvent {
  return {
    workflowId: call.workflowId,
    at: deps.runtime.clock.now().toISOString(),
    type: `${call.phase}.${type}`,
    stepId: call.stepId,
    data: { tool: call.tool.name, ...data },
  };
}

function failedEvent(deps: StepDeps, call: StepCall, attempt: number, error: ToolError): NewEvent {
  return {
    workflowId: call.workflowId,
    at: deps.runtime.clock.now().toISOString(),
    type: `${call.phase}.attempt_failed`,
    stepId: call.stepId,
    data: { tool: call.tool.name, attempt, kind: error.kind, code: error.code, message: error.message },
  };
}

function retryAfterOf(error: ToolError): number | undefined {
  return 'retryAfterMs' in error ? (error.retryAfterMs as number | undefined) : undefined;
}

/** Outputs are kept as JSON, so a resumed workflow sees exactly what a live one saw. */
function roundTrip(value: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}

import type { ToolError } from '../errors.js';
import { type EscalationReasonKind, REASON_LABELS } from '../escalation-reason.js';
import type { Ids } from '../runtime.js';
import type { Checkpoint, NewEvent, StepRecord, WorkflowStatus } from '../store/store.js';
import type { MoneyTotals } from '../tools/money.js';
import type { ToolRegistry } from '../tools/registry.js';
import type { ApprovalInput, Tool } from '../tools/tool.js';
import { raiseEscalation } from './escalations.js';
import { approvalGate } from './gate.js';
import { moneyRefusal, planMoney } from './money-guard.js';
import { settlingReply } from './settle.js';
import { runStep, type StepDeps, type StepOutcome, stoppedShort } from './step-runner.js';
import { approvalFor, type WorkflowState } from './workflow-state.js';

export type ForwardResult =
  | { kind: 'completed' }
  | { kind: 'waiting' }
  | { kind: 'compensate' }
  | { kind: 'drained' };

/**
 * Runs the plan's remaining steps from the workflow's cursor. Each step: the approval gate, the
 * attempts, then exactly one checkpoint (completed, degraded or failed) before the next step.
 */
export async function runForward(
  deps: StepDeps & { ids: Ids },
  registry: ToolRegistry,
  state: WorkflowState,
): Promise<ForwardResult> {
  for (let index = state.record.cursor; index < state.plan.steps.length; index++) {
    // A lease another instance took over (this one stalled past its expiry) stops the run here.
    if (deps.draining()) return { kind: 'drained' };
    const kept = deps.keepLease?.(state.record.id) ?? true;
    if (kept !== true && !(await kept)) return { kind: 'drained' };
    const result = await forwardStep(deps, registry, state, index);
    if (result) return result;
  }
  return { kind: 'completed' };
}

/** One step of the forward run; `null` goes on to the next step. */
async function forwardStep(
  deps: StepDeps & { ids: Ids },
  registry: ToolRegistry,
  state: WorkflowState,
  index: number,
): Promise<ForwardResult | null> {
  const { record } = state;
  const planned = state.plan.steps[index];
  if (!planned) return { kind: 'completed' };
  const tool = registry.require(planned.tool);
  const approval = approvalFor(state, planned.id);
  // Refused before any gate: no person should be asked to approve money the checks do not cover.
  const refused = moneyRefusal(registry, state, index);
  const gate = refused ? null : approvalGate(tool, approvalInput(registry, state, index), approval);
  if (gate) {
    await raiseEscalation(
      deps,
      {
        workflowId: record.id,
        stepId: planned.id,
        kind: 'approval',
        reason: gate,
        details: { tool: tool.name },
      },
      { workflow: record, steps: state.steps, context: state.context },
    );
    return { kind: 'waiting' };
  }
  const outcome: StepOutcome = refused
    ? { ok: false, error: refused, attempts: 0, events: [] }
    : await runStep(deps, {
        workflowId: record.id,
        customerId: record.customerId,
        stepId: planned.id,
        idempotencyKey: `${record.id}:${planned.id}`,
        tool,
        input: planned.args,
        context: state.context,
        approval,
        phase: 'step',
      });
  // A failure while draining (an aborted attempt, a retry not waited for) is not final: the
  // workflow stays running and the step runs again, with the same key, after the restart.
  if (stoppedShort(deps, outcome)) return { kind: 'drained' };
  return await settle(settlement(deps, state, index, planned.id, tool), outcome);
}

/**
 * What the step's approval predicate sees. The whole plan's money replays the workflow's ledger,
 * so it is worked out only when a predicate reads it (most never do), once.
 */
function approvalInput(
  registry: ToolRegistry,
  state: WorkflowState,
  index: number,
): ApprovalInput<unknown, Record<string, unknown>> {
  let money: MoneyTotals | undefined;
  return {
    input: state.plan.steps[index]?.args,
    context: state.context,
    customerId: state.record.customerId,
    get planMoney() {
      money ??= planMoney(registry, state, index);
      return money;
    },
  };
}

/** What recording one step's result needs: where it is, and what its journal events say. */
interface Settlement {
  deps: StepDeps & { ids: Ids };
  state: WorkflowState;
  index: number;
  stepId: string;
  tool: Tool;
  isLast: boolean;
  base: Omit<StepRecord, 'status' | 'output' | 'error'>;
}

function settlement(
  deps: StepDeps & { ids: Ids },
  state: WorkflowState,
  index: number,
  stepId: string,
  tool: Tool,
): Settlement {
  const workflowId = state.record.id;
  const at = deps.runtime.clock.now().toISOString();
  return {
    deps,
    state,
    index,
    stepId,
    tool,
    isLast: index === state.plan.steps.length - 1,
    base: { workflowId, index, stepId, tool: tool.name, attempts: 0, finishedAt: at },
  };
}

/** A journal event of the step being settled; `stepId: null` for one about the whole workflow. */
function eventOf(
  s: Settlement,
  type: string,
  data: Record<string, unknown>,
  stepId: string | null = s.stepId,
): NewEvent {
  const { workflowId, finishedAt: at, tool } = s.base;
  return { workflowId, at, type, stepId, data: { tool, ...data } };
}

/** Checkpoints a step's result: completed, handed to a person, degraded, or failed for good. */
async function settle(s: Settlement, outcome: StepOutcome): Promise<ForwardResult | null> {
  const { deps, state, index, isLast } = s;
  const base = { ...s.base, attempts: outcome.attempts };
  if (outcome.ok) {
    const step: StepRecord = { ...base, status: 'completed', output: outcome.output, error: null };
    // The step row holds what the step produced; the event records that and when.
    const events = [eventOf(s, 'step.completed', { attempts: outcome.attempts })];
    if (isLast) events.push(eventOf(s, 'workflow.completed', { degraded: state.record.degraded }, null));
    Object.assign(state.context, outcome.output);
    await checkpoint(deps, state, step, index + 1, events, isLast ? 'completed' : undefined);
    return null;
  }
  const { error } = outcome;
  if (error.kind === 'escalate') return await escalateFromTool(s, error);
  const failure = { code: error.code, message: error.message };
  if (!s.tool.critical) {
    const events = [...outcome.events, eventOf(s, 'step.degraded', failure)];
    if (isLast) events.push(eventOf(s, 'workflow.completed', { degraded: true }, null));
    state.record.degraded = true;
    const step: StepRecord = { ...base, status: 'degraded', output: null, error: failure };
    await checkpoint(deps, state, step, index + 1, events, isLast ? 'completed' : undefined);
    return null;
  }
  const events = [
    ...outcome.events,
    eventOf(s, 'step.failed', failure),
    eventOf(s, 'workflow.compensating', failure, null),
  ];
  state.record.outcome = { reason: 'failure', stepId: s.stepId, ...failure };
  const step: StepRecord = { ...base, status: 'failed', output: null, error: failure };
  await checkpoint(deps, state, step, index, events, 'compensating');
  return { kind: 'compensate' };
}

/** A tool asked for a person: the workflow waits on an escalation that says why. */
async function escalateFromTool(s: Settlement, error: ToolError): Promise<ForwardResult> {
  // A hand-over keel made (a model failure, a policy) says so, not "Customer asked for a person".
  const { state } = s;
  const handoff = state.plan.handoff;
  await raiseEscalation(
    s.deps,
    {
      workflowId: state.record.id,
      stepId: s.stepId,
      kind: 'tool',
      reasonKind: handoff?.kind ?? reasonKindOf(error),
      reason: handoff ? `${REASON_LABELS[handoff.kind]}: ${handoff.reason}` : error.message,
      details: { tool: s.tool.name, ...error.details },
    },
    { workflow: state.record, steps: state.steps, context: state.context },
  );
  return { kind: 'waiting' };
}

/** The step's checkpoint; the one that completes the workflow carries the customer's reply. */
async function checkpoint(
  deps: StepDeps,
  state: WorkflowState,
  step: StepRecord,
  cursor: number,
  events: NewEvent[],
  status: WorkflowStatus | undefined,
): Promise<void> {
  const reply =
    status === 'completed'
      ? settlingReply(deps.replyFor, {
          workflow: { ...state.record, status, cursor },
          steps: [...state.steps, step],
          context: state.context,
          escalation: null,
          at: step.finishedAt,
        })
      : undefined;
  // Built in place rather than from spreads of optional parts: this runs once per step.
  const write: Checkpoint = { step, cursor, events, degraded: state.record.degraded };
  if (deps.owner) write.owner = deps.owner;
  if (status) write.status = status;
  if (status === 'compensating' && state.record.outcome) write.outcome = state.record.outcome;
  if (reply) write.reply = reply;
  await deps.store.checkpointStep(write);
  state.record.cursor = cursor;
  state.steps.push(step);
  for (const event of events) deps.emit(event);
}

function reasonKindOf(error: ToolError): EscalationReasonKind {
  return 'reasonKind' in error ? (error.reasonKind as EscalationReasonKind) : 'tool_escalation';
}

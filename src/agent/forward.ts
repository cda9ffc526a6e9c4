import type { ToolError } from '../errors.js';
import { type EscalationReasonKind, REASON_LABELS } from '../escalation-reason.js';
import type { Ids } from '../runtime.js';
import type { NewEvent, StepRecord, WorkflowStatus } from '../store/store.js';
import type { ToolRegistry } from '../tools/registry.js';
import type { Tool } from '../tools/tool.js';
import { raiseEscalation } from './escalations.js';
import { approvalGate } from './gate.js';
import { moneyRefusal, planMoney } from './money-guard.js';
import { settlingReply } from './settle.js';
import { runStep, type StepDeps, type StepOutcome } from './step-runner.js';
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
    if (deps.draining()) return { kind: 'drained' };
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
  const step = {
    input: planned.args,
    context: state.context,
    customerId: record.customerId,
    planMoney: planMoney(registry, state, index),
  };
  const gate = refused ? null : approvalGate(tool, step, approval);
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
  if (!outcome.ok && deps.draining()) return { kind: 'drained' };
  return await settle(settlement(deps, state, index, planned.id, tool), outcome);
}

/** What recording one step's result needs: where it is, and how its journal events look. */
interface Settlement {
  deps: StepDeps & { ids: Ids };
  state: WorkflowState;
  index: number;
  stepId: string;
  tool: Tool;
  isLast: boolean;
  base: Omit<StepRecord, 'status' | 'output' | 'error'>;
  event: (type: string, data: Record<string, unknown>) => NewEvent;
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
    event: (type, data) => ({ workflowId, at, type, stepId, data: { tool: tool.name, ...data } }),
  };
}

/** Checkpoints a step's result: completed, handed to a person, degraded, or failed for good. */
async function settle(s: Settlement, outcome: StepOutcome): Promise<ForwardResult | null> {
  const { deps, state, index, isLast, event } = s;
  const base = { ...s.base, attempts: outcome.attempts };
  const workflowEnd = (degraded: boolean) => ({ ...event('workflow.completed', { degraded }), stepId: null });
  if (outcome.ok) {
    const step: StepRecord = { ...base, status: 'completed', output: outcome.output, error: null };
    // The step row holds what the step produced; the event records that and when.
    const events = [event('step.completed', { attempts: outcome.attempts })];
    if (isLast) events.push(workflowEnd(state.record.degraded));
    Object.assign(state.context, outcome.output);
    await checkpoint(deps, state, step, index + 1, events, isLast ? 'completed' : undefined);
    return null;
  }
  const { error } = outcome;
  if (error.kind === 'escalate') return await escalateFromTool(s, error);
  const failure = { code: error.code, message: error.message };
  if (!s.tool.critical) {
    const events = [...outcome.events, event('step.degraded', failure)];
    if (isLast) events.push(workflowEnd(true));
    state.record.degraded = true;
    const step: StepRecord = { ...base, status: 'degraded', output: null, error: failure };
    await checkpoint(deps, state, step, index + 1, events, isLast ? 'completed' : undefined);
    return null;
  }
  const events = [
    ...outcome.events,
    event('step.failed', failure),
    { ...event('workflow.compensating', failure), stepId: null },
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
  await deps.store.checkpointStep({
    step,
    cursor,
    events,
    degraded: state.record.degraded,
    ...(status ? { status } : {}),
    ...(status === 'compensating' && state.record.outcome ? { outcome: state.record.outcome } : {}),
    ...(reply ? { reply } : {}),
  });
  state.record.cursor = cursor;
  state.steps.push(step);
  for (const event of events) deps.emit(event);
}

function reasonKindOf(error: ToolError): EscalationReasonKind {
  return 'reasonKind' in error ? (error.reasonKind as EscalationReasonKind) : 'tool_escalation';
}

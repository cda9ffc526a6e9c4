import type { ToolError } from '../errors.js';
import { type EscalationReasonKind, REASON_LABELS } from '../escalation-reason.js';
import type { Ids } from '../runtime.js';
import type { NewEvent, StepRecord, WorkflowStatus } from '../store/store.js';
import type { ToolRegistry } from '../tools/registry.js';
import { raiseEscalation } from './escalations.js';
import { settlingReply } from './settle.js';
import { runStep, type StepDeps } from './step-runner.js';
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
  const { record, plan } = state;
  for (let index = record.cursor; index < plan.steps.length; index++) {
    if (deps.draining() || !(await (deps.keepLease?.(record.id) ?? true))) return { kind: 'drained' };
    const planned = plan.steps[index];
    if (!planned) break;
    const tool = registry.require(planned.tool);
    const approval = approvalFor(state, planned.id);
    const gate = approval
      ? null
      : tool.approval({ input: planned.args, context: state.context, customerId: record.customerId });
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
    const outcome = await runStep(deps, {
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
    const at = deps.runtime.clock.now().toISOString();
    const event = (type: string, data: Record<string, unknown>): NewEvent => ({
      workflowId: record.id,
      at,
      type,
      stepId: planned.id,
      data: { tool: tool.name, ...data },
    });
    const base = {
      workflowId: record.id,
      index,
      stepId: planned.id,
      tool: tool.name,
      attempts: outcome.attempts,
      finishedAt: at,
    };
    const isLast = index === plan.steps.length - 1;
    if (outcome.ok) {
      const step: StepRecord = { ...base, status: 'completed', output: outcome.output, error: null };
      // The step row holds what the step produced; the event records that and when.
      const events = [event('step.completed', { attempts: outcome.attempts })];
      if (isLast)
        events.push({ ...event('workflow.completed', { degraded: record.degraded }), stepId: null });
      Object.assign(state.context, outcome.output);
      await checkpoint(deps, state, step, index + 1, events, isLast ? 'completed' : undefined);
      continue;
    }
    const { error } = outcome;
    if (error.kind === 'escalate') {
      // A hand-over keel made (a model failure, a policy) says so, not "Customer asked for a person".
      const handoff = plan.handoff;
      await raiseEscalation(
        deps,
        {
          workflowId: record.id,
          stepId: planned.id,
          kind: 'tool',
          reasonKind: handoff?.kind ?? reasonKindOf(error),
          reason: handoff ? `${REASON_LABELS[handoff.kind]}: ${handoff.reason}` : error.message,
          details: { tool: tool.name, ...error.details },
        },
        { workflow: record, steps: state.steps, context: state.context },
      );
      return { kind: 'waiting' };
    }
    const failure = { code: error.code, message: error.message };
    if (!tool.critical) {
      const events = [...outcome.events, event('step.degraded', failure)];
      if (isLast) events.push({ ...event('workflow.completed', { degraded: true }), stepId: null });
      record.degraded = true;
      await checkpoint(
        deps,
        state,
        { ...base, status: 'degraded', output: null, error: failure },
        index + 1,
        events,
        isLast ? 'completed' : undefined,
      );
      continue;
    }
    const events = [
      ...outcome.events,
      event('step.failed', failure),
      { ...event('workflow.compensating', failure), stepId: null },
    ];
    record.outcome = { reason: 'failure', stepId: planned.id, ...failure };
    await checkpoint(
      deps,
      state,
      { ...base, status: 'failed', output: null, error: failure },
      index,
      events,
      'compensating',
    );
    return { kind: 'compensate' };
  }
  return { kind: 'completed' };
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

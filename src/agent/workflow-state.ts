import { ReplayMismatchError } from '../errors.js';
import type { Plan } from '../planner/plan.js';
import type { EscalationRecord, StepRecord, WorkflowRecord } from '../store/store.js';
import type { HumanApproval } from '../tools/tool.js';

/** A workflow as the executor works on it: the stored row, its plan, its steps and its context. */
export interface WorkflowState {
  record: WorkflowRecord;
  plan: Plan;
  steps: StepRecord[];
  /** What completed steps wrote, rebuilt from their rows (never stored as a whole). */
  context: Record<string, unknown>;
  escalations: EscalationRecord[];
}

/**
 * Rebuilds the context from the step rows, and checks that each row is the step the plan has at
 * that position: a mismatch means resuming could repeat or skip a side effect.
 */
export function buildState(
  record: WorkflowRecord,
  steps: StepRecord[],
  escalations: EscalationRecord[],
): WorkflowState {
  const plan = record.plan as Plan;
  const context: Record<string, unknown> = {};
  for (const step of steps) {
    const planned = plan.steps[step.index];
    if (!planned || planned.id !== step.stepId || planned.tool !== step.tool) {
      throw new ReplayMismatchError(
        record.id,
        step.index,
        planned ? `${planned.id}/${planned.tool}` : '(no step)',
        `${step.stepId}/${step.tool}`,
      );
    }
    if (step.output && step.status !== 'failed' && step.status !== 'degraded')
      Object.assign(context, step.output);
  }
  return { record, plan, steps, context, escalations };
}

/** The latest approval a human gave to a step, from an approval gate or a tool's escalation. */
export function approvalFor(state: WorkflowState, stepId: string): HumanApproval | null {
  const approved = state.escalations
    .filter(
      (e) => e.stepId === stepId && e.status === 'approved' && (e.kind === 'approval' || e.kind === 'tool'),
    )
    .at(-1);
  return approved
    ? { escalationId: approved.id, decidedBy: approved.decidedBy ?? 'unknown', note: approved.note }
    : null;
}

/** The latest escalation about undoing a step, if its compensation failed before. */
export function compensationEscalation(state: WorkflowState, stepId: string): EscalationRecord | undefined {
  return state.escalations.filter((e) => e.stepId === stepId && e.kind === 'compensation').at(-1);
}

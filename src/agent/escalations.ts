import type { Ids } from '../runtime.js';
import type {
  DecisionWrite,
  EscalationKind,
  EscalationReasonKind,
  EscalationRecord,
  StepRecord,
  WorkflowRecord,
} from '../store/store.js';
import type { DecisionRequest } from './executor.js';
import { settlingReply } from './settle.js';
import type { StepDeps } from './step-runner.js';

/** A workflow's row, steps and context as the caller holds them. */
export interface WorkflowSnapshot {
  workflow: WorkflowRecord;
  steps: StepRecord[];
  context: Record<string, unknown>;
}

/** What a new escalation says; the rest is filled in here. */
export interface EscalationRequest {
  workflowId: string;
  stepId: string | null;
  kind: EscalationKind;
  /** @default what `kind` implies (approval → approval_limit, tool → tool_escalation, ...) */
  reasonKind?: EscalationReasonKind;
  reason: string;
  details?: Record<string, unknown> | null;
}

const DEFAULT_REASONS: Record<EscalationKind, EscalationReasonKind> = {
  approval: 'approval_limit',
  tool: 'tool_escalation',
  compensation: 'compensation_failure',
  low_confidence: 'low_confidence',
};

/**
 * What a person's decision writes: approve lets the gated step run (or retries a failed undo);
 * reject compensates, recording why, except for a failed undo, which is left to staff.
 */
export function decisionWrite(
  escalation: EscalationRecord,
  request: DecisionRequest,
  at: string,
): DecisionWrite {
  const rejectsForward = request.decision === 'reject' && escalation.kind !== 'compensation';
  const write: DecisionWrite = {
    id: escalation.id,
    decision: request.decision,
    decidedBy: request.decidedBy,
    note: request.note ?? null,
    at,
    nextStatus: escalation.kind === 'compensation' || rejectsForward ? 'compensating' : 'running',
  };
  if (!rejectsForward) return write;
  const message = request.note ?? 'Rejected by a human';
  const stepId = escalation.stepId ? { stepId: escalation.stepId } : {};
  return { ...write, outcome: { reason: 'rejected', message, ...stepId } };
}

/**
 * Opens an escalation and pauses the workflow in one transaction. A paused workflow holds no
 * memory: everything needed to resume it is in the store.
 */
export async function raiseEscalation(
  deps: Pick<StepDeps, 'store' | 'runtime' | 'emit' | 'replyFor' | 'owner'> & { ids: Ids },
  request: EscalationRequest,
  /** The workflow as it stands, to tell its conversation it now waits for a person. */
  now: WorkflowSnapshot,
): Promise<EscalationRecord> {
  const at = deps.runtime.clock.now().toISOString();
  const escalation: EscalationRecord = {
    id: deps.ids.next('esc'),
    workflowId: request.workflowId,
    stepId: request.stepId,
    kind: request.kind,
    reasonKind: request.reasonKind ?? DEFAULT_REASONS[request.kind],
    reason: request.reason,
    details: request.details ?? null,
    status: 'open',
    createdAt: at,
    decidedAt: null,
    decidedBy: null,
    note: null,
  };
  const event = {
    workflowId: request.workflowId,
    at,
    type: 'escalation.opened',
    stepId: request.stepId,
    data: {
      escalationId: escalation.id,
      kind: request.kind,
      reasonKind: escalation.reasonKind,
      reason: request.reason,
    },
  };
  const reply = settlingReply(deps.replyFor, {
    ...now,
    workflow: { ...now.workflow, status: 'waiting_for_human' },
    escalation,
    at,
  });
  // Fenced: an executor whose lease was taken over must not pause the workflow its new owner runs.
  await deps.store.openEscalation(escalation, event, reply, deps.owner);
  deps.emit(event);
  return escalation;
}

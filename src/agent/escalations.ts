import type { Ids } from '../runtime.js';
import type {
  Decision,
  EscalationKind,
  EscalationReasonKind,
  EscalationRecord,
  Store,
} from '../store/store.js';
import type { StepDeps } from './step-runner.js';

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
 * Opens an escalation and pauses the workflow in one transaction. A paused workflow holds no
 * memory: everything needed to resume it is in the store.
 */
export function raiseEscalation(
  deps: Pick<StepDeps, 'store' | 'runtime' | 'emit'> & { ids: Ids },
  request: EscalationRequest,
): EscalationRecord {
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
  deps.store.openEscalation(escalation, event);
  deps.emit(event);
  return escalation;
}

/**
 * What a human's decision does to the workflow, written with the decision in one transaction:
 * approve lets the gated step run (or retries a failed undo); reject compensates, and a rejected
 * forward step records why.
 */
export function decisionUpdate(
  escalation: EscalationRecord,
  request: { decision: Decision; decidedBy: string; note?: string | null },
  at: string,
): Parameters<Store['decideEscalation']>[0] {
  const rejectsForward = request.decision === 'reject' && escalation.kind !== 'compensation';
  return {
    id: escalation.id,
    decision: request.decision,
    decidedBy: request.decidedBy,
    note: request.note ?? null,
    at,
    nextStatus: escalation.kind === 'compensation' || rejectsForward ? 'compensating' : 'running',
    ...(rejectsForward
      ? {
          outcome: {
            reason: 'rejected' as const,
            message: request.note ?? 'Rejected by a human',
            ...(escalation.stepId ? { stepId: escalation.stepId } : {}),
          },
        }
      : {}),
  };
}

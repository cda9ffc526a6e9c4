import type { Decision, EscalationRecord, StepRecord, WorkflowRecord } from '../store/store.js';

/** What a caller asks of the executor, and what it answers: the executor's request and result types. */

export interface StartRequest {
  plan: unknown;
  /** The authenticated customer the workflow acts for. */
  customerId: string;
  conversationId?: string | null;
  /** Pauses the workflow for a human before its first step (e.g. low planner confidence). */
  gate?: { reason: string; details?: Record<string, unknown> };
}

/** Where a workflow stands after the executor stopped working on it. */
export interface WorkflowResult {
  workflow: WorkflowRecord;
  steps: StepRecord[];
  context: Record<string, unknown>;
  /** The open escalation a waiting workflow waits on. */
  escalation: EscalationRecord | null;
}

export interface DecisionRequest {
  decision: Decision;
  decidedBy: string;
  note?: string | null;
}

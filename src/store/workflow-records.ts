import type { EscalationReasonKind } from '../escalation-reason.js';
import type { ConversationReply } from './conversation-records.js';

/**
 * What the store keeps of workflows: records only. It knows nothing of tools or planners; plans and
 * outputs are opaque JSON to it.
 */

export const WORKFLOW_STATUSES = [
  'planned',
  'running',
  'waiting_for_human',
  'compensating',
  'completed',
  'failed',
  'compensated',
  'rejected',
  'awaiting_customer',
] as const;
export type WorkflowStatus = (typeof WORKFLOW_STATUSES)[number];

/** States no event leaves. */
export const TERMINAL_STATUSES: readonly WorkflowStatus[] = [
  'completed',
  'failed',
  'compensated',
  'rejected',
];
/** States a dead process may have left behind; `recover` resumes them. */
export const RESUMABLE_STATUSES: readonly WorkflowStatus[] = ['planned', 'running', 'compensating'];

export interface WorkflowRecord {
  id: string;
  customerId: string;
  conversationId: string | null;
  intent: string;
  status: WorkflowStatus;
  /** The validated plan, as stored when the workflow started. */
  plan: unknown;
  /** Index of the next step to run. */
  cursor: number;
  /** True when a non-critical step failed and the workflow went on. */
  degraded: boolean;
  /** Why the workflow ended as it did (the failing step and error), when it ended badly. */
  outcome: WorkflowOutcomeDetail | null;
  createdAt: string;
  updatedAt: string;
  /** The executor running the workflow now; cleared when it stops running (waiting, finished). */
  leaseOwner: string | null;
  leaseExpiresAt: string | null;
}

export interface WorkflowOutcomeDetail {
  /** Why the workflow left the forward path: a step failed for good, or a human rejected it. */
  reason: 'failure' | 'rejected';
  stepId?: string;
  code?: string;
  message: string;
  /** The resource another workflow held, when it was refused for that (`RESOURCE_BUSY`). */
  resource?: string;
}

export const STEP_STATUSES = [
  'completed',
  'degraded',
  'failed',
  'compensated',
  'compensation_failed',
] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

/** What one step produced; one small row per step, so a checkpoint never rewrites history. */
export interface StepRecord {
  workflowId: string;
  index: number;
  stepId: string;
  tool: string;
  status: StepStatus;
  attempts: number;
  output: Record<string, unknown> | null;
  error: { code: string; message: string } | null;
  finishedAt: string;
}

export interface JournalEvent {
  seq: number;
  workflowId: string;
  at: string;
  type: string;
  stepId: string | null;
  data: Record<string, unknown> | null;
}

/** A journal event before the store numbers it. */
export type NewEvent = Omit<JournalEvent, 'seq'>;

export const ESCALATION_KINDS = ['approval', 'tool', 'compensation', 'low_confidence'] as const;
/** Where in the workflow a person is needed (a gate, a tool, compensation, the confidence gate). */
export type EscalationKind = (typeof ESCALATION_KINDS)[number];
export { ESCALATION_REASONS, type EscalationReasonKind } from '../escalation-reason.js';
export const DECISIONS = ['approve', 'reject'] as const;
export type Decision = (typeof DECISIONS)[number];
export type EscalationStatus = 'open' | 'approved' | 'rejected';

export interface EscalationRecord {
  id: string;
  workflowId: string;
  stepId: string | null;
  kind: EscalationKind;
  /** Why a person is needed; `reason` says it in words. */
  reasonKind: EscalationReasonKind;
  reason: string;
  details: Record<string, unknown> | null;
  status: EscalationStatus;
  createdAt: string;
  decidedAt: string | null;
  decidedBy: string | null;
  note: string | null;
}

export interface WorkflowFilter {
  status?: WorkflowStatus | readonly WorkflowStatus[];
  customerId?: string;
  limit?: number;
}

/** A change of a workflow's status, applied only if the workflow is in one of `from`. */
export interface Transition {
  /**
   * The executor making the change: it applies only while this owner holds the workflow's lease,
   * and rejects with LeaseLostError otherwise. Unset for changes no executor makes (decisions).
   */
  owner?: string;
  workflowId: string;
  from: readonly WorkflowStatus[];
  to: WorkflowStatus;
  cursor?: number;
  degraded?: boolean;
  outcome?: WorkflowOutcomeDetail | null;
  event: NewEvent;
  /** The agent's answer, when this change settles a workflow started from a conversation. */
  reply?: ConversationReply;
}

/** What one step's checkpoint writes, in one transaction. */
export interface Checkpoint {
  /**
   * The executor writing it: the checkpoint applies only while this owner holds the workflow's
   * lease, and rejects with LeaseLostError otherwise (fencing a taken-over executor out).
   */
  owner?: string;
  step: StepRecord;
  cursor: number;
  status?: WorkflowStatus;
  degraded?: boolean;
  outcome?: WorkflowOutcomeDetail;
  events: NewEvent[];
  /** The agent's answer, when this checkpoint settles a workflow started from a conversation. */
  reply?: ConversationReply;
}

export interface StoreStats {
  workflows: Record<string, number>;
  escalations: Record<string, number>;
  modelCalls: Record<string, number>;
  tokens: { prompt: number; completion: number; cached: number };
}

/** A request for a workflow's lease; see `Store.claim`. */
export interface LeaseClaim {
  workflowId: string;
  owner: string;
  now: string;
  expiresAt: string;
  /** Asked only about an owner whose lease has not expired: does it still run? */
  isAlive: (owner: string) => boolean;
}

/** A human's decision on an escalation, with the workflow's next status; see `Store.decideEscalation`. */
export interface DecisionWrite {
  id: string;
  decision: Decision;
  decidedBy: string;
  note: string | null;
  at: string;
  nextStatus: WorkflowStatus;
  /** Set on the workflow with the decision, e.g. why it now compensates. */
  outcome?: WorkflowOutcomeDetail;
}

import type { LlmCallRecord } from '../llm-call.js';
import type {
  EscalationRecord,
  EscalationStatus,
  JournalEvent,
  StepRecord,
  WorkflowRecord,
  WorkflowStatus,
} from './store.js';

/** A row as better-sqlite3 returns it. */
export type Row = Record<string, unknown>;

export const parseJson = <T>(text: unknown): T | null =>
  typeof text === 'string' ? (JSON.parse(text) as T) : null;

export function toWorkflow(row: Row): WorkflowRecord {
  return {
    id: row.id as string,
    customerId: row.customer_id as string,
    conversationId: (row.conversation_id as string | null) ?? null,
    intent: row.intent as string,
    status: row.status as WorkflowStatus,
    plan: parseJson(row.plan_json),
    cursor: row.cursor as number,
    degraded: row.degraded === 1,
    outcome: parseJson(row.outcome_json),
    createdAt: row.created_at as string,
    updatedAt: row.updated_at as string,
    leaseOwner: (row.lease_owner as string | null) ?? null,
    leaseExpiresAt: (row.lease_expires_at as string | null) ?? null,
  };
}

export function toJournalEvent(row: Row): JournalEvent {
  return {
    seq: row.seq as number,
    workflowId: row.workflow_id as string,
    at: row.at as string,
    type: row.type as string,
    stepId: (row.step_id as string | null) ?? null,
    data: parseJson<Record<string, unknown>>(row.data_json),
  };
}

export function toStep(row: Row): StepRecord {
  return {
    workflowId: row.workflow_id as string,
    index: row.step_index as number,
    stepId: row.step_id as string,
    tool: row.tool as string,
    status: row.status as StepRecord['status'],
    attempts: row.attempts as number,
    output: parseJson(row.output_json),
    error: parseJson(row.error_json),
    finishedAt: row.finished_at as string,
  };
}

export function toEscalation(row: Row): EscalationRecord {
  return {
    id: row.id as string,
    workflowId: row.workflow_id as string,
    stepId: (row.step_id as string | null) ?? null,
    kind: row.kind as EscalationRecord['kind'],
    reasonKind: row.reason_kind as EscalationRecord['reasonKind'],
    reason: row.reason as string,
    details: parseJson(row.details_json),
    status: row.status as EscalationStatus,
    createdAt: row.created_at as string,
    decidedAt: (row.decided_at as string | null) ?? null,
    decidedBy: (row.decided_by as string | null) ?? null,
    note: (row.note as string | null) ?? null,
  };
}

export function toLlmCall(r: Row): LlmCallRecord {
  return {
    id: r.id as string,
    conversationId: (r.conversation_id as string | null) ?? null,
    customerId: r.customer_id as string,
    model: r.model as string,
    status: r.status as LlmCallRecord['status'],
    httpStatus: (r.http_status as number | null) ?? null,
    finishReason: (r.finish_reason as string | null) ?? null,
    promptTokens: (r.prompt_tokens as number | null) ?? null,
    completionTokens: (r.completion_tokens as number | null) ?? null,
    cachedTokens: (r.cached_tokens as number | null) ?? null,
    latencyMs: r.latency_ms as number,
    requestId: (r.request_id as string | null) ?? null,
    error: (r.error as string | null) ?? null,
    createdAt: r.created_at as string,
  };
}

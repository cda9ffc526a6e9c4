import type { LlmCallRecord } from '../../src/llm-call.js';
import type { EscalationRecord, NewEvent, StepRecord, WorkflowRecord } from '../../src/store/store.js';

/** Records for the store contract: small, complete, overridable. */

export const T0 = '2026-03-01T09:00:00.000Z';
export const at = (seconds: number) => new Date(Date.parse(T0) + seconds * 1000).toISOString();

export function workflow(id: string, over: Partial<WorkflowRecord> = {}): WorkflowRecord {
  return {
    id,
    customerId: 'C-1',
    conversationId: null,
    intent: 'refund',
    status: 'running',
    plan: { intent: 'refund', steps: [{ id: 's1', tool: 'refund', args: { amount: 12.5 } }] },
    cursor: 0,
    degraded: false,
    outcome: null,
    createdAt: T0,
    updatedAt: T0,
    leaseOwner: null,
    leaseExpiresAt: null,
    ...over,
  };
}

export function event(workflowId: string, type: string, over: Partial<NewEvent> = {}): NewEvent {
  return { workflowId, at: T0, type, stepId: null, data: { n: 1 }, ...over };
}

export function step(workflowId: string, index: number, over: Partial<StepRecord> = {}): StepRecord {
  return {
    workflowId,
    index,
    stepId: `s${index + 1}`,
    tool: 'refund',
    status: 'completed',
    attempts: 1,
    output: { refundId: `R-${index}`, amount: 12.5 },
    error: null,
    finishedAt: at(index + 1),
    ...over,
  };
}

export function escalation(
  id: string,
  workflowId: string,
  over: Partial<EscalationRecord> = {},
): EscalationRecord {
  return {
    id,
    workflowId,
    stepId: 's1',
    kind: 'approval',
    reasonKind: 'approval_limit',
    reason: 'Refund over the limit',
    details: { amount: 900 },
    status: 'open',
    createdAt: at(5),
    decidedAt: null,
    decidedBy: null,
    note: null,
    ...over,
  };
}

export function llmCall(id: string, over: Partial<LlmCallRecord> = {}): LlmCallRecord {
  return {
    id,
    conversationId: 'conv-1',
    customerId: 'C-1',
    model: 'gpt-4o-mini',
    status: 'ok',
    httpStatus: 200,
    finishReason: 'stop',
    promptTokens: 100,
    completionTokens: 20,
    cachedTokens: 50,
    latencyMs: 300,
    requestId: 'req_1',
    error: null,
    createdAt: T0,
    ...over,
  };
}

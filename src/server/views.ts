import type { TurnOutcome } from '../agent/conversation.js';
import type { WorkflowResult } from '../agent/executor.js';

/** A workflow as API clients see it: status, outcome and the escalation it waits on. */
export function workflowView(result: WorkflowResult) {
  const { workflow, escalation } = result;
  return {
    id: workflow.id,
    status: workflow.status,
    intent: workflow.intent,
    degraded: workflow.degraded,
    outcome: workflow.outcome,
    steps: result.steps.map((s) => ({
      id: s.stepId,
      tool: s.tool,
      status: s.status,
      attempts: s.attempts,
      error: s.error,
    })),
    escalation: escalation
      ? {
          id: escalation.id,
          kind: escalation.kind,
          reasonKind: escalation.reasonKind,
          reason: escalation.reason,
        }
      : null,
  };
}

/** The answer to `POST /v1/conversations/:id/messages`. */
export function turnView(outcome: TurnOutcome) {
  return {
    reply: outcome.reply,
    status: outcome.status,
    workflow: outcome.workflow ? workflowView(outcome.workflow) : null,
  };
}

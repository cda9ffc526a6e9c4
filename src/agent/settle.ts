import type { ConversationReply, EscalationRecord, StepRecord, WorkflowRecord } from '../store/store.js';
import { conversationStatusOf } from '../store/store.js';
import type { WorkflowResult } from './executor.js';

/** Words the customer gets about a workflow that stopped (finished, waiting, asking). */
export type ReplyFor = (result: WorkflowResult) => string;

/**
 * The reply a settling write carries, built from the workflow as it will be once that write
 * commits; none for a workflow without a conversation or an executor told of no replies.
 */
export function settlingReply(
  replyFor: ReplyFor | undefined,
  after: {
    workflow: WorkflowRecord;
    steps: StepRecord[];
    context: Record<string, unknown>;
    escalation: EscalationRecord | null;
    at: string;
  },
): ConversationReply | undefined {
  const { workflow, at } = after;
  if (!replyFor || workflow.conversationId === null) return undefined;
  const settled = { ...workflow, updatedAt: at, leaseOwner: null };
  const text = replyFor({ ...after, workflow: settled });
  return { conversationId: workflow.conversationId, text, status: conversationStatusOf(workflow.status), at };
}

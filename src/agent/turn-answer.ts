import { MIN_STEP_WAIT_MS } from '../defaults.js';
import type { PlanResult } from '../planner/planner.js';
import { guardOutgoing } from '../planner/secret-request.js';
import type { TurnDeadline } from '../planner/turn-deadline.js';
import {
  type ConversationChange,
  type ConversationRecord,
  type ConversationStatus,
  conversationStatusOf,
  RESUMABLE_STATUSES,
} from '../store/store.js';
import type { WorkflowResult } from './executor.js';
import type { PendingAction } from './pending-action.js';
import type { TurnDeps, TurnInput, TurnOutcome } from './turn.js';
import { IN_PROGRESS_REPLY, settleWithin } from './turn-wait.js';

/**
 * Runs the plan and answers with its outcome, or, when the steps outlast the turn (at least
 * MIN_STEP_WAIT_MS even if planning used the turn up), answers "in progress"; the outcome reaches
 * the conversation with the change that settles the workflow.
 */
export async function run(
  deps: TurnDeps,
  conversation: ConversationRecord,
  planned: PlanResult,
  deadline: TurnDeadline,
  onPlan: TurnInput['onPlan'],
): Promise<TurnOutcome> {
  const { id, customerId } = conversation;
  onPlan?.(planned);
  const running = deps.agent.execute(planned, { customerId, conversationId: id });
  const wait = Math.max(deadline.remainingMs(), MIN_STEP_WAIT_MS);
  const turn = await settleWithin(running, wait, deps.runtime.sleep);
  const unsettled = (result: WorkflowResult) => RESUMABLE_STATUSES.includes(result.workflow.status);
  if (turn.done) {
    const { reply, result } = turn.value;
    const status = conversationStatusOf(result.workflow.status);
    // A settled workflow's reply was written with its last change (see ExecutorOptions.replyFor).
    if (!unsettled(result)) return { reply, status, workflow: result, planned };
    return answer(deps, id, reply, status, result, planned);
  }
  running
    .then((late) => (unsettled(late.result) ? deps.postOutcome(late.result) : null))
    .catch(deps.onLateError);
  return answer(deps, id, IN_PROGRESS_REPLY, 'open', null, planned);
}

/**
 * The agent's message and the conversation's new state, in one transaction. A confirmation
 * question keeps the pending action it asks about; any other answer drops it.
 */
export async function answer(
  deps: TurnDeps,
  id: string,
  reply: string,
  status: ConversationStatus,
  workflow: WorkflowResult | null,
  planned: PlanResult | null,
  pending: PendingAction | null = null,
): Promise<TurnOutcome> {
  const at = now(deps);
  const change: ConversationChange = {
    status,
    updatedAt: at,
    pendingPlan: status === 'awaiting_confirmation' ? pending : null,
    ...(workflow ? { lastWorkflowId: workflow.workflow.id } : {}),
  };
  // The last line: no message keel sends asks for payment data or credentials.
  const text = guardOutgoing(reply);
  const message = { role: 'agent' as const, text, workflowId: workflow?.workflow.id ?? null };
  await deps.store.appendMessage({ conversationId: id, ...message, createdAt: at }, change);
  return { reply: text, status, workflow, planned };
}

export function now(deps: TurnDeps): string {
  return deps.runtime.clock.now().toISOString();
}

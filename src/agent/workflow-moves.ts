import type { ConversationReply, WorkflowRecord, WorkflowStatus } from '../store/store.js';
import { settlingReply } from './settle.js';
import type { StepDeps } from './step-runner.js';
import type { WorkflowState } from './workflow-state.js';

/** Moves a workflow to `to`, journaled as `type`; a settling move carries the customer's reply. */
export async function moveWorkflow(
  deps: Pick<StepDeps, 'store' | 'runtime' | 'emit' | 'owner'>,
  record: WorkflowRecord,
  to: WorkflowStatus,
  type: string,
  reply?: ConversationReply,
): Promise<void> {
  const event = {
    workflowId: record.id,
    at: deps.runtime.clock.now().toISOString(),
    type,
    stepId: null,
    data: { from: record.status },
  };
  await deps.store.transition({
    // Fenced by the lease, as checkpoints are: LeaseLostError if another executor took it over.
    ...(deps.owner ? { owner: deps.owner } : {}),
    workflowId: record.id,
    from: [record.status],
    to,
    event,
    ...(reply ? { reply } : {}),
  });
  deps.emit(event);
}

/** Ends a compensation; the final status carries the customer's reply. */
export async function finishCompensation(
  deps: StepDeps,
  state: WorkflowState,
  to: WorkflowStatus,
): Promise<void> {
  const at = deps.runtime.clock.now().toISOString();
  // Compensation rewrote the step rows; the reply tells what they say now.
  const steps = await deps.store.steps(state.record.id);
  const workflow = { ...state.record, status: to };
  const reply = settlingReply(deps.replyFor, {
    workflow,
    steps,
    context: state.context,
    escalation: null,
    at,
  });
  await moveWorkflow(deps, state.record, to, `workflow.${to}`, reply);
}

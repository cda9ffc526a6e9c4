import type { Ids } from '../runtime.js';
import type { StepRecord, WorkflowStatus } from '../store/store.js';
import type { ToolRegistry } from '../tools/registry.js';
import { raiseEscalation } from './escalations.js';
import { runStep, type StepDeps } from './step-runner.js';
import { compensationEscalation, type WorkflowState } from './workflow-state.js';

export type CompensationResult =
  | { kind: 'finished'; status: WorkflowStatus }
  | { kind: 'waiting' }
  | { kind: 'drained' };

/**
 * Undoes the completed write steps in reverse order through their compensations, each retried
 * and checkpointed. A compensation that fails for good is never dropped: it opens an escalation
 * and the workflow waits. A human's approve retries it; reject leaves it to staff and moves on.
 */
export async function compensate(
  deps: StepDeps & { ids: Ids },
  registry: ToolRegistry,
  state: WorkflowState,
): Promise<CompensationResult> {
  const { record } = state;
  let leftToStaff = 0;
  let undone = 0;
  for (const step of [...state.steps].reverse()) {
    const tool = registry.get(step.tool);
    if (!tool?.compensate || !needsUndo(state, step)) {
      if (step.status === 'compensation_failed') leftToStaff++;
      if (step.status === 'compensated') undone++;
      continue;
    }
    if (deps.draining() || !(await (deps.keepLease?.(state.record.id) ?? true))) return { kind: 'drained' };
    const undo = registry.require(tool.compensate);
    const planned = state.plan.steps[step.index];
    const input = undo.input.safeParse({ ...planned?.args, ...step.output });
    const outcome = input.success
      ? await runStep(deps, {
          workflowId: record.id,
          customerId: record.customerId,
          stepId: step.stepId,
          idempotencyKey: `${record.id}:${step.stepId}:undo`,
          tool: undo,
          input: input.data,
          context: state.context,
          approval: null,
          phase: 'compensation',
        })
      : null;
    if (outcome && !outcome.ok && deps.draining()) return { kind: 'drained' };
    const at = deps.runtime.clock.now().toISOString();
    if (outcome?.ok) {
      const event = {
        workflowId: record.id,
        at,
        type: 'compensation.completed',
        stepId: step.stepId,
        data: { tool: undo.name, attempts: outcome.attempts },
      };
      await deps.store.checkpointStep({
        step: { ...step, status: 'compensated', finishedAt: at },
        cursor: record.cursor,
        events: [event],
      });
      deps.emit(event);
      undone++;
      continue;
    }
    const message = outcome
      ? outcome.error.message
      : `cannot build the input of "${undo.name}": ${input.error?.message}`;
    const code = outcome ? outcome.error.code : 'COMPENSATION_INPUT_INVALID';
    const failed = {
      workflowId: record.id,
      at,
      type: 'compensation.failed',
      stepId: step.stepId,
      data: { tool: undo.name, code, message },
    };
    await deps.store.checkpointStep({
      step: { ...step, status: 'compensation_failed', error: { code, message }, finishedAt: at },
      cursor: record.cursor,
      events: [...(outcome && !outcome.ok ? outcome.events : []), failed],
    });
    deps.emit(failed);
    await raiseEscalation(
      deps,
      {
        workflowId: record.id,
        stepId: step.stepId,
        kind: 'compensation',
        reason: `Could not undo "${step.tool}" (${undo.name} failed: ${message}). Approve to retry the undo, reject to handle it by hand.`,
        details: { tool: step.tool, compensation: undo.name, code },
      },
      { workflow: record, steps: state.steps, context: state.context },
    );
    return { kind: 'waiting' };
  }
  if (state.record.outcome?.reason === 'rejected') return { kind: 'finished', status: 'rejected' };
  return { kind: 'finished', status: leftToStaff === 0 && undone > 0 ? 'compensated' : 'failed' };
}

/** A completed write is undone; a failed undo is retried only once a human approved that. */
function needsUndo(state: WorkflowState, step: StepRecord): boolean {
  if (step.status === 'completed') return true;
  if (step.status !== 'compensation_failed') return false;
  return compensationEscalation(state, step.stepId)?.status === 'approved';
}

import type { Ids } from '../runtime.js';
import type { StepRecord, WorkflowStatus } from '../store/store.js';
import type { ToolRegistry } from '../tools/registry.js';
import type { Tool } from '../tools/tool.js';
import { raiseEscalation } from './escalations.js';
import { runStep, type StepDeps, type StepOutcome } from './step-runner.js';
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
  let leftToStaff = 0;
  let undone = 0;
  for (const step of [...state.steps].reverse()) {
    const tool = registry.get(step.tool);
    if (!tool?.compensate || !needsUndo(state, step)) {
      if (step.status === 'compensation_failed') leftToStaff++;
      if (step.status === 'compensated') undone++;
      continue;
    }
    if (deps.draining()) return { kind: 'drained' };
    const undo = registry.require(tool.compensate);
    const outcome = await undoStep(deps, state, step, undo);
    if (!outcome.ok && outcome.outcome && deps.draining()) return { kind: 'drained' };
    if (!outcome.ok) return failUndo(deps, state, step, undo, outcome);
    recordUndone(deps, state, step, undo, outcome.attempts);
    undone++;
  }
  if (state.record.outcome?.reason === 'rejected') return { kind: 'finished', status: 'rejected' };
  return { kind: 'finished', status: leftToStaff === 0 && undone > 0 ? 'compensated' : 'failed' };
}

type UndoOutcome =
  | { ok: true; attempts: number }
  | { ok: false; code: string; message: string; outcome: StepOutcome | null };

/** Runs a step's compensation with the step's args and output as its input. */
async function undoStep(
  deps: StepDeps,
  state: WorkflowState,
  step: StepRecord,
  undo: Tool,
): Promise<UndoOutcome> {
  const { record } = state;
  const input = undo.input.safeParse({ ...state.plan.steps[step.index]?.args, ...step.output });
  if (!input.success) {
    const message = `cannot build the input of "${undo.name}": ${input.error.message}`;
    return { ok: false, code: 'COMPENSATION_INPUT_INVALID', message, outcome: null };
  }
  const outcome = await runStep(deps, {
    workflowId: record.id,
    customerId: record.customerId,
    stepId: step.stepId,
    idempotencyKey: `${record.id}:${step.stepId}:undo`,
    tool: undo,
    input: input.data,
    context: state.context,
    approval: null,
    phase: 'compensation',
  });
  if (outcome.ok) return { ok: true, attempts: outcome.attempts };
  return { ok: false, code: outcome.error.code, message: outcome.error.message, outcome };
}

function recordUndone(deps: StepDeps, state: WorkflowState, step: StepRecord, undo: Tool, attempts: number) {
  const at = deps.runtime.clock.now().toISOString();
  const event = {
    workflowId: state.record.id,
    at,
    type: 'compensation.completed',
    stepId: step.stepId,
    data: { tool: undo.name, attempts },
  };
  deps.store.checkpointStep({
    step: { ...step, status: 'compensated', finishedAt: at },
    cursor: state.record.cursor,
    events: [event],
  });
  deps.emit(event);
}

/** An undo that failed for good is checkpointed and handed to a person; the workflow waits. */
function failUndo(
  deps: StepDeps & { ids: Ids },
  state: WorkflowState,
  step: StepRecord,
  undo: Tool,
  failure: Extract<UndoOutcome, { ok: false }>,
): CompensationResult {
  const { record } = state;
  const { code, message, outcome } = failure;
  const at = deps.runtime.clock.now().toISOString();
  const failed = {
    workflowId: record.id,
    at,
    type: 'compensation.failed',
    stepId: step.stepId,
    data: { tool: undo.name, code, message },
  };
  deps.store.checkpointStep({
    step: { ...step, status: 'compensation_failed', error: { code, message }, finishedAt: at },
    cursor: record.cursor,
    events: [...(outcome && !outcome.ok ? outcome.events : []), failed],
  });
  deps.emit(failed);
  raiseEscalation(deps, {
    workflowId: record.id,
    stepId: step.stepId,
    kind: 'compensation',
    reason: `Could not undo "${step.tool}" (${undo.name} failed: ${message}). Approve to retry the undo, reject to handle it by hand.`,
    details: { tool: step.tool, compensation: undo.name, code },
  });
  return { kind: 'waiting' };
}

/** A completed write is undone; a failed undo is retried only once a human approved that. */
function needsUndo(state: WorkflowState, step: StepRecord): boolean {
  if (step.status === 'completed') return true;
  if (step.status !== 'compensation_failed') return false;
  return compensationEscalation(state, step.stepId)?.status === 'approved';
}

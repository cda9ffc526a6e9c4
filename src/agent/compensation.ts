import type { Ids } from '../runtime.js';
import type { NewEvent, StepRecord, WorkflowStatus } from '../store/store.js';
import type { ToolRegistry } from '../tools/registry.js';
import type { Tool } from '../tools/tool.js';
import { raiseEscalation } from './escalations.js';
import { recallTool } from './lost-effect.js';
import { runStep, type StepDeps, stoppedShort } from './step-runner.js';
import { compensationEscalation, type WorkflowState } from './workflow-state.js';

/** Codes of a write the system refused outright: it took no effect, so nothing is looked up. */
const REFUSED: ReadonlySet<string> = new Set(['TOOL_PERMANENT', 'MONEY_OVER_BOUND']);

export type CompensationResult =
  | { kind: 'finished'; status: WorkflowStatus }
  | { kind: 'waiting' }
  | { kind: 'drained' };

/**
 * Undoes the completed write steps in reverse order through their compensations, each retried
 * and checkpointed; a write that failed for good is undone too when its recall finds that it took
 * effect (a lost answer), and skipped when it finds nothing. A compensation that fails for good is
 * never dropped: it opens an escalation and the workflow waits. A human's approve retries it;
 * reject leaves it to staff and moves on.
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
    if (!tool?.compensate || !needsUndo(state, step, tool)) {
      if (step.status === 'compensation_failed') leftToStaff++;
      if (step.status === 'compensated') undone++;
      continue;
    }
    if (deps.draining()) return { kind: 'drained' };
    const kept = deps.keepLease?.(state.record.id) ?? true;
    if (kept !== true && !(await kept)) return { kind: 'drained' };
    const undo = registry.require(tool.compensate);
    const effect = await effectOf(deps, state, step, tool, undo);
    if (effect.kind === 'none') continue;
    if (effect.kind !== 'output') return effect;
    const result = await undoStep(deps, state, step, undo, effect.output);
    if (result) return result;
    undone++;
  }
  if (state.record.outcome?.reason === 'rejected') return { kind: 'finished', status: 'rejected' };
  return { kind: 'finished', status: leftToStaff === 0 && undone > 0 ? 'compensated' : 'failed' };
}

type Effect =
  | { kind: 'output'; output: Record<string, unknown> }
  | { kind: 'none' }
  | { kind: 'waiting' }
  | { kind: 'drained' };

/** Who calls a compensation or a recall: the step's own workflow, customer and context. */
function callOf(state: WorkflowState, step: StepRecord) {
  const { record } = state;
  return {
    workflowId: record.id,
    customerId: record.customerId,
    stepId: step.stepId,
    context: state.context,
    approval: null,
    phase: 'compensation' as const,
  };
}

/**
 * What a step did: its output, or for a step that failed for good (its last attempt may have
 * taken effect) what a recall by its idempotency key finds.
 */
async function effectOf(
  deps: StepDeps & { ids: Ids },
  state: WorkflowState,
  step: StepRecord,
  tool: Tool,
  undo: Tool,
): Promise<Effect> {
  if (step.output !== null) return { kind: 'output', output: step.output };
  if (!tool.recall) {
    const message = `"${step.tool}" failed and may have taken effect; it cannot look that up, so check it by hand`;
    await giveUp(deps, state, step, undo.name, 'EFFECT_UNKNOWN', message, []);
    return { kind: 'waiting' };
  }
  const recalled = await runStep(deps, {
    ...callOf(state, step),
    idempotencyKey: `${state.record.id}:${step.stepId}`,
    tool: recallTool(tool),
    input: {},
  });
  if (stoppedShort(deps, recalled)) return { kind: 'drained' };
  if (!recalled.ok) {
    await giveUp(deps, state, step, undo.name, recalled.error.code, recalled.error.message, recalled.events);
    return { kind: 'waiting' };
  }
  const output = recalled.output.recalled as Record<string, unknown> | null;
  if (output !== null) return { kind: 'output', output };
  await journal(deps, state.record.id, step.stepId, 'compensation.skipped', {
    tool: undo.name,
    reason: `"${step.tool}" took no effect`,
  });
  return { kind: 'none' };
}

/** Runs a step's compensation over its args and effect; `null` when it is undone and checkpointed. */
async function undoStep(
  deps: StepDeps & { ids: Ids },
  state: WorkflowState,
  step: StepRecord,
  undo: Tool,
  output: Record<string, unknown>,
): Promise<CompensationResult | null> {
  const { record } = state;
  const input = undo.input.safeParse({ ...state.plan.steps[step.index]?.args, ...output });
  const outcome = input.success
    ? await runStep(deps, {
        ...callOf(state, step),
        idempotencyKey: `${record.id}:${step.stepId}:undo`,
        tool: undo,
        input: input.data,
      })
    : null;
  if (outcome && stoppedShort(deps, outcome)) return { kind: 'drained' };
  if (outcome?.ok) {
    const at = deps.runtime.clock.now().toISOString();
    const event = {
      workflowId: record.id,
      at,
      type: 'compensation.completed',
      stepId: step.stepId,
      data: { tool: undo.name, attempts: outcome.attempts },
    };
    await deps.store.checkpointStep({
      ...(deps.owner ? { owner: deps.owner } : {}),
      step: { ...step, output, status: 'compensated', finishedAt: at },
      cursor: record.cursor,
      events: [event],
    });
    deps.emit(event);
    return null;
  }
  const message = outcome
    ? outcome.error.message
    : `cannot build the input of "${undo.name}": ${input.error?.message}`;
  const code = outcome ? outcome.error.code : 'COMPENSATION_INPUT_INVALID';
  await giveUp(deps, state, step, undo.name, code, message, outcome && !outcome.ok ? outcome.events : []);
  return { kind: 'waiting' };
}

/**
 * A completed write is undone, and so is a write that failed for good (what it did is looked up
 * first); a failed undo is retried only once a human approved that, and one that could not even
 * be looked up is left to staff.
 */
function needsUndo(state: WorkflowState, step: StepRecord, tool: Tool): boolean {
  if (step.status === 'completed') return true;
  // A permanent failure is the system's own refusal (the write did not happen); any other final
  // failure (retries or timeouts used up) may have lost the answer to a write that did.
  if (step.status === 'failed') return tool.effect === 'write' && !REFUSED.has(step.error?.code ?? '');
  if (step.status !== 'compensation_failed') return false;
  if (step.output === null && !tool.recall) return false;
  return compensationEscalation(state, step.stepId)?.status === 'approved';
}

/** The undo cannot go on: the step is marked, and a person is asked to retry it or take it over. */
async function giveUp(
  deps: StepDeps & { ids: Ids },
  state: WorkflowState,
  step: StepRecord,
  undoName: string,
  code: string,
  message: string,
  events: NewEvent[],
): Promise<void> {
  const { record } = state;
  const at = deps.runtime.clock.now().toISOString();
  const failed = {
    workflowId: record.id,
    at,
    type: 'compensation.failed',
    stepId: step.stepId,
    data: { tool: undoName, code, message },
  };
  await deps.store.checkpointStep({
    ...(deps.owner ? { owner: deps.owner } : {}),
    step: { ...step, status: 'compensation_failed', error: { code, message }, finishedAt: at },
    cursor: record.cursor,
    events: [...events, failed],
  });
  deps.emit(failed);
  await raiseEscalation(
    deps,
    {
      workflowId: record.id,
      stepId: step.stepId,
      kind: 'compensation',
      reason: `Could not undo "${step.tool}" (${undoName} failed: ${message}). Approve to retry the undo, reject to handle it by hand.`,
      details: { tool: step.tool, compensation: undoName, code },
    },
    { workflow: record, steps: state.steps, context: state.context },
  );
}

async function journal(
  deps: StepDeps,
  workflowId: string,
  stepId: string,
  type: string,
  data: Record<string, unknown>,
): Promise<void> {
  const event = { workflowId, at: deps.runtime.clock.now().toISOString(), type, stepId, data };
  await deps.store.appendEvents([event]);
  deps.emit(event);
}

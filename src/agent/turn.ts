import { MIN_STEP_WAIT_MS } from '../defaults.js';
import { readConsent } from '../planner/consent/consent.js';
import type { PlanResult } from '../planner/planner.js';
import { guardOutgoing } from '../planner/secret-request.js';
import type { TurnDeadline } from '../planner/turn-deadline.js';
import type { Runtime } from '../runtime.js';
import {
  type ConversationChange,
  type ConversationRecord,
  type ConversationStatus,
  conversationStatusOf,
  RESUMABLE_STATUSES,
  type Store,
} from '../store/store.js';
import type { Agent } from './agent.js';
import type { Domain } from './domain.js';
import type { WorkflowResult } from './executor.js';
import { gateWrite, restatePending } from './preview.js';
import { IN_PROGRESS_REPLY, settleWithin } from './turn-wait.js';
import { type WorkflowLookup, waitingStatus, waitingWorkflows } from './waiting.js';

/** What one customer message led to. */
export interface TurnOutcome {
  reply: string;
  status: ConversationStatus;
  workflow: WorkflowResult | null;
  planned: PlanResult | null;
}

/** What a turn works with; built once by `Conversations`. */
export interface TurnDeps {
  agent: Agent;
  store: Store;
  domain: Domain;
  runtime: Runtime;
  workflows: WorkflowLookup;
  confirmWrites: boolean;
  /** Posts the outcome of a workflow that outlasted its turn without settling (a drain). */
  postOutcome: (result: WorkflowResult) => Promise<unknown>;
  onLateError: (error: unknown) => void;
}

/** One customer message in a conversation, as the turn receives it. */
export interface TurnInput {
  conversation: ConversationRecord;
  text: string;
  deadline: TurnDeadline;
  onPlan?: ((planned: PlanResult) => void) | undefined;
}

const NOTHING_CHANGED = 'All right, I have not changed anything. Is there anything else I can help with?';

/**
 * The turn pipeline, one pass: the conversation's state (a pending action, the history, workflows
 * waiting for a person) → the planner, with the customer's facts fetched once → validation, inside
 * the executor's start → the gate (confidence, confirmation, approval; see gate.ts) → execution →
 * the reply, written with the workflow change that settles it.
 */
export async function runTurn(deps: TurnDeps, input: TurnInput): Promise<TurnOutcome> {
  const { conversation, text, deadline, onPlan } = input;
  const { id, customerId } = conversation;
  await deps.store.appendMessage({
    conversationId: id,
    role: 'customer',
    text,
    workflowId: null,
    createdAt: now(deps),
  });
  const pending =
    conversation.status === 'awaiting_confirmation' ? (conversation.pendingPlan as PlanResult | null) : null;
  // Only a plain, unconditional yes runs the pending write; a no drops it; a hedge keeps it and asks
  // again; anything else (a correction, a question, another request) is planned afresh and never
  // runs it.
  const consent = pending ? readConsent(text).kind : null;
  if (pending && consent === 'no') return answer(deps, id, NOTHING_CHANGED, 'open', null, null);
  if (pending && consent === 'yes') return run(deps, conversation, pending, deadline, onPlan);
  if (pending && consent === 'hedge') {
    const about = { facts: await deps.domain.facts(customerId), customerId, conversationId: id };
    const summary = await restatePending(previewDeps(deps), pending, about);
    if (summary) {
      const again = `No problem, nothing has changed. I can still do this: ${summary}. Shall I go ahead?`;
      return answer(deps, id, again, 'awaiting_confirmation', null, pending);
    }
  }
  const waiting = await waitingWorkflows(deps.workflows, customerId, id);
  const history = await historyOf(deps.store, id, waiting);
  // The customer's facts, fetched once: the planner sees them and the confirmation states them.
  const facts = await deps.domain.facts(customerId);
  const planned = await deps.agent.plan({
    customerId,
    conversationId: id,
    messages: history,
    deadline,
    facts,
  });
  const status = waitingStatus(text, planned, waiting);
  if (status) return answer(deps, id, status, 'waiting_for_human', null, null);
  const lastAgent = history.slice(0, -1).at(-1);
  const gated = await gateWrite(previewDeps(deps), {
    planned,
    facts,
    customerId,
    conversationId: id,
    text,
    lastAgentText: lastAgent?.role === 'agent' ? lastAgent.text : undefined,
  });
  if (gated.kind === 'run') return run(deps, conversation, gated.planned, deadline, onPlan);
  if (gated.kind === 'refuse') return answer(deps, id, gated.reply, 'open', null, null);
  onPlan?.(gated.planned);
  return answer(deps, id, gated.reply, 'awaiting_confirmation', null, gated.planned);
}

function previewDeps(deps: TurnDeps) {
  const { domain, runtime, confirmWrites } = deps;
  return { domain, runtime, confirmWrites, threshold: deps.agent.threshold };
}

/**
 * Runs the plan and answers with its outcome, or, when the steps outlast the turn (at least
 * MIN_STEP_WAIT_MS even if planning used the turn up), answers "in progress"; the outcome reaches
 * the conversation with the change that settles the workflow.
 */
async function run(
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

/** The conversation so far, or only what came after the reply of a workflow that still waits. */
async function historyOf(
  store: Store,
  id: string,
  waiting: WorkflowResult[],
): Promise<{ role: 'customer' | 'agent'; text: string }[]> {
  const messages = await store.messages(id);
  const ids = new Set(waiting.map((w) => w.workflow.id));
  const from = messages.findLastIndex((m) => m.workflowId !== null && ids.has(m.workflowId)) + 1;
  // What a person wrote during a takeover is the support side speaking, as the agent does.
  return messages
    .slice(from)
    .map((m) => ({ role: m.role === 'customer' ? 'customer' : 'agent', text: m.text }));
}

/** The agent's message and the conversation's new state, in one transaction. */
async function answer(
  deps: TurnDeps,
  id: string,
  reply: string,
  status: ConversationStatus,
  workflow: WorkflowResult | null,
  planned: PlanResult | null,
): Promise<TurnOutcome> {
  const at = now(deps);
  const change: ConversationChange = {
    status,
    updatedAt: at,
    // A confirmation question keeps the plan it asks about; any other answer drops it.
    pendingPlan: status === 'awaiting_confirmation' ? planned : null,
    ...(workflow ? { lastWorkflowId: workflow.workflow.id } : {}),
  };
  // The last line: no message keel sends asks for payment data or credentials.
  const text = guardOutgoing(reply);
  const message = { role: 'agent' as const, text, workflowId: workflow?.workflow.id ?? null };
  await deps.store.appendMessage({ conversationId: id, ...message, createdAt: at }, change);
  return { reply: text, status, workflow, planned };
}

function now(deps: TurnDeps): string {
  return deps.runtime.clock.now().toISOString();
}

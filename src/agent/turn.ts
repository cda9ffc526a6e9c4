import type { PlanResult } from '../planner/planner.js';
import type { TurnDeadline } from '../planner/turn-deadline.js';
import type { Runtime } from '../runtime.js';
import type { ConversationRecord, ConversationStatus, Store } from '../store/store.js';
import type { Agent } from './agent.js';
import type { Domain } from './domain.js';
import type { WorkflowResult } from './executor.js';
import { newPendingAction, readPendingAction } from './pending-action.js';
import { answerPending, answerThenOffer, offersAgain, pendingRequest } from './pending-turn.js';
import { gateWrite, previewDepsOf } from './preview.js';
import { focusOn, splitMessage } from './request-queue.js';
import { ONE_AT_A_TIME, queueExpiry, queueOf, type RequestContext, takeUpNext } from './request-turn.js';
import { answer, now, run } from './turn-answer.js';
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
  /** How long a pending action waits for the customer's yes. */
  pendingActionTtlMs: number;
  /** Posts the outcome of a workflow that outlasted its turn without settling (a drain). */
  postOutcome: (result: WorkflowResult) => Promise<unknown>;
  onLateError: (error: unknown) => void;
}

/** One customer message in a conversation, as the turn receives it. */
export interface TurnInput {
  conversation: ConversationRecord;
  text: string;
  deadline: TurnDeadline;
  onPlan?: OnPlan | undefined;
}

/**
 * Told the plan a turn runs (or asks about), before anything runs; for a plan that writes, also
 * what it will do in the domain's words (`keel chat` shows it to the support agent).
 */
export type OnPlan = (planned: PlanResult, about?: string | null) => void;

/**
 * The turn pipeline, one pass: the conversation's state (a pending action, the history, workflows
 * waiting for a person) → the answer to a pending action (see pending-turn.ts) → the planner, with
 * the customer's facts fetched once → validation, inside the executor's start → the gate
 * (confidence, confirmation, approval; see gate.ts) → execution → the reply, written with the
 * workflow change that settles it. A message with several requests is split by the domain and
 * its requests are handled one after another (see request-turn.ts).
 */
export async function runTurn(deps: TurnDeps, input: TurnInput): Promise<TurnOutcome> {
  const { conversation, text } = input;
  const { id, customerId } = conversation;
  await deps.store.appendMessage({
    conversationId: id,
    role: 'customer',
    text,
    workflowId: null,
    createdAt: now(deps),
  });
  const stored =
    conversation.status === 'awaiting_confirmation' ? readPendingAction(conversation.pendingPlan) : null;
  const queued = queueOf(deps, conversation, stored);
  const verdict = stored ? await answerPending(deps, input, stored) : null;
  if (verdict?.kind === 'answered') return takeUpNext(deps, input, verdict.outcome, queued, planRequest);
  // The customer's facts, fetched once: the planner sees them and the confirmation states them.
  const facts = await deps.domain.facts(customerId);
  // An answer to a pending action is about it, so only a fresh message is split into requests.
  const queue =
    queued ?? (stored ? null : splitMessage(deps.domain, text, { facts, customerId }, queueExpiry(deps)));
  const outcome = await planRequest(deps, input, {
    facts,
    pending: verdict?.action ?? null,
    consent: verdict?.consent,
    answersPending: stored !== null,
    queue,
    takingUp: false,
  });
  return takeUpNext(deps, input, outcome, queue, planRequest);
}

/**
 * Plans one request and answers it: the message (or, while a queue is worked through, its current
 * request), planned with the pending action in view → the waiting-for-a-person check → a read-only
 * answer that offers the pending action again → the write gate → run, refuse or ask.
 */
async function planRequest(deps: TurnDeps, input: TurnInput, ctx: RequestContext): Promise<TurnOutcome> {
  const { conversation, deadline, onPlan } = input;
  const { id, customerId } = conversation;
  const { facts, pending, queue } = ctx;
  const text = ctx.takingUp && queue ? queue.current : input.text;
  const waiting = await waitingWorkflows(deps.workflows, customerId, id);
  const history = focusOn(await historyOf(deps.store, id, waiting), queue, ctx.takingUp);
  const planned = await deps.agent.plan({
    customerId,
    conversationId: id,
    messages: history,
    deadline,
    facts,
    ...(pending ? { pending: pendingRequest(pending) } : {}),
    ...(queue ? { split: { message: queue.message } } : {}),
  });
  const status = waitingStatus(text, planned, waiting);
  if (status) return answer(deps, id, status, 'waiting_for_human', null, null);
  if (pending && ctx.consent && offersAgain(deps, ctx.consent, planned))
    return answerThenOffer(deps, input, planned, pending);
  const lastAgent = history.slice(0, -1).at(-1);
  const gated = await gateWrite(previewDepsOf(deps), {
    planned,
    facts,
    customerId,
    conversationId: id,
    text,
    // An answer to a pending action, or a request taken up after another, is never a yes to a
    // planner's question (a new plan is asked).
    lastAgentText:
      lastAgent?.role === 'agent' && !ctx.answersPending && !ctx.takingUp ? lastAgent.text : undefined,
  });
  if (gated.kind === 'run')
    return run(deps, conversation, gated.planned, deadline, onPlan && ((p) => onPlan(p, gated.about)));
  if (gated.kind === 'refuse') return answer(deps, id, gated.reply, 'open', null, null);
  onPlan?.(gated.planned);
  const ttl = deps.pendingActionTtlMs;
  const action = newPendingAction(deps.runtime, gated.planned, gated.confirmation, ttl, planned.plan, queue);
  const first = queue && !ctx.takingUp && queue.message === input.text;
  const reply = first ? `${ONE_AT_A_TIME} ${gated.reply}` : gated.reply;
  return answer(deps, id, reply, 'awaiting_confirmation', null, gated.planned, action);
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

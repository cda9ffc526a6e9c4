import type { ConsentKind } from '../planner/consent/consent.js';
import type { ConversationRecord } from '../store/store.js';
import type { PendingAction, StoredPending } from './pending-action.js';
import { liveQueue, nextOf, type RequestQueue, readQueuedRequests } from './request-queue.js';
import type { TurnDeps, TurnInput, TurnOutcome } from './turn.js';
import { answer, now } from './turn-answer.js';

/**
 * The requests of one message, one after another: once the request handled now has settled (done,
 * declined, refused, still running), the next is planned in the same turn and its answer follows
 * in the same reply; a write stops there with its own confirmation, and the rest waits on it.
 */

/** What planning one request of a turn works from. */
export interface RequestContext {
  facts: unknown;
  /** The live pending action this message answers, when the planner should see it. */
  pending: PendingAction | null;
  /** How the customer's answer to it read. */
  consent: ConsentKind | undefined;
  /** The message answered a pending action (so it is no yes to a planner's question). */
  answersPending: boolean;
  queue: RequestQueue | null;
  /** The queue's current request is taken up now, after the one before it settled. */
  takingUp: boolean;
}

/** Plans and answers one request (turn.ts's `planRequest`, passed in to keep the modules acyclic). */
export type PlanOne = (deps: TurnDeps, input: TurnInput, ctx: RequestContext) => Promise<TurnOutcome>;

/** Said before the first confirmation of a message that held several requests. */
export const ONE_AT_A_TIME = 'You asked for several things, so I will take them one at a time.';
const WITH_PERSON =
  'I have not started on the rest of your message; once this is settled, please ask me again about it.';
const OUT_OF_TIME = (left: string[]) =>
  `I did not get to the rest of your message in time, so I have not started on it: ${left.map((r) => `"${r}"`).join(', ')}. Please send it again.`;

/** The requests still queued from an earlier message, if they have not gone stale. */
export function queueOf(
  deps: TurnDeps,
  conversation: ConversationRecord,
  stored: StoredPending | null,
): RequestQueue | null {
  const at = deps.runtime.clock.now();
  if (stored?.kind === 'action') return liveQueue(stored.action.requests, at);
  return conversation.status === 'awaiting_customer'
    ? readQueuedRequests(conversation.pendingPlan, at)
    : null;
}

/** When a queue made or moved on now goes stale: as long as a pending action waits. */
export function queueExpiry(deps: TurnDeps): string {
  return new Date(deps.runtime.clock.now().getTime() + deps.pendingActionTtlMs).toISOString();
}

/**
 * After one request's answer: a confirmation keeps the queue on its pending action; a question
 * keeps it beside the question; a person taking over leaves the rest to a later message; anything
 * settled takes up the next request, in this turn while its deadline lasts.
 */
export async function takeUpNext(
  deps: TurnDeps,
  input: TurnInput,
  outcome: TurnOutcome,
  queue: RequestQueue | null,
  planOne: PlanOne,
): Promise<TurnOutcome> {
  if (!queue || outcome.status === 'awaiting_confirmation') return outcome;
  const id = input.conversation.id;
  if (outcome.status === 'awaiting_customer') {
    await deps.store.updateConversation(id, { pendingPlan: { requests: queue }, updatedAt: now(deps) });
    return outcome;
  }
  const next = nextOf(queue, queueExpiry(deps));
  if (!next) return outcome;
  if (outcome.status === 'waiting_for_human')
    return joined(outcome, await answer(deps, id, WITH_PERSON, 'waiting_for_human', null, null));
  if (input.deadline.expired)
    return joined(
      outcome,
      await answer(deps, id, OUT_OF_TIME([next.current, ...next.later]), 'open', null, null),
    );
  // Fetched again: the request before may have changed them (an order cancelled).
  const facts = await deps.domain.facts(input.conversation.customerId);
  const ctx = {
    facts,
    pending: null,
    consent: undefined,
    answersPending: false,
    queue: next,
    takingUp: true,
  };
  const following = await planOne(deps, input, ctx);
  return joined(outcome, await takeUpNext(deps, input, following, next, planOne));
}

/** Two answers of one turn as one: both replies, the later state, the latest workflow. */
function joined(first: TurnOutcome, then: TurnOutcome): TurnOutcome {
  return { ...then, reply: `${first.reply}\n\n${then.reply}`, workflow: then.workflow ?? first.workflow };
}

import type { ConsentKind } from '../planner/consent/consent.js';
import type { PendingRequest, PlanResult } from '../planner/planner.js';
import { decideConsent } from './consent-decision.js';
import {
  isExpired,
  newPendingAction,
  type PendingAction,
  recheck,
  type StoredPending,
} from './pending-action.js';
import { previewDepsOf } from './preview.js';
import type { TurnDeps, TurnInput, TurnOutcome } from './turn.js';
import { answer, run } from './turn-answer.js';

/**
 * The consent lifecycle of a pending action, one customer answer at a time: only a yes to it, in
 * time, to the same facts, runs it; a no drops it; a hedge asks again; anything else is planned
 * afresh by the turn, which offers it again after a read-only answer (`offerAgain`).
 */

export const NOTHING_CHANGED =
  'All right, I have not changed anything. Is there anything else I can help with?';
const GONE =
  'Things have changed since I asked, so that can no longer be done as I described it. I have not done anything. Is there anything else I can help with?';
const CHANGED = 'Things have changed since I asked, so I have not done it.';
const EXPIRED_GONE =
  'That was a while ago, so I have not done it, and it can no longer be done as I described it. Nothing has changed. Is there anything else I can help with?';

/** What the turn does after reading the answer: it was answered here, or it plans the message. */
export type PendingVerdict =
  | { kind: 'answered'; outcome: TurnOutcome }
  /** `action` is the live pending action (null once expired or from an older keel). */
  | { kind: 'replan'; action: PendingAction | null; consent: ConsentKind };

/** Reads the customer's answer to the pending action and acts on a no, a yes or a hedge. */
export async function answerPending(
  deps: TurnDeps,
  input: TurnInput,
  stored: StoredPending,
): Promise<PendingVerdict> {
  const { conversation, text, deadline } = input;
  const action = stored.kind === 'action' ? stored.action : null;
  const model = action
    ? await deps.agent.readConsent({
        customerId: conversation.customerId,
        conversationId: conversation.id,
        pending: pendingRequest(action),
        text,
        deadline,
      })
    : null;
  const consent = decideConsent(text, action?.id ?? '', model);
  const id = conversation.id;
  if (consent === 'no') return answered(await answer(deps, id, NOTHING_CHANGED, 'open', null, null));
  if (consent === 'yes') return answered(await onYes(deps, input, stored));
  const live = action && !isExpired(action, deps.runtime.clock.now()) ? action : null;
  if (consent === 'hedge' && live) {
    const again = `No problem, nothing has changed. I can still do this: ${live.confirmation}. Shall I go ahead?`;
    return answered(await answer(deps, id, again, 'awaiting_confirmation', null, live.planned, live));
  }
  return { kind: 'replan', action: live, consent };
}

/** The pending action as a planner sees it. */
export function pendingRequest(action: PendingAction): PendingRequest {
  const { plan } = action.planned;
  return {
    id: action.id,
    intent: plan.intent,
    steps: plan.steps.map((s) => ({ tool: s.tool, args: s.args })),
    confirmation: action.confirmation,
  };
}

/**
 * A yes: past its expiry, or from an older keel, nothing runs and the plan is offered again as
 * the facts now state it; in time, it runs only if the plan still validates and the confirmation
 * built from the facts now is the one the customer agreed to, else they hear what is different.
 */
async function onYes(deps: TurnDeps, input: TurnInput, stored: StoredPending): Promise<TurnOutcome> {
  const { conversation, deadline, onPlan } = input;
  const planned = stored.kind === 'action' ? stored.action.planned : stored.planned;
  const shown = stored.kind === 'action' ? stored.action.confirmation : null;
  const expired = stored.kind === 'legacy' || isExpired(stored.action, deps.runtime.clock.now());
  const about = { customerId: conversation.customerId, conversationId: conversation.id };
  const source = stored.kind === 'action' ? stored.action.source : undefined;
  const check = await recheck(previewDepsOf(deps), about, planned, expired ? null : shown, source);
  const id = conversation.id;
  const told = onPlan && ((p: PlanResult) => onPlan(p, shown));
  if (check.kind === 'same') return run(deps, conversation, planned, deadline, told);
  if (check.kind === 'gone') {
    const said = check.reply ? `${CHANGED} ${check.reply}` : expired ? EXPIRED_GONE : GONE;
    return answer(deps, id, said, 'open', null, null);
  }
  const ttl = deps.pendingActionTtlMs;
  // Previewed from the same plan as before, so its next re-check narrows it the same way.
  const fresh = newPendingAction(
    deps.runtime,
    check.planned,
    check.confirmation,
    ttl,
    source ?? planned.plan,
    // The rest of the customer's message goes stale with the action it waited on.
    stored.kind === 'action' && !expired ? stored.action.requests : null,
  );
  const reply = expired
    ? `That was a while ago, so I have not done it. I can do this: ${check.confirmation}. Shall I go ahead?`
    : `Things have changed since I asked, so I have not done it yet. I said: ${shown}. Now it would be: ${check.confirmation}. Shall I go ahead?`;
  return answer(deps, id, reply, 'awaiting_confirmation', null, check.planned, fresh);
}

/**
 * Whether the turn answers the message and then offers the pending action again: a question (or
 * small talk) while it waits, answered by a plan that changes nothing and needs no person.
 */
export function offersAgain(deps: TurnDeps, consent: ConsentKind, planned: PlanResult): boolean {
  if (consent !== 'question' && consent !== 'other') return false;
  if (planned.escalate !== undefined || planned.plan.handoff !== undefined) return false;
  return planned.plan.steps.every((s) => deps.domain.registry.get(s.tool)?.effect === 'read');
}

/**
 * Answers a read-only question while a write waits, then offers the write again in the same reply
 * ("…\n\nI can still do this: … Shall I go ahead?"); the pending action stays as it was (same id,
 * same expiry). When the answer does not settle in the turn (it waits for a person, it is still
 * running), the pending action is dropped with it.
 */
export async function answerThenOffer(
  deps: TurnDeps,
  input: TurnInput,
  planned: PlanResult,
  action: PendingAction,
): Promise<TurnOutcome> {
  const { conversation, deadline, onPlan } = input;
  const outcome = await run(deps, conversation, planned, deadline, onPlan);
  const status = outcome.workflow?.workflow.status;
  if (status !== 'completed' && status !== 'awaiting_customer') return outcome;
  const offer = `I can still do this: ${action.confirmation}. Shall I go ahead?`;
  // A second message: the answer's own was written with the change that settled its workflow.
  await answer(deps, conversation.id, offer, 'awaiting_confirmation', null, action.planned, action);
  return { ...outcome, reply: `${outcome.reply}\n\n${offer}`, status: 'awaiting_confirmation' };
}

function answered(outcome: TurnOutcome): PendingVerdict {
  return { kind: 'answered', outcome };
}

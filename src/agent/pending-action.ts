import { z } from 'zod';
import { PlanInvalidError } from '../errors.js';
import type { PlanResult } from '../planner/planner.js';
import { validatePlan } from '../planner/validate.js';
import type { Runtime } from '../runtime.js';
import { type PreviewDeps, previewPlan } from './preview.js';
import { type RequestQueue, StoredRequestQueue } from './request-queue.js';

/**
 * A write the customer was asked to agree to, bound to the exact plan and to the words they were
 * shown. It lives on the conversation in the store (any instance can receive the yes) and runs
 * only on a yes to this id before `expiresAt`, and only if the confirmation built from the facts
 * at that moment is still the one they agreed to.
 */
export interface PendingAction {
  id: string;
  planned: PlanResult;
  /** What the customer was asked to agree to ("a return of … with a refund of 59.98 USD"). */
  confirmation: string;
  /**
   * The plan as planned, before the domain's preview narrowed it (to the items that can be
   * returned, say): the re-check previews this one again, so the same narrowing gives the same
   * words. Absent when the preview left the plan as it was.
   */
  source?: PlanResult['plan'];
  /** The other requests of the customer's message, taken up once this one settles. */
  requests?: RequestQueue;
  createdAt: string;
  expiresAt: string;
}

const StoredPendingAction = z.object({
  id: z.string().min(1),
  planned: z.looseObject({
    plan: z.looseObject({ intent: z.string(), steps: z.array(z.unknown()) }),
  }),
  confirmation: z.string(),
  source: z.looseObject({ intent: z.string(), steps: z.array(z.unknown()) }).optional(),
  requests: StoredRequestQueue.optional(),
  createdAt: z.string(),
  expiresAt: z.string(),
});

/** What a conversation's stored pending column holds, as the turn reads it. */
export type StoredPending =
  | { kind: 'action'; action: PendingAction }
  /** A bare plan stored by a keel from before pending actions: never run, treated as expired. */
  | { kind: 'legacy'; planned: PlanResult };

/** Reads the stored pending column: a pending action, a plan from an older keel, or nothing. */
export function readPendingAction(raw: unknown): StoredPending | null {
  if (raw === null || raw === undefined) return null;
  const parsed = StoredPendingAction.safeParse(raw);
  if (parsed.success) return { kind: 'action', action: parsed.data as unknown as PendingAction };
  const legacy = raw as Partial<PlanResult>;
  if (legacy.plan && Array.isArray(legacy.plan.steps))
    return { kind: 'legacy', planned: legacy as PlanResult };
  return null;
}

/** The plan a stored pending column waits on, for views (the console shows what would run). */
export function pendingPlanOf(raw: unknown): PlanResult | null {
  const stored = readPendingAction(raw);
  if (!stored) return null;
  return stored.kind === 'action' ? stored.action.planned : stored.planned;
}

/** A new pending action for a plan and the confirmation the customer is about to be shown. */
export function newPendingAction(
  runtime: Pick<Runtime, 'clock' | 'ids'>,
  planned: PlanResult,
  confirmation: string,
  ttlMs: number,
  source?: PlanResult['plan'],
  requests?: RequestQueue | null,
): PendingAction {
  const now = runtime.clock.now();
  const narrowed = source !== undefined && JSON.stringify(source) !== JSON.stringify(planned.plan);
  return {
    id: runtime.ids.next('pa'),
    planned,
    confirmation,
    ...(narrowed ? { source } : {}),
    ...(requests ? { requests } : {}),
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + ttlMs).toISOString(),
  };
}

export function isExpired(action: PendingAction, now: Date): boolean {
  return now.getTime() >= Date.parse(action.expiresAt);
}

/** What a pending plan comes to when checked again against the shop as it is now. */
export type Recheck =
  | { kind: 'same' }
  /** It still validates, but the customer would now be told something else (maybe of less). */
  | { kind: 'changed'; planned: PlanResult; confirmation: string }
  /**
   * It no longer validates, or there is nothing left to confirm; `reply` is the domain's own
   * wording of why, when its preview refused it (a cancel of an order that has since shipped).
   */
  | { kind: 'gone'; why: string; reply?: string };

/**
 * Checks a pending plan again before it runs: the customer's facts reloaded, the plan validated
 * again for them (ownership included), then previewed again (its reads and checks dry-run, as
 * before the question) and the confirmation compared with `shown`. A plan the preview now narrows
 * (an item no longer returnable) is changed, not the same, even when the words happen to match.
 */
export async function recheck(
  deps: PreviewDeps,
  about: { customerId: string; conversationId: string },
  planned: PlanResult,
  shown: string | null,
  source: PlanResult['plan'] = planned.plan,
): Promise<Recheck> {
  const { domain } = deps;
  const facts = await domain.facts(about.customerId);
  try {
    const scope = {
      ownership: (plan: PlanResult['plan']) => domain.ownership(plan, facts, about.customerId),
    };
    validatePlan(planned.plan, domain.registry, scope);
  } catch (error) {
    if (!(error instanceof PlanInvalidError)) throw error;
    return { kind: 'gone', why: error.message };
  }
  const preview = await previewPlan(deps, source, { ...about, facts });
  if (preview.kind === 'refuse') return { kind: 'gone', why: preview.reply, reply: preview.reply };
  if (preview.kind === 'none') return { kind: 'gone', why: 'nothing left to confirm' };
  const same = JSON.stringify(preview.plan) === JSON.stringify(planned.plan);
  if (same && preview.confirmation === shown) return { kind: 'same' };
  const changed = { ...planned, plan: preview.plan, confirmed: preview.confirmation };
  return { kind: 'changed', planned: changed, confirmation: preview.confirmation };
}

/** What a plan outside a conversation (`keel run`) needs before it runs. */
export type RunGate =
  /** It changes nothing, or it will wait for a person anyway: run it as planned. */
  | { kind: 'run'; planned: PlanResult }
  /** A write: ask first; `action.planned` is the plan as previewed (narrowed if it had to be). */
  | { kind: 'ask'; action: PendingAction }
  /** Nothing of it can be done (the preview refused it): the reply says why. */
  | { kind: 'refuse'; reply: string };

/**
 * The gate for a plan outside a conversation (`keel run`): a write is previewed as a conversation
 * previews it (its reads and checks dry-run, the plan narrowed to what can be done), so the question
 * and the run are about the same plan. A write the domain cannot word is still confirmed, by its
 * intent and write tools.
 */
export async function runGate(
  deps: PreviewDeps & { runtime: Pick<Runtime, 'ids'>; ttlMs: number; wouldWait: boolean },
  planned: PlanResult,
  customerId: string,
): Promise<RunGate> {
  const writes = planned.plan.steps.filter((s) => deps.domain.registry.get(s.tool)?.effect === 'write');
  if (writes.length === 0 || deps.wouldWait) return { kind: 'run', planned };
  const facts = await deps.domain.facts(customerId);
  const about = { facts, customerId, conversationId: `run:${customerId}` };
  const preview = await previewPlan(deps, planned.plan, about);
  if (preview.kind === 'refuse') return { kind: 'refuse', reply: preview.reply };
  const asked =
    preview.kind === 'confirm'
      ? { ...planned, plan: preview.plan, confirmed: preview.confirmation }
      : planned;
  const confirmation =
    preview.kind === 'confirm'
      ? preview.confirmation
      : `${planned.plan.intent}: ${writes.map((s) => s.tool).join(', ')}`;
  const action = newPendingAction(deps.runtime, asked, confirmation, deps.ttlMs, planned.plan);
  return { kind: 'ask', action };
}

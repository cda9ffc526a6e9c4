import type { PlanIssue } from '../errors.js';
import type { Plan } from './plan.js';
import type { PlanRequest } from './planner.js';

/** One worked example in the model's prompt: what a customer wrote, and the plan it calls for. */
export interface PlanExample {
  customer: string;
  plan: Plan;
}

/** What a domain's offline rules decided: a plan, and why it must go to a person when it must. */
export interface OfflineDecision {
  plan: Plan;
  escalate?: string;
}

/**
 * A domain's rules for the offline planner: deterministic, no network. They read the conversation
 * and the customer's facts, push short reasons, and answer with a plan (a playbook, a question,
 * or the hand-over).
 */
export interface OfflineRules<Facts = unknown> {
  decide(request: PlanRequest<Facts>, reasons: string[]): OfflineDecision;
}

/**
 * What a planner needs from a domain. The engine never looks inside `Facts`: the domain loads
 * them, describes them for the prompt, and checks plans against them.
 */
export interface PlannerDomain<Facts = unknown> {
  /** The intents a plan may be labelled with; the model's strict schema accepts only these. */
  readonly intents: readonly [string, ...string[]];
  /** The rules and tone of the model's prompt, first in its stable prefix. */
  readonly policy: string;
  /** Worked examples, after the tool catalog in the prompt's stable prefix. */
  readonly examples: readonly PlanExample[];
  /** What the customer's facts say, for the end of the prompt (after "Signed-in customer: …"). */
  describeFacts(facts: Facts): string;
  /** Issues for steps that name a resource the signed-in customer does not own. */
  ownership(plan: Plan, facts: Facts, customerId: string): PlanIssue[];
  /** The plan that hands the conversation to a person; the workflow waits for staff. */
  handover(summary: string, confidence: number): Plan;
  /** The offline planner's rules for this domain. */
  readonly offline: OfflineRules<Facts>;
}

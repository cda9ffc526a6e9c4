import type { PlanIssue } from '../errors.js';
import type { Disagreement } from './agreement.js';
import type { DomainQuestions } from './ask.js';
import type { Plan } from './plan.js';
import type { PlanRequest } from './planner.js';

/** One worked example in the model's prompt: what a customer wrote, and the plan it calls for. */
export interface PlanExample {
  customer: string;
  plan: Plan;
}

/**
 * What the offline rules read a message as asking for: an intent, and the write tools a plan for
 * it may use (none for a question, a refusal or a request taken back).
 */
export interface OfflineReading {
  intent: string;
  writes: readonly string[];
}

/** What a domain's offline rules decided: a plan, and why it must go to a person when it must. */
export interface OfflineDecision {
  plan: Plan;
  escalate?: string;
  /**
   * What the rules read the message as asking for, when they recognised a request (even one they
   * ask about). The LLM planner holds the model's write plans to it; absent when the rules could
   * not tell, and then they judge nothing.
   */
  reading?: OfflineReading;
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
  /**
   * The resources a plan acts on, as stable keys (retail: `order:ORD-1001`, `profile:C-1001`).
   * The executor locks them for a plan that writes, so two workflows never interleave on one
   * (two conversations returning one order); computed from the stored plan alone, so a resumed
   * workflow asks for the same keys. @default none: nothing is locked
   */
  resources?(plan: Plan, customerId: string): readonly string[];
  /** The plan that hands the conversation to a person; the workflow waits for staff. */
  handover(summary: string, confidence: number): Plan;
  /**
   * The question to ask when the model's write plan and the offline reading of the message
   * disagree (a question about a parcel answered with a cancel). Without it, such a turn goes to
   * a person. @default none
   */
  clarify?(disagreement: Disagreement, plan: Plan, facts: Facts): Plan;
  /** The offline planner's rules for this domain. */
  readonly offline: OfflineRules<Facts>;
  /**
   * The requests of a message that holds several ("cancel ORD-1004 and return ORD-1003"), in the
   * customer's own words and order; keel plans and confirms them one after another. One element
   * (or none) for a message with one request; a fallback ("if not, cancel it instead") stays with
   * the request it qualifies. @default every message is one request
   */
  requests?(text: string, facts: Facts, customerId: string): readonly string[];
  /**
   * The questions a plan may ask: the kinds and slots offered to the model, how a model's question
   * is checked against the facts, and the templates that word them. @default defaultQuestions
   */
  readonly questions?: DomainQuestions<Facts>;
}

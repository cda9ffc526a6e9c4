/**
 * `src/planner`: turns a conversation into a `Plan`. Here the `Planner` interface; beside it the
 * plan schema built from a registry, validation, the LLM planner (openai SDK), the offline planner
 * engine driven by a domain's rules, consent reading and the turn deadline. It may import
 * `src/tools` and the shared top-level modules, never a domain, an adapter or `src/agent`.
 */
import type { Disagreement } from './agreement.js';
import type { ConsentAnswer } from './consent-answer.js';
import type { Plan } from './plan.js';
import type { TurnDeadline } from './turn-deadline.js';

/** One message of the conversation so far. */
export interface ConversationMessage {
  role: 'customer' | 'agent';
  text: string;
}

/** What a planner may know: the conversation and the signed-in customer's own facts. */
export interface PlanRequest<Facts = unknown> {
  /** The authenticated customer; never taken from the message. */
  customerId: string;
  /** Oldest first; the last one is the message to answer. */
  messages: ConversationMessage[];
  /** What the domain lets the planner see about this customer (retail: their orders). */
  facts: Facts;
  /** Ties model calls to the conversation in the call log. */
  conversationId?: string | null;
  /** When the turn's model path must be over; a planner that calls out starts one if absent. */
  deadline?: TurnDeadline;
  /**
   * The write waiting for the customer's yes, when there is one: a correction ("the other order",
   * "actually size L") is planned as a change of it. @default none
   */
  pending?: PendingRequest;
  /**
   * Set when the customer's message held several requests, which keel takes one at a time: the
   * message as written. The conversation's last customer message is then the one request to plan
   * now; the others are planned after it. @default none
   */
  split?: { message: string };
}

/** The write a conversation waits to hear yes to, as a planner may see it. */
export interface PendingRequest {
  /** The pending action's id; a consent answer must name it. */
  id: string;
  intent: string;
  steps: { tool: string; args: Record<string, unknown> }[];
  /** What the customer was asked to agree to. */
  confirmation: string;
}

/** A customer's answer to a pending action, for a planner to classify. */
export interface ConsentRequest {
  customerId: string;
  conversationId?: string | null;
  pending: PendingRequest;
  /** The customer's answer, as they wrote it. */
  text: string;
  /** When the turn's model path must be over. */
  deadline?: TurnDeadline;
}

/** What a planner decided, and why. */
export interface PlanResult {
  plan: Plan;
  /** Which planner produced the plan. */
  planner: 'llm' | 'offline';
  /** Short, human-readable reasons (matched patterns, repairs, fallbacks). */
  reasons: string[];
  /**
   * Set when the plan must go to a human instead of running (the model refused, repairs ran out,
   * the offline planner could not place the message). The plan then hands over to a human.
   */
  escalate?: string;
  /** Set when the LLM planner was down and the offline planner answered instead. */
  fallbackFrom?: 'llm';
  /**
   * Set when the model's write plan was not run as planned because the offline reading of the
   * message contradicts it; the plan is then a question (or a hand-over) instead.
   */
  disagreement?: Disagreement;
  /**
   * Set by keel on a plan waiting for the customer's yes: what they were asked to confirm, as the
   * dry run found it (items left out and why included), so a hedge restates exactly that.
   */
  confirmed?: string;
}

/** Turns a conversation into a plan. Implementations: `LlmPlanner`, `OfflinePlanner`. */
export interface Planner<Facts = unknown> {
  readonly name: 'llm' | 'offline';
  plan(request: PlanRequest<Facts>): Promise<PlanResult>;
  /**
   * Classifies an answer to a pending action (the LLM planner asks the model for a `ConsentAnswer`);
   * null when it cannot tell (no such reading, a model failure, a refusal, an invalid answer), and
   * then the offline reading decides alone. It only classifies: it never runs or words anything.
   */
  readConsent?(request: ConsentRequest): Promise<ConsentAnswer | null>;
}

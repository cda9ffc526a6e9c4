import type { Order } from '../domains/retail/shop.js';
import type { Plan } from './plan.js';

/** One message of the conversation so far. */
export interface ConversationMessage {
  role: 'customer' | 'agent';
  text: string;
}

/** What a planner may know: the conversation and the signed-in customer's own facts. */
export interface PlanRequest {
  /** The authenticated customer; never taken from the message. */
  customerId: string;
  /** Oldest first; the last one is the message to answer. */
  messages: ConversationMessage[];
  /** The customer's orders, newest first, from the shop. */
  orders: Order[];
  /** Ties model calls to the conversation in the call log. */
  conversationId?: string | null;
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
}

/** Turns a conversation into a plan. Implementations: `LlmPlanner`, `OfflinePlanner`. */
export interface Planner {
  readonly name: 'llm' | 'offline';
  plan(request: PlanRequest): Promise<PlanResult>;
}

/** The intents keel's playbooks cover; planners label plans with these. */
export const INTENTS = [
  'return',
  'cancel',
  'track',
  'change_address',
  'refund_status',
  'order_status',
  'human',
  'out_of_scope',
  'clarify',
] as const;
export type Intent = (typeof INTENTS)[number];

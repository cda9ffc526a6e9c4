import type { PlanAsk } from '../../../planner/ask.js';
import type { Plan } from '../../../planner/plan.js';
import type { Intent } from '../intents.js';
import { askPlan } from '../playbooks.js';

/** What the offline planner decided: a plan, and why it must go to a person when it must. */
export interface Decision {
  plan: Plan;
  escalate?: string;
}

/** A clear request with every entity found. */
export const CLEAR_CONFIDENCE = 0.95;
/** Questions are safe to ask, so they carry confidence; the doubt is the customer's to settle. */
export const ASK_CONFIDENCE = 0.9;

/** A decision to ask the customer instead of acting. */
export const asking = (intent: Intent, question: PlanAsk | string): Decision => ({
  plan: askPlan(intent, question, ASK_CONFIDENCE),
});

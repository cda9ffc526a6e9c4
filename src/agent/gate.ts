import { readConsent } from '../planner/consent/consent.js';
import type { PlanResult } from '../planner/planner.js';
import type { ApprovalInput, HumanApproval, Tool } from '../tools/tool.js';

/**
 * The gate: the one place that decides whether a plan runs now, asks the customer first, or waits
 * for a person. Before a workflow starts: the confidence gate and the confirmation; before each
 * step: the tool's approval predicate. Nothing here has side effects.
 */

/** A pause for a person before the first step: why, and what the person sees. */
export interface ConfidenceGate {
  reason: string;
  details: Record<string, unknown>;
}

/**
 * A plan whose confidence is under the threshold waits for a person before its first step. A plan
 * the planner already handed over (`escalate`) or one with no steps (a question) does not.
 */
export function confidenceGate(planned: PlanResult, threshold: number): ConfidenceGate | null {
  const { plan } = planned;
  if (plan.steps.length === 0 || planned.escalate !== undefined || plan.confidence >= threshold) return null;
  return {
    reason: `Plan confidence ${plan.confidence.toFixed(2)} is below ${threshold}`,
    details: { plan, planner: planned.planner, reasons: planned.reasons },
  };
}

/** Whether a plan would wait for a person rather than run: a hand-over, or too little confidence. */
export function wouldWait(planned: PlanResult, threshold: number): boolean {
  return (
    planned.escalate !== undefined || (planned.plan.steps.length > 0 && planned.plan.confidence < threshold)
  );
}

/** What the confirmation gate looks at in a turn. */
export interface ConfirmationCheck {
  planned: PlanResult;
  /** The customer's message this turn. */
  text: string;
  /** The agent's message just before it, if any. */
  lastAgentText: string | undefined;
  confirmWrites: boolean;
  threshold: number;
}

/**
 * Whether a plan must be confirmed before it runs: `skip` when confirmations are off or the planner
 * handed the message to a person; `agreed` when the customer just said yes to the planner's own
 * question ("Would you like me to return ORD-1001?"), which is the confirmation of that very plan
 * (asking again would make them agree twice), but not of a plan the preview had to change;
 * otherwise `ask`. A plan under the confidence threshold is asked about too: a person's check of it
 * comes after the customer's yes, never instead of it.
 */
export function confirmationNeed(check: ConfirmationCheck): 'skip' | 'agreed' | 'ask' {
  if (!check.confirmWrites || check.planned.escalate !== undefined) return 'skip';
  const agreed = readConsent(check.text).kind === 'yes' && check.lastAgentText?.endsWith('?') === true;
  return agreed ? 'agreed' : 'ask';
}

/**
 * Before a step runs: a person's approval already given lets it through; otherwise the tool's
 * approval predicate may stop it (e.g. a refund over the limit). Returns the reason to wait, or null.
 */
export function approvalGate(
  tool: Tool,
  step: ApprovalInput<unknown, Record<string, unknown>>,
  approval: HumanApproval | null,
): string | null {
  if (approval) return null;
  return tool.approval(step);
}

import { renderAsk } from '../planner/ask.js';
import type { PlanResult } from '../planner/planner.js';
import { guardOutgoing } from '../planner/secret-request.js';
import type { EscalationRecord } from '../store/store.js';
import type { Domain } from './domain.js';
import type { WorkflowResult } from './executor.js';

/** What of the domain a reply needs: its templates, and its hand-over to tell a hand-over apart. */
export type ReplyDomain = Pick<Domain<unknown, unknown>, 'templates' | 'handover' | 'questions' | 'intents'>;

/**
 * The customer's answer, composed from what really happened: tool results, the workflow's status
 * and its escalation, in the domain's words. Nothing here repeats a model's free text about actions.
 */
export function composeReply(
  domain: ReplyDomain,
  planned: PlanResult,
  result: WorkflowResult | null,
): string {
  // The last line: no message keel sends asks for payment data or credentials.
  return guardOutgoing(replyText(domain, planned, result));
}

function replyText(domain: ReplyDomain, planned: PlanResult, result: WorkflowResult | null): string {
  if (planned.plan.ask) return renderAsk(domain, planned.plan.ask);
  if (!result) return "Sorry, I couldn't work out what to do. A colleague will pick this up.";
  const { workflow, context, escalation } = result;
  switch (workflow.status) {
    case 'completed':
      return domain.templates.completed(planned.plan.intent, context, result.steps);
    case 'waiting_for_human':
      return waiting(escalation, handoverTools(domain));
    case 'rejected':
      return `A colleague reviewed your request and could not approve it${workflow.outcome?.message && workflow.outcome.message !== 'Rejected by a human' ? `: ${workflow.outcome.message}` : ''}. Nothing was changed.`;
    case 'compensated':
      return domain.templates.compensated(result.steps);
    case 'failed':
      if (workflow.outcome?.code === 'RESOURCE_BUSY') return busy(domain, workflow.outcome.resource);
      return `I couldn't complete that: ${workflow.outcome?.message ?? 'an unexpected error'}.`;
    default:
      return 'Your request is in progress.';
  }
}

/**
 * The reply about a workflow told later or apart from its turn (a decision, a recovery, a step
 * that outlasted the turn): the same words, from the plan the workflow stored.
 */
export function replyForDomain(domain: ReplyDomain): (result: WorkflowResult) => string {
  return (result) =>
    composeReply(
      domain,
      { plan: result.workflow.plan as PlanResult['plan'], planner: 'offline', reasons: [] },
      result,
    );
}

/** A request refused because another workflow holds what it needs: the domain says it, else this. */
function busy(domain: ReplyDomain, resource: string | undefined): string {
  if (resource !== undefined && domain.templates.busy) return domain.templates.busy(resource);
  return 'That is already being handled in another conversation, so I have left it alone. Once that is finished, ask me again and I will look at it afresh.';
}

// The tools of the domain's hand-over plan: an escalation raised by one of them is the hand-over
// the customer asked for (or the planner chose), not a problem found while working.
function handoverTools(domain: ReplyDomain): Set<string> {
  return new Set(domain.handover('', 0).steps.map((step) => step.tool));
}

function waiting(escalation: EscalationRecord | null, handover: Set<string>): string {
  if (!escalation) return 'A colleague needs to look at this; they will reply here.';
  switch (escalation.kind) {
    case 'low_confidence':
      return "I want to be sure I get this right, so a colleague will check my plan before anything happens. They'll reply here.";
    case 'approval':
      return `This needs a colleague's approval (${escalation.reason}). I've asked for it and will confirm here.`;
    case 'compensation':
      return 'Something went wrong and a colleague is putting it right; they will confirm here.';
    default:
      return handover.has(String(escalation.details?.tool))
        ? "I've asked a colleague to take over; they'll reply here."
        : `A colleague needs to review this: ${escalation.reason}. They'll reply here.`;
  }
}

import type { PlanResult } from '../planner/planner.js';
import type { WorkflowFilter, WorkflowRecord } from '../store/store.js';
import type { WorkflowResult } from './executor.js';

/** Where a conversation finds the workflows it started that wait for a person. */
export interface WorkflowLookup {
  listWorkflows(filter: WorkflowFilter): Promise<WorkflowRecord[]>;
  inspect(workflowId: string): Promise<WorkflowResult>;
}

/** This conversation's workflows that wait for a person's decision, oldest first. */
export async function waitingWorkflows(
  lookup: WorkflowLookup,
  customerId: string,
  conversationId: string,
): Promise<WorkflowResult[]> {
  const workflows = await lookup.listWorkflows({ customerId, status: 'waiting_for_human' });
  const mine = workflows.filter((w) => w.conversationId === conversationId);
  return Promise.all(mine.map((w) => lookup.inspect(w.id)));
}

// Asking after something already asked for: "any update?", "still waiting", "what's happening".
const STATUS_QUESTION =
  /\b(any|an|some|no)\s+(updates?|news|progress|word)\b|\bupdates?\s*\?|\b(status|progress)\b|\bstill (waiting|pending|nothing)\b|\bhow long\b|\bhear back\b|\bwhat'?s (happening|going on)\b|\bwhat is (happening|going on)\b|\b(did|has|have) (they|someone|anyone|a colleague)\b/i;

/**
 * While a person decides, a message that asks after the waiting request, or asks for it again,
 * is answered with its status (never a second workflow); null when it is a request of its own.
 */
export function waitingStatus(text: string, planned: PlanResult, waiting: WorkflowResult[]): string | null {
  if (waiting.length === 0) return null;
  const repeated = repeatedBy(planned, waiting);
  if (repeated) return statusReply([repeated]);
  return asksForStatus(text, planned) ? statusReply(waiting) : null;
}

/** Chit-chat the planner cannot place ("hello?", "??") while a person decides is asking after it. */
const SHORT_WORDS = 4;

/**
 * Whether a message asks how a waiting request is going instead of making a new one: the planner
 * found nothing to do in it, and it reads as a status question or is a few words it cannot place.
 */
function asksForStatus(text: string, planned: PlanResult): boolean {
  if (planned.plan.steps.length > 0) return false;
  if (STATUS_QUESTION.test(text)) return true;
  const unplaced = planned.plan.intent === 'out_of_scope' || planned.plan.intent === 'clarify';
  return unplaced && text.split(/\s+/).length <= SHORT_WORDS;
}

/** The waiting workflow a new plan would repeat: same intent about the same orders. */
function repeatedBy(planned: PlanResult, waiting: WorkflowResult[]): WorkflowResult | undefined {
  if (planned.plan.steps.length === 0) return undefined;
  const orders = ordersOf(planned.plan.steps);
  return waiting.find((w) => {
    const plan = w.workflow.plan as PlanResult['plan'];
    return w.workflow.intent === planned.plan.intent && ordersOf(plan.steps) === orders;
  });
}

/** What the customer hears while their request waits: what it is, and that nothing is needed. */
function statusReply(waiting: WorkflowResult[]): string {
  const what = waiting.map((w) => describe(w.workflow.plan as PlanResult['plan'], w.workflow.intent));
  const list = what.length === 1 ? `Your ${what[0]} is` : `Your requests (${what.join('; ')}) are`;
  return `${list} still with a colleague for review; they'll reply here as soon as they have decided. There's nothing else you need to do.`;
}

function describe(plan: PlanResult['plan'], intent: string): string {
  const orders = ordersOf(plan.steps);
  const name = intent === 'human' ? 'request for a colleague' : `${intent.replaceAll('_', ' ')} request`;
  return orders ? `${name} for ${orders.replaceAll(',', ', ')}` : name;
}

function ordersOf(steps: PlanResult['plan']['steps']): string {
  const ids = new Set<string>();
  for (const step of steps) if (typeof step.args.orderId === 'string') ids.add(step.args.orderId);
  return [...ids].sort().join(',');
}

import type { ToolRegistry } from '../tools/registry.js';
import type { OfflineReading, PlannerDomain } from './domain.js';
import type { Plan } from './plan.js';
import type { PlanRequest, PlanResult } from './planner.js';

/** A write plan from the model that the offline reading of the same message does not allow. */
export interface Disagreement {
  /** The model's intent label and the write tools its plan would run. */
  model: { intent: string; writes: string[] };
  /** What the offline rules read the message as asking for. */
  read: { intent: string; writes: string[] };
  /** The model's writes that the reading does not allow, e.g. `["cancel_order"]`. */
  unexpected: string[];
}

/**
 * Compares a plan with the offline reading of the message it answers. Only writes are judged: a
 * plan that changes nothing, or a message the rules could not read, never disagrees. The model's
 * intent label is not trusted; its plan's write tools are what is compared.
 */
export function disagreement(
  plan: Plan,
  reading: OfflineReading | undefined,
  registry: ToolRegistry,
): Disagreement | null {
  if (!reading) return null;
  const writes = [
    ...new Set(plan.steps.map((s) => s.tool).filter((tool) => registry.get(tool)?.effect === 'write')),
  ];
  const unexpected = writes.filter((tool) => !reading.writes.includes(tool));
  if (unexpected.length === 0) return null;
  return {
    model: { intent: plan.intent, writes },
    read: { intent: reading.intent, writes: [...reading.writes] },
    unexpected,
  };
}

/** One line for the plan result's reasons and the journal. */
export function describeDisagreement(d: Disagreement): string {
  return `the model's plan (${d.model.intent}) would run ${d.unexpected.join(', ')}, but the message reads as ${d.read.intent}${d.read.writes.length === 0 ? ', which changes nothing' : ''}`;
}

/**
 * A write plan from the model that the offline reading of the same message contradicts (a
 * question about a parcel answered with a cancel) is not run as planned: the domain's question
 * takes its place, or a person when the domain has none. The disagreement goes into the reasons
 * and onto the plan (which the executor journals). Null when the plan may go on as it is.
 */
export function unlessContradicted<Facts>(
  plan: Plan,
  request: PlanRequest<Facts>,
  domain: PlannerDomain<Facts>,
  registry: ToolRegistry,
  reasons: string[],
): PlanResult | null {
  const found = disagreement(plan, domain.offline.decide(request, []).reading, registry);
  if (!found) return null;
  const why = describeDisagreement(found);
  reasons.push(`${why}: not run as planned`);
  if (domain.clarify) {
    const ask = domain.clarify(found, plan, request.facts);
    return { plan: { ...ask, disagreement: found }, planner: 'llm', reasons, disagreement: found };
  }
  const last = request.messages.at(-1)?.text ?? '';
  const handover = domain.handover(`${why}. Customer wrote: ${last}`, 0);
  return {
    plan: { ...handover, handoff: { kind: 'model_failure', reason: why }, disagreement: found },
    planner: 'llm',
    reasons,
    escalate: why,
    disagreement: found,
  };
}

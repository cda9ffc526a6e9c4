import type { ToolRegistry } from '../tools/registry.js';
import type { OfflineReading } from './domain.js';
import type { Plan } from './plan.js';

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

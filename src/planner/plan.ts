import { z } from 'zod';
import { MAX_PLAN_STEPS } from '../defaults.js';
import { ESCALATION_REASONS } from '../escalation-reason.js';
import { PlanAsk } from './ask.js';

/** One step of a plan: a tool call with the args the plan supplies. */
export const PlanStep = z.object({
  id: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'step ids are 1-64 letters, digits, "_" or "-"')
    .describe('Unique within the plan, e.g. "lookup"'),
  tool: z.string().min(1),
  args: z.record(z.string(), z.unknown()).default({}),
});
export type PlanStep = z.infer<typeof PlanStep>;

/**
 * A plan as keel stores and runs it. The LLM planner emits a stricter, per-tool form of the same
 * shape; both end here.
 */
export const Plan = z.object({
  intent: z.string().min(1).max(64),
  confidence: z.number().min(0).max(1),
  steps: z.array(PlanStep).max(MAX_PLAN_STEPS),
  /**
   * A clarifying question for the customer, structured (a kind and typed slots) and worded by the
   * domain's templates; a plan that asks has no steps.
   */
  ask: PlanAsk.optional(),
  /**
   * Set by keel (never by the model) on a plan that hands over because of what happened, not
   * because the customer asked: the escalation then says so.
   */
  handoff: z.object({ kind: z.enum(ESCALATION_REASONS), reason: z.string() }).optional(),
  /**
   * Set by keel (never by the model) on the question or hand-over that replaced a model's write
   * plan the offline reading of the message contradicts; journaled when the workflow starts.
   */
  disagreement: z
    .object({
      model: z.object({ intent: z.string(), writes: z.array(z.string()) }),
      read: z.object({ intent: z.string(), writes: z.array(z.string()) }),
      unexpected: z.array(z.string()),
    })
    .optional(),
});
export type Plan = z.infer<typeof Plan>;

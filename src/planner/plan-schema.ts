import { z } from 'zod';
import { MAX_PLAN_STEPS } from '../defaults.js';
import type { ToolRegistry } from '../tools/registry.js';
import { type DomainQuestions, defaultQuestions } from './ask.js';

/**
 * The plan schema a model must answer with, built from the registry: steps are a discriminated
 * union of one object per plannable tool, so a strict JSON schema carries each tool's real
 * argument types, and a user's own tools appear without extra code. The intent is one of the
 * domain's. Optional fields are nullable, as OpenAI's strict mode requires.
 */
export function buildPlanSchema(
  registry: ToolRegistry,
  intents: readonly [string, ...string[]],
  questions: Pick<DomainQuestions, 'kinds' | 'slots'> = defaultQuestions(intents),
  options: { rephrase?: boolean } = {},
) {
  const tools = registry.plannable();
  const [first, ...rest] = tools.map((tool) =>
    z.strictObject({
      id: z.string().describe('A short step id, unique in the plan, e.g. "lookup"'),
      tool: z.literal(tool.name),
      args: tool.input,
    }),
  );
  if (!first) throw new Error('A plan schema needs at least one plannable tool');
  const step = rest.length > 0 ? z.discriminatedUnion('tool', [first, ...rest]) : first;
  return z.strictObject({
    intent: z.enum(intents).describe('What the customer wants'),
    confidence: z.number().describe('How sure you are that this plan is what the customer asked for, 0 to 1'),
    steps: z.array(step).max(MAX_PLAN_STEPS).describe('Tool calls in order; empty when asking a question'),
    ask: askSchema(questions, options.rephrase === true)
      .nullable()
      .describe('A clarifying question when information is missing (then no steps), else null'),
  });
}

/**
 * The model's question: a kind and its slots, never free text; with rephrasing on, also a `text`
 * the guard checks before it may be sent.
 */
function askSchema(questions: Pick<DomainQuestions, 'kinds' | 'slots'>, rephrase: boolean) {
  const shape = {
    kind: z.enum(questions.kinds).describe('What to ask'),
    slots: z
      .strictObject(questions.slots)
      .describe('What the question is about; null where it does not apply'),
  };
  if (!rephrase) return z.strictObject(shape);
  return z.strictObject({
    ...shape,
    text: z.string().nullable().describe('The question in your words, or null to use the standard wording'),
  });
}

export type ModelPlan = z.infer<ReturnType<typeof buildPlanSchema>>;

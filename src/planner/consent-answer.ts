import { z } from 'zod';
import type { ConsentKind } from './consent/consent.js';

/** What the model may say about an answer to a pending action. */
export const MODEL_CONSENTS = ['yes', 'no', 'other'] as const;

// The offline reading's kinds other than yes and no, so a model's `other` can say which it is.
const OTHER_KINDS = [
  'hedge',
  'correction',
  'new_request',
  'question',
  'other',
] as const satisfies readonly Exclude<ConsentKind, 'yes' | 'no'>[];

/**
 * The structured answer the LLM planner returns when the customer replies while a write waits as
 * a pending action (`LlmPlanner.readConsent`; the agent's `decideConsent` weighs it). The model only
 * classifies: it names the pending action it read the answer against, so a yes can never be
 * applied to another action, and it writes no text that reaches the customer. Strict (no extra
 * keys) and with nullable rather than optional fields, as OpenAI's strict structured outputs need.
 */
export const ConsentAnswer = z.strictObject({
  pendingActionId: z
    .string()
    .describe('The id of the pending action the customer is answering, as given to you'),
  consent: z
    .enum(MODEL_CONSENTS)
    .describe(
      "'yes' only for a plain, unconditional yes to exactly this action; 'no' for a refusal or never mind; 'other' for anything else",
    ),
  kind: z
    .enum(OTHER_KINDS)
    .nullable()
    .describe(
      'When consent is other: a doubt or condition, a change, another request, a question, or other; else null',
    ),
});
export type ConsentAnswer = z.infer<typeof ConsentAnswer>;

import { z } from 'zod';
import type { PlanIssue } from '../errors.js';
import { asksForSecrets } from './secret-request.js';

/** One typed value of a question's slots: an id, a name from the facts, a count, a list of them. */
export const SlotValue = z.union([
  z.string().max(300),
  z.number(),
  z.boolean(),
  z.null(),
  z.array(z.string().max(300)).max(20),
]);
export type SlotValue = z.infer<typeof SlotValue>;

/**
 * A question for the customer, structured: a kind the domain knows (e.g. `which_order`) and its
 * slots (order ids that exist in the facts, item names, …). The domain's templates word it; no
 * model text is sent, except `text` when rephrasing is turned on and the text passed the guard.
 */
export const PlanAsk = z.object({
  kind: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'question kinds are snake_case'),
  slots: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,39}$/), SlotValue).default({}),
  /** A model's wording of the question; only with `rephraseQuestions`, and only after the guard. */
  text: z.string().min(1).max(500).optional(),
});
export type PlanAsk = z.infer<typeof PlanAsk>;

/** A question as the model's strict schema gives it, before the domain checked it against the facts. */
export interface ModelAsk {
  kind: string;
  slots: Record<string, unknown>;
  text?: string | null;
}

/**
 * A domain's questions: the kinds a model may ask with their slots (for its strict schema), how a
 * model's question is checked against the customer's facts, and the templates that word each kind
 * (the domain's own rules may use more kinds than the model is offered).
 */
export interface DomainQuestions<Facts = unknown> {
  /** The kinds offered to the model. */
  readonly kinds: readonly [string, ...string[]];
  /** The model's slots: one object of fields, every one nullable (OpenAI strict mode). */
  readonly slots: z.ZodRawShape;
  /**
   * The model's question checked against the facts and put in its stored form (ids that exist,
   * names taken from the facts), or the issues to hand back to the model.
   */
  resolve(ask: ModelAsk, facts: Facts): { ask: PlanAsk } | { issues: PlanIssue[] };
  /** The question's text, from the domain's templates. */
  render(ask: PlanAsk): string;
}

/** The one question a domain without its own asks: what the customer would like done. */
export function defaultQuestions(intents: readonly [string, ...string[]]): DomainQuestions {
  return {
    kinds: ['clarify_intent'],
    slots: { intent: z.enum(intents).nullable().describe('What the customer may want, if you can tell') },
    resolve: (ask) => ({
      ask: { kind: 'clarify_intent', slots: { intent: stringOrNull(ask.slots.intent) } },
    }),
    render: () => 'Could you tell me a little more about what you would like me to do?',
  };
}

/** An issue about a question's slots, in the form validation hands back to the model. */
export function askIssue(path: string[], message: string): PlanIssue {
  return { code: 'ASK_INVALID', path: ['ask', ...path], message };
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/**
 * What the customer reads for a question: the domain's template for its kind, or a model's own
 * wording kept under `rephraseQuestions` when it asks for no payment data or credentials.
 */
export function renderAsk(
  domain: {
    readonly questions?: DomainQuestions<never> | undefined;
    readonly intents: readonly [string, ...string[]];
  },
  ask: PlanAsk,
): string {
  if (ask.text && !asksForSecrets(ask.text)) return ask.text;
  return (domain.questions ?? defaultQuestions(domain.intents)).render(ask);
}

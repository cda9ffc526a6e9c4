import { z } from 'zod';

/** The cassette format version this keel writes and reads. */
export const CASSETTE_VERSION = 1;

/** One HTTP exchange with the model: the request body sent and the raw response received. */
export const Exchange = z.object({
  request: z.object({ method: z.string(), path: z.string(), body: z.unknown() }),
  response: z.object({
    status: z.number().int(),
    /** Only the headers that change how a client behaves (content type, retry hints, request id). */
    headers: z.record(z.string(), z.string()),
    body: z.unknown(),
  }),
});
export type Exchange = z.infer<typeof Exchange>;

/** What a turn is expected to lead to; replay reports every difference. */
export const TurnExpectation = z.object({
  /** The plan's intent and step tools, or null when no plan was made (a confirmation answer). */
  plan: z.object({ intent: z.string(), steps: z.array(z.string()), asks: z.boolean() }).nullable(),
  /** The workflow's final status, or null when none ran. */
  workflowStatus: z.string().nullable(),
  /** Each step that ran, as `tool:status`. */
  tools: z.array(z.string()),
  /** The conversation's status after the turn. */
  conversationStatus: z.string(),
  /** Substrings the reply must contain: amounts, order numbers, dates, key phrases. */
  replyFacts: z.array(z.string()),
});
export type TurnExpectation = z.infer<typeof TurnExpectation>;

export const Turn = z.object({
  customer: z.string(),
  exchanges: z.array(Exchange),
  /** A staff decision applied to the turn's open escalation after it. */
  decision: z.object({ decision: z.enum(['approve', 'reject']), note: z.string().nullable() }).optional(),
  expect: TurnExpectation,
  /** After a decision: the workflow's status and the message posted to the conversation. */
  afterDecision: z.object({ workflowStatus: z.string(), replyFacts: z.array(z.string()) }).optional(),
});
export type Turn = z.infer<typeof Turn>;

/** A recorded conversation: everything needed to replay it without a network or a key. */
export const Cassette = z.object({
  version: z.literal(CASSETTE_VERSION),
  name: z.string(),
  description: z.string(),
  customerId: z.string(),
  /** The instant the sandbox was seeded and the conversation ran, on virtual time. */
  clock: z.string(),
  /** Shop seed folder, relative to the repository root. @default fixtures/shop */
  seed: z.string().default('fixtures/shop'),
  planner: z.enum(['llm', 'offline']),
  model: z.string().nullable(),
  /** Settings the run used (faults, confirmation, threshold); secrets are never recorded. */
  env: z.record(z.string(), z.string()),
  turns: z.array(Turn).min(1),
});
export type Cassette = z.infer<typeof Cassette>;

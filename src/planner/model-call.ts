import type { z } from 'zod';
import { ModelUnavailableError } from '../errors.js';
import type { LlmCallRecord, LlmCallRecorder } from '../llm-call.js';
import type { Clock, Ids, Random, Sleep } from '../runtime.js';
import type { TokenLogprob } from './confidence.js';
import { type AttemptDeps, attemptModelCall } from './model-attempt.js';
import type { CheckedChoice, CheckedCompletion } from './model-response.js';
import { isRetryable, retryDelayMs } from './model-retry.js';
import type { ModelPlan } from './plan-schema.js';
import type { PromptMessage } from './prompt.js';
import type { TurnDeadline } from './turn-deadline.js';

/** What one model call gave: a plan to check, an answer to send back for repair, or a refusal. */
export type ModelReply<T = ModelPlan> =
  | { kind: 'parsed'; value: T; content: string; tokens: TokenLogprob[] | null }
  | { kind: 'unusable'; content: string | null; feedback: string }
  | { kind: 'refused'; reason: string };

/** Told about every model failure and success, e.g. to log a misconfiguration and report health. */
export interface ModelCallObserver {
  failed(error: ModelUnavailableError): void;
  succeeded(): void;
}

export interface ModelCallDeps<T = ModelPlan> extends AttemptDeps {
  schema: z.ZodType<T>;
  clock: Clock;
  ids: Ids;
  sleep: Sleep;
  random: Random;
  recorder: LlmCallRecorder | null;
  observer: ModelCallObserver | null;
  /** Retries after the first attempt, each only if the turn has time for it. */
  maxRetries: number;
  /** One attempt's own limit; the time left in the turn may cut it shorter. */
  attemptTimeoutMs: number;
}

/**
 * A Chat Completions call with a strict json_schema response format, retried by keel (408/409/429/
 * 5xx, connection errors, timeouts) with capped, jittered backoff on the injected sleep, and bound
 * by the turn's deadline: each attempt gets the smaller of its own timeout and the time left, and
 * a wait the turn has no time for (a long `Retry-After`) is not waited. Every attempt is recorded.
 * Parsing is done here, not by the SDK's `parse()`, so that every outcome (truncation, invalid
 * JSON, schema mismatch, refusal) is recorded and turned into something the planner can act on.
 * Failures that remain become ModelUnavailableError.
 */
export async function callModel<T = ModelPlan>(
  deps: ModelCallDeps<T>,
  messages: PromptMessage[],
  meta: { customerId: string; conversationId: string | null; deadline: TurnDeadline },
): Promise<ModelReply<T>> {
  for (let attempt = 0; ; attempt++) {
    const left = meta.deadline.remainingMs();
    if (left === 0)
      throw new ModelUnavailableError('The turn deadline passed before the model answered', null, {
        kind: 'deadline',
      });
    const started = deps.clock.now();
    const timeout =
      left < deps.attemptTimeoutMs
        ? { ms: left, kind: 'deadline' as const }
        : { ms: deps.attemptTimeoutMs, kind: 'timeout' as const };
    const outcome = await attemptModelCall(deps, messages, meta.conversationId, timeout);
    const base = { started, requestId: outcome.requestId };
    if (outcome.ok) {
      await record(deps, meta, base, success(outcome.completion, outcome.status));
      deps.observer?.succeeded();
      return interpret(deps.schema, outcome.completion.choices[0]);
    }
    const { error } = outcome;
    await record(deps, meta, base, { status: 'error', httpStatus: error.status, error: error.message });
    deps.observer?.failed(error);
    if (!isRetryable(error.kind) || attempt >= deps.maxRetries) throw error;
    const wait = retryDelayMs(attempt, outcome.headers, deps.clock.now(), deps.random);
    const remaining = meta.deadline.remainingMs();
    if (wait >= remaining)
      throw new ModelUnavailableError(
        `${error.message}; a retry would wait ${Math.round(wait)} ms, the turn has ${remaining} ms left`,
        error.status,
        { kind: error.kind, cause: error },
      );
    await deps.sleep(wait);
  }
}

function success(completion: CheckedCompletion, status: number): Partial<LlmCallRecord> {
  const usage = completion.usage;
  return {
    ...(completion.model ? { model: completion.model } : {}),
    httpStatus: status,
    finishReason: completion.choices[0]?.finish_reason ?? null,
    promptTokens: usage?.prompt_tokens ?? null,
    completionTokens: usage?.completion_tokens ?? null,
    cachedTokens: usage?.prompt_tokens_details?.cached_tokens ?? null,
  };
}

async function record(
  deps: Pick<ModelCallDeps, 'recorder' | 'ids' | 'model' | 'clock'>,
  meta: { customerId: string; conversationId: string | null },
  base: { started: Date; requestId: string | null },
  fields: Partial<LlmCallRecord>,
): Promise<void> {
  await deps.recorder?.recordLlmCall({
    id: deps.ids.next('llm'),
    conversationId: meta.conversationId,
    customerId: meta.customerId,
    model: deps.model,
    status: 'ok',
    httpStatus: 200,
    finishReason: null,
    promptTokens: null,
    completionTokens: null,
    cachedTokens: null,
    latencyMs: deps.clock.now().getTime() - base.started.getTime(),
    requestId: base.requestId,
    error: null,
    createdAt: base.started.toISOString(),
    ...fields,
  });
}

function interpret<T>(schema: z.ZodType<T>, choice: CheckedChoice | undefined): ModelReply<T> {
  if (!choice)
    return { kind: 'unusable', content: null, feedback: 'The response had no choices. Answer with a plan.' };
  const { message, finish_reason: finish } = choice;
  if (message.refusal) return { kind: 'refused', reason: message.refusal };
  if (finish === 'content_filter')
    return { kind: 'refused', reason: 'the answer was withheld by a content filter' };
  const content = message.content ?? '';
  if (finish === 'length') {
    return {
      kind: 'unusable',
      content,
      feedback: 'Your answer was cut off at the token limit. Answer again with a complete, shorter plan.',
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch (error) {
    return {
      kind: 'unusable',
      content,
      feedback: `Your answer was not valid JSON (${(error as Error).message}). Answer with JSON matching the plan schema.`,
    };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) return { kind: 'unusable', content, feedback: schemaFeedback(parsed.error) };
  const tokens = choice.logprobs?.content?.map(({ token, logprob }) => ({ token, logprob })) ?? null;
  return { kind: 'parsed', value: parsed.data, content, tokens };
}

function schemaFeedback(error: z.ZodError): string {
  const issues = error.issues
    .slice(0, 10)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
  return `Your plan does not match the schema: ${issues}. Use only the listed tools with their exact args.`;
}

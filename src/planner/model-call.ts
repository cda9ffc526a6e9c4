import OpenAI from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import type { z } from 'zod';
import { ModelUnavailableError } from '../errors.js';
import type { LlmCallRecord, LlmCallRecorder } from '../llm-call.js';
import type { Clock, Ids } from '../runtime.js';
import type { TokenLogprob } from './confidence.js';
import type { buildPlanSchema, ModelPlan } from './plan-schema.js';
import type { PromptMessage } from './prompt.js';

/** What one model call gave: a plan to check, an answer to send back for repair, or a refusal. */
export type ModelReply =
  | { kind: 'parsed'; value: ModelPlan; content: string; tokens: TokenLogprob[] | null }
  | { kind: 'unusable'; content: string | null; feedback: string }
  | { kind: 'refused'; reason: string };

/** Request header naming the conversation a model call belongs to, for recording. */
export const CONVERSATION_HEADER = 'x-keel-conversation';

export interface ModelCallDeps {
  client: OpenAI;
  model: string;
  schema: ReturnType<typeof buildPlanSchema>;
  logprobs: boolean;
  clock: Clock;
  ids: Ids;
  recorder: LlmCallRecorder | null;
}

/**
 * One Chat Completions call with a strict json_schema response format. Parsing is done here, not
 * by the SDK's `parse()`, so that every outcome (truncation, invalid JSON, schema mismatch,
 * refusal) is recorded with its usage and turned into something the planner can act on.
 * API errors that survive the SDK's retries become ModelUnavailableError.
 */
export async function callModel(
  deps: ModelCallDeps,
  messages: PromptMessage[],
  meta: { customerId: string; conversationId: string | null },
): Promise<ModelReply> {
  const started = deps.clock.now();
  const record = (fields: Partial<LlmCallRecord>) =>
    deps.recorder?.recordLlmCall({
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
      latencyMs: deps.clock.now().getTime() - started.getTime(),
      requestId: null,
      error: null,
      createdAt: started.toISOString(),
      ...fields,
    });
  let completion: OpenAI.Chat.Completions.ChatCompletion & { _request_id?: string | null };
  try {
    completion = await deps.client.chat.completions.create(
      {
        model: deps.model,
        messages,
        response_format: zodResponseFormat(deps.schema, 'plan'),
        ...(deps.logprobs ? { logprobs: true } : {}),
      },
      // Lets a recorder file the exchange under its conversation; the recorder strips it again.
      meta.conversationId ? { headers: { [CONVERSATION_HEADER]: meta.conversationId } } : undefined,
    );
  } catch (error) {
    const status = error instanceof OpenAI.APIError ? (error.status ?? null) : null;
    record({
      status: 'error',
      httpStatus: status,
      error: (error as Error).message,
      requestId: requestIdOf(error),
    });
    if (error instanceof OpenAI.APIError) {
      throw new ModelUnavailableError(`Model call failed: ${error.message}`, status, { cause: error });
    }
    throw error;
  }
  const choice = completion.choices[0];
  const usage = completion.usage;
  const finishReason = choice?.finish_reason ?? null;
  record({
    model: completion.model,
    finishReason,
    promptTokens: usage?.prompt_tokens ?? null,
    completionTokens: usage?.completion_tokens ?? null,
    cachedTokens: usage?.prompt_tokens_details?.cached_tokens ?? null,
    requestId: completion._request_id ?? null,
  });
  return interpret(deps.schema, choice);
}

function interpret(
  schema: ModelCallDeps['schema'],
  choice: OpenAI.Chat.Completions.ChatCompletion.Choice | undefined,
): ModelReply {
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

function requestIdOf(error: unknown): string | null {
  return error instanceof OpenAI.APIError ? (error.requestID ?? null) : null;
}

import OpenAI from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import type { z } from 'zod';
import { type ModelFailureKind, ModelUnavailableError } from '../errors.js';
import { withCallContext } from './call-context.js';
import { type CheckedCompletion, parseCompletion, readCapped } from './model-response.js';
import type { PromptMessage } from './prompt.js';

/** A signal that aborts after `ms`, and a way to drop the timer when the attempt ends first. */
export type AbortAfter = (ms: number) => { signal: AbortSignal; cancel(): void };

/** A real timer; tests inject one they abort when they choose. */
export const timerAbort: AbortAfter = (ms) => {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`no answer within ${ms} ms`)), ms);
  return { signal: controller.signal, cancel: () => clearTimeout(timer) };
};

export interface AttemptDeps {
  client: OpenAI;
  model: string;
  /** The strict json_schema the answer must match (the plan, or a consent answer). */
  schema: z.ZodType;
  /** The response format's name. @default 'plan' */
  schemaName?: string;
  logprobs: boolean;
  maxCompletionTokens: number;
  maxResponseBytes: number;
  abortAfter: AbortAfter;
}

/** One HTTP exchange: a checked completion, or a classified failure with the headers that came with it. */
export type AttemptOutcome =
  | { ok: true; completion: CheckedCompletion; requestId: string | null; status: number }
  | { ok: false; error: ModelUnavailableError; headers: Headers | null; requestId: string | null };

/**
 * One call with no retry inside the SDK (keel retries, on its own clock) and a timeout that covers
 * the body too: the signal aborts a stalled header wait and a stalled body read alike. The body is
 * read here, capped in bytes, and checked to be a completion.
 */
export async function attemptModelCall(
  deps: AttemptDeps,
  messages: PromptMessage[],
  conversationId: string | null,
  timeout: { ms: number; kind: 'timeout' | 'deadline' },
): Promise<AttemptOutcome> {
  // Built before the call, so a fault in keel's own request is a bug, not a network failure.
  const body = {
    model: deps.model,
    messages,
    response_format: zodResponseFormat(deps.schema, deps.schemaName ?? 'plan'),
    max_completion_tokens: deps.maxCompletionTokens,
    ...(deps.logprobs ? { logprobs: true as const } : {}),
  };
  const timer = deps.abortAfter(timeout.ms);
  let headers: Headers | null = null;
  let requestId: string | null = null;
  try {
    const response = await deps.client.chat.completions
      .create(body, { signal: timer.signal, maxRetries: 0, fetchOptions: contextOptions(conversationId) })
      .asResponse();
    headers = response.headers;
    requestId = response.headers.get('x-request-id');
    const text = await readCapped(response, deps.maxResponseBytes);
    return {
      ok: true,
      completion: parseCompletion(text, response.status),
      requestId,
      status: response.status,
    };
  } catch (error) {
    if (error instanceof OpenAI.APIError) {
      headers = error.headers ?? headers;
      requestId = error.requestID ?? requestId;
    }
    const failure = classify(error, timer.signal.aborted, timeout);
    return { ok: false, error: failure, headers, requestId };
  } finally {
    timer.cancel();
  }
}

type FetchOptions = NonNullable<
  NonNullable<Parameters<OpenAI['chat']['completions']['create']>[1]>['fetchOptions']
>;

/** The context has only a symbol key, which the SDK's fetch-options type cannot express. */
function contextOptions(conversationId: string | null): FetchOptions {
  return withCallContext({ conversationId }) as FetchOptions;
}

function classify(
  error: unknown,
  aborted: boolean,
  timeout: { ms: number; kind: 'timeout' | 'deadline' },
): ModelUnavailableError {
  if (error instanceof ModelUnavailableError) return error;
  if (aborted) {
    const what = timeout.kind === 'deadline' ? 'the turn deadline' : `the ${timeout.ms} ms attempt timeout`;
    return new ModelUnavailableError(`The model did not answer within ${what}`, null, {
      kind: timeout.kind,
      cause: error,
    });
  }
  if (!(error instanceof OpenAI.APIError)) {
    // The exchange itself broke (a socket reset half-way through the body, a fetch that threw).
    return new ModelUnavailableError(`The model connection failed: ${(error as Error).message}`, null, {
      kind: 'connection',
      cause: error,
    });
  }
  const status = error.status ?? null;
  return new ModelUnavailableError(`Model call failed: ${error.message}`, status, {
    kind: kindOf(error, status),
    cause: error,
  });
}

function kindOf(error: InstanceType<typeof OpenAI.APIError>, status: number | null): ModelFailureKind {
  if (error instanceof OpenAI.APIConnectionTimeoutError) return 'timeout';
  if (error instanceof OpenAI.APIConnectionError || status === null) return 'connection';
  if (status === 401 || status === 403 || status === 404) return 'misconfigured';
  if (status === 408) return 'timeout';
  if (status === 429) return 'rate_limited';
  if (status === 409 || status >= 500) return 'server';
  return 'rejected';
}

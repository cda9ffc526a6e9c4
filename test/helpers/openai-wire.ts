import { HttpResponse } from 'msw';
import OpenAI from 'openai';

/**
 * Chat Completions responses in the real wire format (see shared/notes/openai-wire.md): the
 * fields, headers and error bodies the API sends, so the SDK parses them as it would in production.
 */

export const CHAT_URL = 'https://api.openai.com/v1/chat/completions';
let counter = 0;

const headers = (extra: Record<string, string> = {}) => ({
  'content-type': 'application/json',
  'x-request-id': `req_${(++counter).toString(16).padStart(8, '0')}`,
  'openai-processing-ms': '412',
  'openai-version': '2020-10-01',
  'x-ratelimit-limit-requests': '10000',
  'x-ratelimit-remaining-requests': '9999',
  'x-ratelimit-reset-requests': '6ms',
  ...extra,
});

/** Splits JSON text the way a BPE tokenizer roughly does: punctuation runs and words. */
export function tokenize(content: string): string[] {
  return content.match(/[{}[\],:]+"?|"[{}[\],:]*|[^{}[\],:"]+/g) ?? [];
}

export interface CompletionOptions {
  finishReason?: 'stop' | 'length' | 'content_filter';
  refusal?: string;
  /** Log probability per token; `intentLogprob` for the tokens of the intent's value. */
  logprobs?: { default: number; intent?: number };
  promptTokens?: number;
  cachedTokens?: number;
}

export function completionBody(content: string | null, options: CompletionOptions = {}) {
  const tokens = content === null ? [] : tokenize(content);
  const intent = content === null ? null : /"intent"\s*:\s*"([^"]*)"/.exec(content);
  let offset = 0;
  const logprobs = options.logprobs
    ? {
        content: tokens.map((token) => {
          const start = offset;
          offset += token.length;
          const valueStart = intent ? intent.index + intent[0].length - 1 - (intent[1]?.length ?? 0) : -1;
          const inIntent = intent && start < valueStart + (intent[1]?.length ?? 0) && offset > valueStart;
          const logprob =
            inIntent && options.logprobs?.intent !== undefined
              ? options.logprobs.intent
              : (options.logprobs?.default ?? 0);
          return { token, logprob, bytes: [...Buffer.from(token)], top_logprobs: [] };
        }),
        refusal: null,
      }
    : null;
  const completionTokens = Math.max(1, tokens.length);
  const promptTokens = options.promptTokens ?? 1830;
  return {
    id: `chatcmpl-${(++counter).toString(36)}AbCdEf`,
    object: 'chat.completion',
    created: 1_764_000_000,
    model: 'gpt-4o-mini-2024-07-18',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content, refusal: options.refusal ?? null, annotations: [] },
        logprobs,
        finish_reason: options.finishReason ?? 'stop',
      },
    ],
    usage: {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
      prompt_tokens_details: { cached_tokens: options.cachedTokens ?? 0, audio_tokens: 0 },
      completion_tokens_details: {
        reasoning_tokens: 0,
        audio_tokens: 0,
        accepted_prediction_tokens: 0,
        rejected_prediction_tokens: 0,
      },
    },
    service_tier: 'default',
    system_fingerprint: 'fp_560af6e559',
  };
}

export function completion(content: unknown, options: CompletionOptions = {}) {
  const text =
    typeof content === 'string' || content === null ? (content as string | null) : JSON.stringify(content);
  return HttpResponse.json(completionBody(text, options), { headers: headers() });
}

export function refusal(text = "I'm sorry, I can't help with that.") {
  return completion(null, { refusal: text });
}

const ERRORS = {
  429: {
    type: 'requests',
    code: 'rate_limit_exceeded',
    message:
      'Rate limit reached for gpt-4o-mini on requests per min (RPM): Limit 500, Used 500, Requested 1. Please try again in 120ms.',
  },
  500: {
    type: 'server_error',
    code: null,
    message: 'The server had an error while processing your request. Sorry about that!',
  },
  503: {
    type: 'service_unavailable_error',
    code: 'server_is_overloaded',
    message: 'The server is overloaded or not ready yet.',
  },
  401: {
    type: 'invalid_request_error',
    code: 'invalid_api_key',
    message: 'Incorrect API key provided: sk-test****.',
  },
} as const;

/** An error response; retryable ones carry a tiny `retry-after-ms` so the SDK's retry is not a real wait. */
export function apiError(status: keyof typeof ERRORS, extra: Record<string, string> = {}) {
  const { type, code, message } = ERRORS[status];
  const retry = status === 401 ? {} : { 'retry-after-ms': '2' };
  return HttpResponse.json(
    { error: { message, type, param: null, code } },
    { status, headers: headers({ ...retry, ...extra }) },
  );
}

/**
 * msw 2 never settles `body.cancel()` on a mocked response, and the SDK cancels the body before
 * every retry; re-buffering the response avoids the hang (openai-wire.md §0).
 */
const rebuffering: typeof globalThis.fetch = async (input, init) => {
  const response = await globalThis.fetch(input, init);
  const body = response.body ? await response.arrayBuffer() : null;
  return new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
};

export function testClient(options: { maxRetries?: number; timeoutMs?: number } = {}): OpenAI {
  return new OpenAI({
    apiKey: 'sk-test',
    baseURL: 'https://api.openai.com/v1',
    fetch: rebuffering,
    maxRetries: options.maxRetries ?? 2,
    timeout: options.timeoutMs ?? 5_000,
  });
}

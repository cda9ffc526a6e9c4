import { HttpResponse } from 'msw';
import OpenAI from 'openai';
import { type CompletionOptions, completionBody } from '../../src/testing/scripted-model.js';

export { completionBody, tokenize } from '../../src/testing/scripted-model.js';

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

/** A client as keel builds one: no retries inside the SDK (keel retries within the turn). */
export function testClient(options: { timeoutMs?: number } = {}): OpenAI {
  return new OpenAI({
    apiKey: 'sk-test',
    baseURL: 'https://api.openai.com/v1',
    fetch: rebuffering,
    maxRetries: 0,
    timeout: options.timeoutMs ?? 5_000,
  });
}

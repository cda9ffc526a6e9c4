import { createHash } from 'node:crypto';
import { KeelError } from '../errors.js';

/**
 * Chat Completions responses in the real wire format (ids, usage with details, logprobs,
 * refusal, finish_reason), for tests that mock the model at the HTTP level.
 */

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

/** A `chat.completion` object as the API returns it. */
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
    // Derived from the content, so the same answer has the same id on every run.
    id: `chatcmpl-${createHash('sha1')
      .update(content ?? options.refusal ?? '')
      .digest('hex')
      .slice(0, 24)}`,
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

/** A scripted model was called more often than it was given answers. */
export class UnexpectedModelCallError extends KeelError {
  readonly code = 'UNEXPECTED_MODEL_CALL';
}

/**
 * A model for hand-written test cases: give it plans (or raw text), pass `model.fetch` to keel
 * (`openRetailKeel({ dbPath, fetch: model.fetch, env: { OPENAI_API_KEY: 'test' } })`), and it answers each
 * Chat Completions call with the next one in the real wire format. It keeps every request body,
 * fails loudly when it runs out, and `assertComplete()` fails when answers are left.
 *
 * @example
 * const model = new ScriptedModel([{ ask: null, ...returnPlan('ORD-1001', { reason: 'fit', confidence: 0.95 }) }]);
 */
export class ScriptedModel {
  readonly calls: unknown[] = [];
  readonly #answers: (Record<string, unknown> | string)[];

  constructor(answers: (Record<string, unknown> | string)[]) {
    this.#answers = answers;
  }

  readonly fetch: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init);
    this.calls.push(await request.json());
    const answer = this.#answers[this.calls.length - 1];
    if (answer === undefined)
      throw new UnexpectedModelCallError(`ScriptedModel has no answer for call ${this.calls.length}`);
    const content = typeof answer === 'string' ? answer : JSON.stringify(answer);
    return new Response(JSON.stringify(completionBody(content, { logprobs: { default: -0.0005 } })), {
      status: 200,
      headers: { 'content-type': 'application/json', 'x-request-id': `req_scripted_${this.calls.length}` },
    });
  };

  assertComplete(): void {
    if (this.calls.length < this.#answers.length) {
      throw new UnexpectedModelCallError(
        `ScriptedModel has ${this.#answers.length - this.calls.length} unused answers`,
      );
    }
  }
}

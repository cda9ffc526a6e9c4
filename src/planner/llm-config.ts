import OpenAI from 'openai';
import { DEFAULT_LLM_TIMEOUT_MS } from '../defaults.js';

/**
 * How to reach a model: OpenAI itself or any OpenAI-compatible server (Ollama, vLLM, llama.cpp).
 * The composition root builds it (the `keel` command from the environment) and passes it in.
 */
export interface LlmConfig {
  apiKey: string | null;
  baseURL: string | null;
  /** @default DEFAULT_MODEL */
  model?: string;
  /** Per attempt. @default DEFAULT_LLM_TIMEOUT_MS */
  timeoutMs?: number;
  /** keel's retries of 408/409/429/5xx, connection errors and timeouts. @default DEFAULT_LLM_MAX_RETRIES */
  maxRetries?: number;
  /** Ask for token logprobs to temper confidence; turn off for models that reject them. @default true */
  logprobs?: boolean;
  /**
   * Where these settings were set, named in the log when the provider rejects them (e.g. the
   * environment variables that carry them). @default "the model's API key, base URL and name"
   */
  source?: string;
  /**
   * Let the model word its questions; a wording that asks for payment data or credentials is
   * never sent. @default false
   */
  rephraseQuestions?: boolean;
}

/**
 * The official client for a config, with the SDK's own retries off: keel retries on its own
 * clock, within the turn's deadline, where the SDK would sleep whatever `Retry-After` said.
 * `fetch` is injectable for tests and recording.
 */
export function createOpenAiClient(config: LlmConfig, fetch?: typeof globalThis.fetch): OpenAI {
  return new OpenAI({
    // Local OpenAI-compatible servers need no key, but the SDK insists on one.
    apiKey: config.apiKey ?? 'not-needed',
    ...(config.baseURL ? { baseURL: config.baseURL } : {}),
    timeout: config.timeoutMs ?? DEFAULT_LLM_TIMEOUT_MS,
    maxRetries: 0,
    ...(fetch ? { fetch } : {}),
  });
}

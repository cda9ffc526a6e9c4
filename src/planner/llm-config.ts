import OpenAI from 'openai';
import { DEFAULT_LLM_MAX_RETRIES, DEFAULT_LLM_TIMEOUT_MS, DEFAULT_MODEL } from '../defaults.js';
import { envFlag } from '../env-flag.js';
import { ConfigError } from '../errors.js';

/** How to reach a model: OpenAI itself or any OpenAI-compatible server (Ollama, vLLM, llama.cpp). */
export interface LlmConfig {
  apiKey: string | null;
  baseURL: string | null;
  /** @default DEFAULT_MODEL */
  model: string;
  /** Per attempt. @default DEFAULT_LLM_TIMEOUT_MS */
  timeoutMs: number;
  /** Retries of 408/409/429/5xx and connection errors inside the SDK. @default DEFAULT_LLM_MAX_RETRIES */
  maxRetries: number;
  /** Ask for token logprobs to temper confidence; turn off for models that reject them. @default true */
  logprobs: boolean;
}

/**
 * Reads OPENAI_API_KEY, OPENAI_BASE_URL, KEEL_MODEL, KEEL_LLM_TIMEOUT_MS and KEEL_LLM_LOGPROBS.
 * Null when neither a key nor a base URL is set: then the offline planner is the planner.
 */
export function llmConfigFromEnv(env: Record<string, string | undefined>): LlmConfig | null {
  const apiKey = env.OPENAI_API_KEY?.trim() || null;
  const baseURL = env.OPENAI_BASE_URL?.trim() || null;
  if (!apiKey && !baseURL) return null;
  if (baseURL && !/^https?:\/\//.test(baseURL)) {
    throw new ConfigError(`OPENAI_BASE_URL must be an http(s) URL, got "${baseURL}"`);
  }
  const timeout = env.KEEL_LLM_TIMEOUT_MS ? Number(env.KEEL_LLM_TIMEOUT_MS) : DEFAULT_LLM_TIMEOUT_MS;
  if (!Number.isInteger(timeout) || timeout <= 0) {
    throw new ConfigError(`KEEL_LLM_TIMEOUT_MS must be a positive integer, got "${env.KEEL_LLM_TIMEOUT_MS}"`);
  }
  return {
    apiKey,
    baseURL,
    model: env.KEEL_MODEL?.trim() || DEFAULT_MODEL,
    timeoutMs: timeout,
    maxRetries: DEFAULT_LLM_MAX_RETRIES,
    logprobs: envFlag(env, 'KEEL_LLM_LOGPROBS', true),
  };
}

/** The official client for a config; `fetch` is injectable for tests and recording. */
export function createOpenAiClient(config: LlmConfig, fetch?: typeof globalThis.fetch): OpenAI {
  return new OpenAI({
    // Local OpenAI-compatible servers need no key, but the SDK insists on one.
    apiKey: config.apiKey ?? 'not-needed',
    ...(config.baseURL ? { baseURL: config.baseURL } : {}),
    timeout: config.timeoutMs,
    maxRetries: config.maxRetries,
    ...(fetch ? { fetch } : {}),
  });
}

import {
  DEFAULT_LLM_MAX_RETRIES,
  DEFAULT_LLM_TIMEOUT_MS,
  DEFAULT_MODEL,
  DEFAULT_TURN_TIMEOUT_MS,
} from '../defaults.js';
import { ConfigError } from '../errors.js';
import type { LlmConfig } from '../planner/llm-config.js';
import { envFlag } from './env-flag.js';

/** Where the model's settings come from, named in the log when the provider rejects them. */
const MODEL_VARIABLES = 'OPENAI_API_KEY, OPENAI_BASE_URL and KEEL_MODEL';

/**
 * Reads OPENAI_API_KEY, OPENAI_BASE_URL, KEEL_MODEL, KEEL_LLM_TIMEOUT_MS, KEEL_LLM_LOGPROBS and
 * KEEL_REPHRASE_QUESTIONS.
 * Null when neither a key nor a base URL is set: then the offline planner is the planner.
 */
export function llmConfigFromEnv(env: Record<string, string | undefined>): LlmConfig | null {
  const apiKey = env.OPENAI_API_KEY?.trim() || null;
  const baseURL = env.OPENAI_BASE_URL?.trim() || null;
  if (!apiKey && !baseURL) return null;
  if (baseURL && !/^https?:\/\//.test(baseURL)) {
    throw new ConfigError(`OPENAI_BASE_URL must be an http(s) URL, got "${baseURL}"`);
  }
  return {
    apiKey,
    baseURL,
    model: env.KEEL_MODEL?.trim() || DEFAULT_MODEL,
    timeoutMs: positiveMs(env, 'KEEL_LLM_TIMEOUT_MS', DEFAULT_LLM_TIMEOUT_MS),
    maxRetries: DEFAULT_LLM_MAX_RETRIES,
    logprobs: envFlag(env, 'KEEL_LLM_LOGPROBS', true),
    rephraseQuestions: envFlag(env, 'KEEL_REPHRASE_QUESTIONS', false),
    source: MODEL_VARIABLES,
  };
}

/** KEEL_TURN_TIMEOUT_MS, a positive integer. @default DEFAULT_TURN_TIMEOUT_MS */
export function turnTimeoutFromEnv(env: Record<string, string | undefined>): number {
  return positiveMs(env, 'KEEL_TURN_TIMEOUT_MS', DEFAULT_TURN_TIMEOUT_MS);
}

function positiveMs(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const raw = env[name];
  const value = raw ? Number(raw) : fallback;
  if (!Number.isInteger(value) || value <= 0) {
    throw new ConfigError(`${name} must be a positive integer, got "${raw}"`);
  }
  return value;
}

import OpenAI from 'openai';
import {
  DEFAULT_LLM_MAX_RETRIES,
  DEFAULT_LLM_TIMEOUT_MS,
  DEFAULT_MODEL,
  DEFAULT_TURN_TIMEOUT_MS,
} from '../defaults.js';
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
  /** keel's retries of 408/409/429/5xx, connection errors and timeouts. @default DEFAULT_LLM_MAX_RETRIES */
  maxRetries: number;
  /** The whole model path of one turn. @default DEFAULT_TURN_TIMEOUT_MS */
  turnTimeoutMs: number;
  /** Ask for token logprobs to temper confidence; turn off for models that reject them. @default true */
  logprobs: boolean;
  /**
   * Let the model word its questions; a wording that asks for payment data or credentials is
   * never sent. @default false
   */
  rephraseQuestions?: boolean;
}

/**
 * Reads OPENAI_API_KEY, OPENAI_BASE_URL, KEEL_MODEL, KEEL_LLM_TIMEOUT_MS, KEEL_TURN_TIMEOUT_MS and
 * KEEL_LLM_LOGPROBS and KEEL_REPHRASE_QUESTIONS.
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
    turnTimeoutMs: turnTimeoutFromEnv(env),
    logprobs: envFlag(env, 'KEEL_LLM_LOGPROBS', true),
    rephraseQuestions: envFlag(env, 'KEEL_REPHRASE_QUESTIONS', false),
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
    timeout: config.timeoutMs,
    maxRetries: 0,
    ...(fetch ? { fetch } : {}),
  });
}

import { DEFAULT_CONFIDENCE_THRESHOLD } from '../defaults.js';
import { ConfigError } from '../errors.js';
import type { LlmCallRecorder } from '../llm-call.js';
import type { Clock, Ids, Random, Sleep } from '../runtime.js';
import type { ToolRegistry } from '../tools/registry.js';
import type { PlannerDomain } from './domain.js';
import { createOpenAiClient, llmConfigFromEnv } from './llm-config.js';
import { LlmPlanner } from './llm-planner.js';
import type { ModelCallObserver } from './model-call.js';
import { OfflinePlanner } from './offline-planner.js';
import type { Planner } from './planner.js';

export interface CreatePlannerOptions<Facts = unknown> {
  env: Record<string, string | undefined>;
  registry: ToolRegistry;
  /** The domain planned for: its intents, prompt, facts, ownership, hand-over and offline rules. */
  domain: PlannerDomain<Facts>;
  clock: Clock;
  ids: Ids;
  sleep?: Sleep;
  random?: Random;
  recorder?: LlmCallRecorder;
  /** Told about model failures and successes (health, logging). */
  observer?: ModelCallObserver;
  /** Forces a planner; otherwise the LLM planner when a key or base URL is set. */
  override?: 'llm' | 'offline';
  /** For tests and recording. @default globalThis.fetch */
  fetch?: typeof globalThis.fetch;
}

/**
 * The LLM planner, with the offline planner as its fallback, when OPENAI_API_KEY or
 * OPENAI_BASE_URL is set; the offline planner alone otherwise.
 */
export function createPlanner<Facts>(options: CreatePlannerOptions<Facts>): Planner<Facts> {
  const offline = new OfflinePlanner(options.domain.offline);
  if (options.override === 'offline') return offline;
  const config = llmConfigFromEnv(options.env);
  if (!config) {
    if (options.override === 'llm')
      throw new ConfigError('--planner llm needs OPENAI_API_KEY or OPENAI_BASE_URL');
    return offline;
  }
  return new LlmPlanner({
    client: createOpenAiClient(config, options.fetch),
    model: config.model,
    registry: options.registry,
    domain: options.domain,
    clock: options.clock,
    ids: options.ids,
    fallback: offline,
    logprobs: config.logprobs,
    rephraseQuestions: config.rephraseQuestions ?? false,
    attemptTimeoutMs: config.timeoutMs,
    maxRetries: config.maxRetries,
    turnTimeoutMs: config.turnTimeoutMs,
    ...(options.sleep ? { sleep: options.sleep } : {}),
    ...(options.random ? { random: options.random } : {}),
    ...(options.recorder ? { recorder: options.recorder } : {}),
    ...(options.observer ? { observer: options.observer } : {}),
  });
}

/** KEEL_CONFIDENCE_THRESHOLD, a number in [0, 1]. @default DEFAULT_CONFIDENCE_THRESHOLD */
export function confidenceThresholdFromEnv(env: Record<string, string | undefined>): number {
  const raw = env.KEEL_CONFIDENCE_THRESHOLD;
  if (raw === undefined || raw === '') return DEFAULT_CONFIDENCE_THRESHOLD;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || value > 1) {
    throw new ConfigError(`KEEL_CONFIDENCE_THRESHOLD must be a number between 0 and 1, got "${raw}"`);
  }
  return value;
}

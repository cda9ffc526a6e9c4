import { DEFAULT_MODEL } from '../defaults.js';
import { ConfigError } from '../errors.js';
import type { LlmCallRecorder } from '../llm-call.js';
import type { Clock, Ids, Random, Sleep } from '../runtime.js';
import type { ToolRegistry } from '../tools/registry.js';
import type { PlannerDomain } from './domain.js';
import { createOpenAiClient, type LlmConfig } from './llm-config.js';
import { LlmPlanner } from './llm-planner.js';
import type { ModelCallObserver } from './model-call.js';
import { OfflinePlanner } from './offline-planner.js';
import type { Planner } from './planner.js';

export interface CreatePlannerOptions<Facts = unknown> {
  /** The model to plan with; without one the domain's offline planner plans. */
  llm?: LlmConfig | undefined;
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
  /** Forces a planner; otherwise the LLM planner when `llm` is given. */
  override?: 'llm' | 'offline';
  /** One turn's whole model path. @default DEFAULT_TURN_TIMEOUT_MS */
  turnTimeoutMs?: number | undefined;
  /** For tests and recording. @default globalThis.fetch */
  fetch?: typeof globalThis.fetch;
}

/**
 * The LLM planner, with the offline planner as its fallback, when a model is configured; the
 * offline planner alone otherwise.
 */
export function createPlanner<Facts>(options: CreatePlannerOptions<Facts>): Planner<Facts> {
  const offline = new OfflinePlanner(options.domain.offline);
  if (options.override === 'offline') return offline;
  const config = options.llm;
  if (!config) {
    if (options.override === 'llm')
      throw new ConfigError('the LLM planner needs a model: pass llm (its key or base URL)');
    return offline;
  }
  return new LlmPlanner({
    client: createOpenAiClient(config, options.fetch),
    model: config.model ?? DEFAULT_MODEL,
    registry: options.registry,
    domain: options.domain,
    clock: options.clock,
    ids: options.ids,
    fallback: offline,
    ...(config.logprobs === undefined ? {} : { logprobs: config.logprobs }),
    ...(config.timeoutMs ? { attemptTimeoutMs: config.timeoutMs } : {}),
    ...(config.maxRetries === undefined ? {} : { maxRetries: config.maxRetries }),
    ...(options.turnTimeoutMs ? { turnTimeoutMs: options.turnTimeoutMs } : {}),
    rephraseQuestions: config.rephraseQuestions ?? false,
    ...(options.sleep ? { sleep: options.sleep } : {}),
    ...(options.random ? { random: options.random } : {}),
    ...(options.recorder ? { recorder: options.recorder } : {}),
    ...(options.observer ? { observer: options.observer } : {}),
  });
}

import { LlmPlanner, type LlmPlannerOptions } from '../../src/planner/llm-planner.js';
import { sequentialIds } from '../../src/testing/index.js';
import { testClient } from './openai-wire.js';
import type { createShopHarness } from './shop-harness.js';

/**
 * An LLM planner over a shop harness's domain and virtual time, its client pointed at the API
 * address msw answers in tests (see openai-wire.ts); one repair unless the options say otherwise.
 */
export function llmPlannerOver(
  h: ReturnType<typeof createShopHarness>,
  options: Partial<LlmPlannerOptions> = {},
): LlmPlanner {
  return new LlmPlanner({
    client: testClient(),
    model: 'gpt-4o-mini',
    registry: h.domain.registry,
    domain: h.domain,
    clock: h.time.clock,
    sleep: h.time.sleep,
    ids: sequentialIds(),
    random: () => 0.5,
    maxRepairs: 1,
    ...options,
  });
}

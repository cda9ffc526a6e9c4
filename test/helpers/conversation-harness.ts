import { Agent } from '../../src/agent/agent.js';
import { Conversations, type ConversationsOptions } from '../../src/agent/conversation.js';
import { OfflinePlanner } from '../../src/planner/offline-planner.js';
import type { Planner } from '../../src/planner/planner.js';
import { sequentialIds } from '../../src/testing/index.js';
import type { createShopHarness } from './shop-harness.js';

type ShopHarness = ReturnType<typeof createShopHarness>;

/**
 * Conversations over a shop harness: its store, executor and virtual time, the offline planner
 * unless another is given. Each call is one instance; two calls share nothing but the store.
 */
export function conversationsOver(
  h: ShopHarness,
  options: Partial<Omit<ConversationsOptions, 'agent'>> & { planner?: Planner } = {},
): Conversations {
  const { planner, ...rest } = options;
  return new Conversations({
    agent: new Agent({
      planner: planner ?? new OfflinePlanner(h.domain.offline),
      executor: h.executor,
      domain: h.domain,
    }),
    store: h.store,
    domain: h.domain,
    runtime: { clock: h.time.clock, sleep: h.time.sleep, ids: sequentialIds(), random: () => 0.5 },
    workflows: {
      listWorkflows: (filter) => h.store.listWorkflows(filter),
      inspect: (id) => h.executor.inspect(id),
    },
    ...rest,
  });
}

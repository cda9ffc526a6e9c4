/**
 * The retail domain pack: everything keel knows about a shop, and the example of what a domain
 * pack is. A domain is the unit a user brings to keel's engine: its tools (acting through its
 * ports, here the `Shop`), its intents and playbooks, its offline reading rules, the facts the
 * planner may see for a customer (their orders), who owns which resource (order ids), the wording
 * of confirmations and replies, and its hand-over to a person. The engine (`src/agent`,
 * `src/planner`, `src/tools`, `src/store`) imports nothing from here; a second business brings its
 * own pack of the same shape. The pack may import the engine, never an adapter or `src/testing`.
 */
import type { Domain } from '../../agent/domain.js';
import type { Clock } from '../../runtime.js';
import type { ToolRegistry } from '../../tools/registry.js';
import { loadRetailFacts, type RetailFacts } from './facts.js';
import { INTENTS } from './intents.js';
import { retailOfflineRules } from './offline/decide.js';
import { splitRequests } from './offline/requests.js';
import { ownershipIssues, retailResources } from './ownership.js';
import { handoffPlan } from './playbooks.js';
import type { RetailPorts } from './ports.js';
import { describeRetailFacts, RETAIL_EXAMPLES, RETAIL_POLICY } from './prompt.js';
import { retailQuestions } from './questions.js';
import { previewRetailPlan } from './return-preview.js';
import type { Shop } from './shop.js';
import { clarifyDisagreement } from './templates/clarify.js';
import { describeWrite } from './templates/confirmation.js';
import { busy, compensated, completed } from './templates/reply.js';
import { createRetailRegistry } from './tools/index.js';

export interface RetailDomainOptions {
  /** The shop's backend: the sandbox, or an adapter over the shop's own systems. */
  shop: Shop;
  /** The retail tools plus any of the caller's own. @default createRetailRegistry() */
  registry?: ToolRegistry;
  /** Dates the facts, so the offline rules can tell a delivery outside the return window. */
  clock?: Clock;
}

/** The retail domain: a shop's orders, returns, refunds, cancellations, tracking and addresses. */
export type RetailDomain = Domain<RetailPorts, RetailFacts>;

/** The retail domain over a shop. */
export function createRetailDomain(options: RetailDomainOptions): RetailDomain {
  const { shop } = options;
  return {
    registry: options.registry ?? createRetailRegistry(),
    ports: { shop },
    intents: INTENTS,
    policy: RETAIL_POLICY,
    examples: RETAIL_EXAMPLES,
    facts: (customerId) => loadRetailFacts(shop, customerId, options.clock?.now()),
    describeFacts: describeRetailFacts,
    ownership: (plan, facts) => ownershipIssues(plan, facts),
    resources: retailResources,
    clarify: (disagreement, plan) => clarifyDisagreement(disagreement, plan),
    handover: handoffPlan,
    offline: retailOfflineRules,
    requests: splitRequests,
    templates: { confirmation: describeWrite, completed, compensated, busy },
    preview: previewRetailPlan,
    questions: retailQuestions,
  };
}

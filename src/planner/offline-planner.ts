import type { OfflineRules } from './domain.js';
import type { Planner, PlanRequest, PlanResult } from './planner.js';

/**
 * The rules-based planner: deterministic, no network, no key. The rules are the domain's (its
 * intent patterns, entities and playbooks); this class only runs them and labels the result. What
 * the rules cannot place goes to a person.
 */
export class OfflinePlanner<Facts = unknown> implements Planner<Facts> {
  readonly name = 'offline';
  readonly #rules: OfflineRules<Facts>;

  constructor(rules: OfflineRules<Facts>) {
    this.#rules = rules;
  }

  async plan(request: PlanRequest<Facts>): Promise<PlanResult> {
    const reasons: string[] = [];
    const { plan, escalate } = this.#rules.decide(request, reasons);
    return { plan, planner: 'offline', reasons, ...(escalate ? { escalate } : {}) };
  }
}

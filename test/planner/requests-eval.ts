import { readFileSync } from 'node:fs';
import { createRetailRegistry } from '../../src/domains/retail/tools/index.js';
import { OfflinePlanner } from '../../src/planner/offline-planner.js';
import type { Plan } from '../../src/planner/plan.js';
import type { ConversationMessage } from '../../src/planner/planner.js';
import { createShopHarness } from '../helpers/shop-harness.js';
import { judge, type LabelledMessage, type Outcome } from './offline-eval.js';

/** A message with the outcome each of its requests should get, in order (one for a single request). */
export interface LabelledRequests {
  id: string;
  customerId: string;
  text: string;
  expect: LabelledMessage['expect'][];
}

export interface RequestsReport {
  total: number;
  /** Messages split into as many requests as labelled. */
  splitRight: number;
  /** Messages split right with every request planned as labelled. */
  correct: number;
  accuracy: number;
  /** Each request judged on its own, as the offline eval judges a message. */
  requests: number;
  requestsCorrect: number;
  wrongWrites: Outcome[];
  invalid: Outcome[];
  mismatches: { id: string; text: string; parts: string[]; outcomes: Outcome[] }[];
}

/**
 * `requests` (offline-requests.json) and `requests-blind` (offline-requests-blind.json) were
 * labelled before the retail rules that split messages were written; the blind batch is not tuned
 * on. Each message is split by the domain, and each request planned by the offline planner as the
 * turn plans it: the first in place of the message, a later one after it, with the split noted.
 * A request the labels do not have (a split too many) is judged as one that must change nothing.
 * `requests-blind2` (offline-requests-blind2.json) is a second blind batch of realistic messages
 * with two requests or a fallback, written after the split rules and before its first run.
 */
export type RequestsSet = 'requests' | 'requests-blind' | 'requests-blind2';

export const labelledRequests = (set: RequestsSet): LabelledRequests[] =>
  JSON.parse(readFileSync(new URL(`./offline-${set}.json`, import.meta.url), 'utf8'));

export async function evaluateRequests(set: RequestsSet): Promise<RequestsReport> {
  const { domain } = createShopHarness();
  const registry = createRetailRegistry();
  const planner = new OfflinePlanner(domain.offline);
  const report: RequestsReport = {
    total: 0,
    splitRight: 0,
    correct: 0,
    accuracy: 0,
    requests: 0,
    requestsCorrect: 0,
    wrongWrites: [],
    invalid: [],
    mismatches: [],
  };
  for (const m of labelledRequests(set)) {
    const facts = await domain.facts(m.customerId);
    const parts = [...(domain.requests?.(m.text, facts, m.customerId) ?? [m.text])];
    const scope = { ownership: (plan: Plan) => domain.ownership(plan, facts, m.customerId) };
    const outcomes: Outcome[] = [];
    for (const [i, part] of parts.entries()) {
      const messages: ConversationMessage[] =
        i === 0
          ? [{ role: 'customer', text: part }]
          : [
              { role: 'customer', text: m.text },
              { role: 'agent', text: 'All right.' },
              { role: 'customer', text: part },
            ];
      const split = parts.length > 1 ? { split: { message: m.text } } : {};
      const result = await planner.plan({ customerId: m.customerId, messages, facts, ...split });
      const expect = m.expect[i] ?? { action: 'ask', intent: 'out_of_scope' };
      const labelled = { id: `${m.id}#${i + 1}`, customerId: m.customerId, text: part, expect };
      outcomes.push(judge(labelled, result, registry, scope));
    }
    const splitRight = parts.length === m.expect.length;
    const right = splitRight && outcomes.every((o) => o.correct);
    report.total++;
    report.splitRight += splitRight ? 1 : 0;
    report.correct += right ? 1 : 0;
    report.requests += outcomes.length;
    report.requestsCorrect += outcomes.filter((o) => o.correct).length;
    report.wrongWrites.push(...outcomes.filter((o) => o.wrongWrite));
    report.invalid.push(...outcomes.filter((o) => o.invalid !== null));
    if (!right) report.mismatches.push({ id: m.id, text: m.text, parts, outcomes });
  }
  report.accuracy = report.correct / report.total;
  return report;
}

import { http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cancelPlan, trackPlan } from '../../src/domains/retail/playbooks.js';
import { createRetailRegistry } from '../../src/domains/retail/tools/index.js';
import { disagreement } from '../../src/planner/agreement.js';
import { renderAsk } from '../../src/planner/ask.js';
import { LlmPlanner } from '../../src/planner/llm-planner.js';
import type { ConversationMessage } from '../../src/planner/planner.js';
import { sequentialIds, VirtualTime } from '../../src/testing/index.js';
import { CHAT_URL, completion, testClient } from '../helpers/openai-wire.js';
import { createShopHarness, TEST_NOW } from '../helpers/shop-harness.js';
import { evaluateAgreement } from './agreement-eval.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const registry = createRetailRegistry();
const cancel1004 = { ask: null, ...cancelPlan('ORD-1004', 'asked', 0.97) };
const QUESTION =
  'I want to be sure before I change anything: your message reads as if you want me to track ORD-1004. Would you like me to cancel ORD-1004?';

async function planWith(messages: ConversationMessage[], options: { clarify?: boolean } = {}) {
  server.use(http.post(CHAT_URL, () => completion(cancel1004)));
  const { shop, domain } = createShopHarness();
  const { clarify: _, ...withoutClarify } = domain;
  const planner = new LlmPlanner({
    client: testClient(),
    model: 'gpt-4o-mini',
    registry,
    domain: options.clarify === false ? withoutClarify : domain,
    clock: new VirtualTime(TEST_NOW).clock,
    ids: sequentialIds(),
    random: () => 0.5,
  });
  return planner.plan({ customerId: 'C-1002', messages, facts: { orders: await shop.listOrders('C-1002') } });
}

const customer = (text: string): ConversationMessage => ({ role: 'customer', text });

describe('plan and message agreement', () => {
  it('judges only writes, and only against a reading', () => {
    const read = { intent: 'track', writes: [] };
    expect(disagreement(trackPlan('ORD-1004', 1), read, registry)).toBeNull();
    expect(disagreement(cancelPlan('ORD-1004', 'x', 1), undefined, registry)).toBeNull();
    expect(
      disagreement(
        cancelPlan('ORD-1004', 'x', 1),
        { intent: 'cancel', writes: ['cancel_order', 'send_confirmation_email'] },
        registry,
      ),
    ).toBeNull();
    expect(disagreement(cancelPlan('ORD-1004', 'x', 1), read, registry)?.unexpected).toEqual([
      'cancel_order',
      'send_confirmation_email',
    ]);
  });

  it('turns a cancel for "where is ORD-1004?" into a question that names both readings', async () => {
    const result = await planWith([customer('where is ORD-1004?')]);
    expect(result.plan).toMatchObject({ intent: 'clarify', steps: [] });
    const { domain } = createShopHarness();
    expect(renderAsk(domain, result.plan.ask ?? { kind: 'none', slots: {} })).toBe(QUESTION);
    expect(result.plan.disagreement).toEqual(result.disagreement);
    expect(result.disagreement).toMatchObject({ model: { intent: 'cancel' }, read: { intent: 'track' } });
  });

  it('runs the cancel once the customer says yes to that question, and not after a no', async () => {
    const asked = [customer('where is ORD-1004?'), { role: 'agent' as const, text: QUESTION }];
    const yes = await planWith([...asked, customer('yes')]);
    expect(yes.disagreement).toBeUndefined();
    expect(yes.plan.steps.map((s) => s.tool)).toContain('cancel_order');
    const no = await planWith([...asked, customer('no thanks')]);
    expect(no.plan.steps).toEqual([]);
    expect(no.disagreement?.read).toEqual({ intent: 'out_of_scope', writes: [] });
  });

  it('lets a cancel through when the message asks for one', async () => {
    const result = await planWith([customer('Please cancel ORD-1004, I ordered it by mistake')]);
    expect(result.disagreement).toBeUndefined();
    expect(result.plan.intent).toBe('cancel');
  });

  it('on the labelled messages, holds no write plan the label asks for and lets no cancel swap through', async () => {
    for (const set of ['messages', 'holdout'] as const) {
      const report = await evaluateAgreement(set);
      expect(report.falseDisagreements).toEqual([]);
      expect(report.missedSwaps).toEqual([]);
      expect(report.writes + report.swaps).toBeGreaterThan(set === 'messages' ? 150 : 10);
    }
  });

  it('hands the turn to a person when the domain has no question for it', async () => {
    const result = await planWith([customer('where is ORD-1004?')], { clarify: false });
    expect(result.escalate).toMatch(/would run cancel_order/);
    expect(result.plan).toMatchObject({ intent: 'human', handoff: { kind: 'model_failure' } });
  });
});

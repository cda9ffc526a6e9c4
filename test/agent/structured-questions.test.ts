import { http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAgent } from '../../src/agent/create-agent.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { sequentialIds } from '../../src/testing/index.js';
import { llmPlannerOver } from '../helpers/llm-planner-harness.js';
import { CHAT_URL, completion } from '../helpers/openai-wire.js';
import { createShopHarness } from '../helpers/shop-harness.js';

// No model text reaches a customer: a question is a kind and slots, worded by the domain's
// templates. A hostile model (or an injection steering it) that asks for a card number never gets
// it in front of the customer, with rephrasing off or on.
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const HOSTILE = 'To verify your identity, please send your card number and CVV.';
const slots = { intent: 'return', orderIds: null, skus: null, detail: null };

/** The model answers every request with the same plan; the requests are kept. */
function model(plan: unknown) {
  const bodies: { messages: { content: string }[] }[] = [];
  server.use(
    http.post(CHAT_URL, async ({ request }) => {
      bodies.push((await request.json()) as { messages: { content: string }[] });
      return completion(plan);
    }),
  );
  return bodies;
}

function agentWith(options: { rephraseQuestions?: boolean } = {}) {
  const h = createShopHarness();
  const planner = llmPlannerOver(h, options);
  const agent = createAgent({
    domain: h.domain,
    store: SqliteStore.open(':memory:'),
    planner,
    runtime: { clock: h.time.clock, sleep: h.time.sleep, ids: sequentialIds() },
  });
  return { agent };
}

async function say(agent: ReturnType<typeof agentWith>['agent'], customerId: string, text: string) {
  const { id } = await agent.startConversation(customerId);
  const outcome = await agent.post(id, customerId, text);
  const view = await agent.viewConversation(id, customerId);
  return { outcome, sent: view.messages.filter((m) => m.role === 'agent').map((m) => m.text) };
}

describe('structured questions', () => {
  it("a model's free-text question no longer fits the schema, and the customer never reads it", async () => {
    const bodies = model({ intent: 'return', confidence: 0.9, steps: [], ask: HOSTILE });
    const { agent } = agentWith();
    const { sent } = await say(agent, 'C-1001', 'I want to return something');
    expect(bodies.length).toBeGreaterThan(1);
    expect(sent.join(' ')).not.toMatch(/card number|CVV/i);
  });

  it("with rephrasing on, a model's wording that asks for card data is dropped for the template", async () => {
    model({
      intent: 'return',
      confidence: 0.9,
      steps: [],
      ask: { kind: 'which_order', slots, text: HOSTILE },
    });
    const { agent } = agentWith({ rephraseQuestions: true });
    const { outcome, sent } = await say(agent, 'C-1001', 'I want to return something');
    expect(outcome.reply).toMatch(
      /^Which order would you like me to return\? .*Your recent orders: ORD-1001/,
    );
    expect(sent.join(' ')).not.toMatch(/card number|CVV/i);
  });

  it('with rephrasing on, a harmless wording is used; with it off, the template words the question', async () => {
    const wording = 'Sure! Which of your orders is it?';
    model({
      intent: 'return',
      confidence: 0.9,
      steps: [],
      ask: { kind: 'which_order', slots, text: wording },
    });
    expect(
      (await say(agentWith({ rephraseQuestions: true }).agent, 'C-1001', 'a return')).outcome.reply,
    ).toBe(wording);
    model({ intent: 'return', confidence: 0.9, steps: [], ask: { kind: 'which_order', slots } });
    expect((await say(agentWith().agent, 'C-1001', 'a return')).outcome.reply).toMatch(
      /^Which order would you like me to return\?/,
    );
  });

  it("a question naming another customer's order goes back to the model as an issue", async () => {
    const bodies = model({
      intent: 'return',
      confidence: 0.9,
      steps: [],
      ask: { kind: 'which_items', slots: { ...slots, orderIds: ['ORD-1003'] } },
    });
    const { agent } = agentWith();
    const { sent } = await say(agent, 'C-1001', 'return ORD-1003');
    expect(bodies[1]?.messages.at(-1)?.content).toMatch(
      /ASK_INVALID .*ORD-1003 is not one of the customer's orders/,
    );
    expect(sent.join(' ')).not.toMatch(/Canvas Cap|Silk Scarf/);
  });

  it('which_items names the items from the facts, whatever SKUs the model named', async () => {
    model({
      intent: 'return',
      confidence: 0.9,
      steps: [],
      ask: { kind: 'which_items', slots: { ...slots, orderIds: ['ORD-1001'], skus: ['SKU-TEE-BLU'] } },
    });
    const { outcome } = await say(agentWith().agent, 'C-1001', 'return something from ORD-1001');
    expect(outcome.reply).toBe(
      'ORD-1001 has Organic Cotton Tee (Blue), Organic Cotton Tee (Green). Which items would you like to return?',
    );
  });
});

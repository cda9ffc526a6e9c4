import { http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cancelPlan, returnPlan } from '../../src/domains/retail/playbooks.js';
import { conversationsOver } from '../helpers/conversation-harness.js';
import { llmPlannerOver } from '../helpers/llm-planner-harness.js';
import { CHAT_URL, completion } from '../helpers/openai-wire.js';
import { createShopHarness } from '../helpers/shop-harness.js';

// With the LLM planner, a message with several requests is planned one request at a time: the
// model is told which one, and its plan is held to the offline reading of that request alone, so
// a model that plans another request of the message (or all of them) runs nothing unasked.
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

type Body = { messages: { role: string; content: string }[] };

/** The model answers the planning calls with `plans` in order; the requests are kept. */
function model(plans: unknown[]) {
  const bodies: Body[] = [];
  server.use(
    http.post(CHAT_URL, async ({ request }) => {
      const body = (await request.json()) as Body;
      bodies.push(body);
      return completion(plans[Math.min(bodies.length, plans.length) - 1]);
    }),
  );
  return bodies;
}

function setup() {
  const h = createShopHarness();
  const planner = llmPlannerOver(h);
  return { h, conversations: conversationsOver(h, { planner }) };
}

const cancel1004 = { ask: null, ...cancelPlan('ORD-1004', 'Not needed', 0.95) };
const return1003 = { ask: null, ...returnPlan('ORD-1003', { reason: 'Not needed', confidence: 0.95 }) };

describe('several requests with the LLM planner', () => {
  it('tells the model which request to plan: the message reads as that request, with a note', async () => {
    const bodies = model([cancel1004]);
    const { conversations } = setup();
    const { id } = await conversations.start('C-1002');
    const out = await conversations.post(id, 'C-1002', 'cancel ORD-1004 and return ORD-1003');
    expect(out.reply).toMatch(/one at a time\. I can do that: cancelling ORD-1004/);
    const messages = bodies[0]?.messages ?? [];
    expect(messages.filter((m) => m.role === 'user').map((m) => m.content)).toEqual(['cancel ORD-1004']);
    expect(messages.some((m) => m.role === 'system' && /held several requests/.test(m.content))).toBe(true);
    // The customer's words reach the model as a user message only, never quoted in a system one.
    const system = messages.filter((m) => m.role === 'system').map((m) => m.content);
    expect(system.some((c) => c.includes('return ORD-1003'))).toBe(false);
  });

  it('a model that plans the other request instead is not run as planned, and nothing of it runs on a yes', async () => {
    model([return1003]);
    const { h, conversations } = setup();
    const { id } = await conversations.start('C-1002');
    const out = await conversations.post(id, 'C-1002', 'cancel ORD-1004 and return ORD-1003');
    expect(out.planned?.disagreement).toBeDefined();
    expect(out.status).not.toBe('awaiting_confirmation');
    await conversations.post(id, 'C-1002', 'yes');
    expect((await h.shop.describeOrder('ORD-1003'))?.refunds).toHaveLength(0);
  });
});

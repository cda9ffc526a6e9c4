import { delay, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { askPlan, returnPlan } from '../../src/domains/retail/playbooks.js';
import { createRetailRegistry } from '../../src/domains/retail/tools/index.js';
import { LlmPlanner, type LlmPlannerOptions } from '../../src/planner/llm-planner.js';
import type { Planner, PlanRequest } from '../../src/planner/planner.js';
import { openDatabase } from '../../src/store/database.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { sequentialIds, VirtualTime } from '../../src/testing/index.js';
import { apiError, CHAT_URL, completion, refusal, testClient } from '../helpers/openai-wire.js';
import { createShopHarness, TEST_NOW } from '../helpers/shop-harness.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const registry = createRetailRegistry();
const whichOrder = {
  kind: 'which_order',
  slots: { intent: 'return', orderIds: null, skus: null, detail: null },
};
const goodReturn = { ask: null, ...returnPlan('ORD-1001', { reason: "It doesn't fit", confidence: 0.93 }) };

/** Replies in order, one per request, and keeps each request body. */
function sequence(...replies: (() => Response | Promise<Response>)[]) {
  const bodies: Record<string, unknown>[] = [];
  const retryCounts: string[] = [];
  server.use(
    http.post(CHAT_URL, async ({ request }) => {
      bodies.push((await request.json()) as Record<string, unknown>);
      retryCounts.push(request.headers.get('x-stainless-retry-count') ?? '');
      const reply = replies[Math.min(bodies.length, replies.length) - 1];
      if (!reply) throw new Error('no reply scripted');
      return reply();
    }),
  );
  return { bodies, retryCounts };
}

const offline: Planner = {
  name: 'offline',
  plan: async () => ({
    plan: askPlan('return', 'Which order would you like to return?', 0.9),
    planner: 'offline',
    reasons: ['offline stand-in'],
  }),
};

async function setup(options: Partial<LlmPlannerOptions> = {}) {
  const { shop, domain } = createShopHarness();
  const store = new SqliteStore(openDatabase(':memory:'));
  const time = new VirtualTime(TEST_NOW);
  const planner = new LlmPlanner({
    client: testClient(),
    model: 'gpt-4o-mini',
    registry,
    domain,
    clock: time.clock,
    sleep: time.sleep,
    random: () => 0.5,
    ids: sequentialIds(),
    recorder: store,
    fallback: offline,
    ...options,
  });
  const request = async (customerId: string, text: string): Promise<PlanRequest> => ({
    customerId,
    messages: [{ role: 'customer', text }],
    facts: { orders: await shop.listOrders(customerId) },
    conversationId: 'conv_1',
  });
  return { planner, store, request, time };
}

describe('LlmPlanner', () => {
  it('plans with a strict json_schema built from the registry and records the call', async () => {
    const { planner, store, request } = await setup();
    const { bodies } = sequence(() => completion(goodReturn, { cachedTokens: 1536 }));
    const result = await planner.plan(
      await request('C-1001', "I'd like to return order ORD-1001, it doesn't fit"),
    );
    expect(result).toMatchObject({ planner: 'llm', plan: { intent: 'return', confidence: 0.93 } });
    expect(result.plan.steps.map((s) => s.tool)).toEqual(goodReturn.steps.map((s) => s.tool));
    const format = bodies[0]?.response_format as {
      type: string;
      json_schema: { strict: boolean; schema: { properties: Record<string, unknown> } };
    };
    expect(format.type).toBe('json_schema');
    expect(format.json_schema.strict).toBe(true);
    expect(JSON.stringify(format.json_schema.schema.properties.steps)).toContain(
      '"const":"check_return_eligibility"',
    );
    expect(JSON.stringify(format.json_schema.schema)).not.toContain('void_return_label');
    expect(await store.llmCalls()).toEqual([
      expect.objectContaining({
        status: 'ok',
        model: 'gpt-4o-mini-2024-07-18',
        promptTokens: 1830,
        cachedTokens: 1536,
        finishReason: 'stop',
        requestId: expect.stringMatching(/^req_/),
      }),
    ]);
  });

  it('keeps the prompt prefix byte-identical across customers so prompt caching applies', async () => {
    const { planner, request } = await setup();
    const { bodies } = sequence(
      () => completion(goodReturn),
      () => completion({ ...goodReturn, steps: [], ask: whichOrder }),
    );
    await planner.plan(await request('C-1001', 'return ORD-1001'));
    await planner.plan(await request('C-1002', 'hello there'));
    const messages = bodies.map((b) => b.messages as { role: string; content: string }[]);
    expect(messages[0]?.[0]).toEqual(messages[1]?.[0]);
    expect(messages[0]?.at(-1)?.content).toContain('Signed-in customer: C-1001');
    expect(messages[1]?.at(-1)?.content).toContain('Signed-in customer: C-1002');
  });

  it.each([
    ['invalid JSON', () => completion('{"intent": "return", "steps": [', {}), /not valid JSON/],
    [
      'an unknown tool',
      () => completion({ ...goodReturn, steps: [{ id: 'x', tool: 'refund_everything', args: {} }] }),
      /does not match the schema/,
    ],
    [
      'wrong argument types',
      () =>
        completion({
          ...goodReturn,
          steps: [{ id: 'lookup', tool: 'lookup_order', args: { orderId: 1001 } }],
        }),
      /steps\.0\.args\.orderId/,
    ],
    [
      'a step before its data',
      () => completion({ ...goodReturn, steps: goodReturn.steps.slice(2) }),
      /READ_UNSATISFIED/,
    ],
    [
      'a truncated answer (finish_reason length)',
      () =>
        completion('{"intent":"return","confidence":0.9,"steps":[{"id":"lookup"', { finishReason: 'length' }),
      /cut off/,
    ],
  ])('sends %s back to the model and uses the repaired plan', async (_name, bad, feedback) => {
    const { planner, request } = await setup();
    const { bodies } = sequence(bad, () => completion(goodReturn));
    const result = await planner.plan(await request('C-1001', 'return ORD-1001 please'));
    expect(result.escalate).toBeUndefined();
    expect(result.plan.intent).toBe('return');
    const repair = (bodies[1]?.messages as { role: string; content: string }[] | undefined)?.at(-1);
    expect(repair?.role).toBe('user');
    expect(repair?.content).toMatch(feedback);
    expect(result.reasons.join('\n')).toMatch(/attempt 1 rejected/);
  });

  it('asks the model again when the plan names an order the customer does not own', async () => {
    const { planner, request } = await setup();
    const ask = {
      intent: 'return',
      confidence: 0.9,
      steps: [],
      ask: whichOrder,
    };
    const { bodies } = sequence(
      () => completion(goodReturn),
      () => completion(ask),
    );
    const result = await planner.plan(
      await request('C-1002', "I'd like to return order ORD-1001, it doesn't fit"),
    );
    expect(result.plan).toMatchObject({
      steps: [],
      ask: { kind: 'which_order', slots: { intent: 'return' } },
    });
    expect((bodies[1]?.messages as { content: string }[] | undefined)?.at(-1)?.content).toMatch(
      /ORDER_NOT_OWNED/,
    );
  });

  it('escalates to a human after two failed repairs', async () => {
    const { planner, store, request } = await setup();
    const { bodies } = sequence(() => completion('not json at all'));
    const result = await planner.plan(await request('C-1001', 'return ORD-1001'));
    expect(bodies).toHaveLength(3);
    expect(result.escalate).toBe('The model gave no valid plan after 2 repairs');
    expect(result.plan.steps.map((s) => s.tool)).toEqual(['hand_over_to_human']);
    expect(await store.llmCalls()).toHaveLength(3);
  });

  it('escalates a refusal without retrying', async () => {
    const { planner, request } = await setup();
    const { bodies } = sequence(() => refusal());
    const result = await planner.plan(await request('C-1001', 'something the model will not touch'));
    expect(bodies).toHaveLength(1);
    expect(result.escalate).toMatch(/declined to plan: I'm sorry/);
  });

  it('rides out a 429 with retry-after, waiting on the injected clock, never in the SDK', async () => {
    const { planner, request, time } = await setup();
    const { retryCounts } = sequence(
      () => apiError(429, { 'retry-after': '1' }),
      () => completion(goodReturn),
    );
    const result = await planner.plan(await request('C-1001', 'return ORD-1001'));
    expect(result.plan.intent).toBe('return');
    expect(retryCounts).toEqual(['0', '0']);
    expect(time.sleeps).toEqual([2]); // retry-after-ms wins over retry-after, as in the SDK
  });

  it('rides out a 500 then a 503', async () => {
    const { planner, request } = await setup();
    const { bodies } = sequence(
      () => apiError(500),
      () => apiError(503),
      () => completion(goodReturn),
    );
    expect((await planner.plan(await request('C-1001', 'return ORD-1001'))).planner).toBe('llm');
    expect(bodies).toHaveLength(3);
  });

  it('falls back to the offline planner when the outage outlasts the retries, and says so', async () => {
    const { planner, store, request } = await setup();
    const { bodies } = sequence(() => apiError(503));
    const result = await planner.plan(await request('C-1001', 'return ORD-1001'));
    expect(bodies).toHaveLength(3);
    expect(result).toMatchObject({ planner: 'offline', fallbackFrom: 'llm' });
    expect(result.reasons.join('\n')).toMatch(
      /model unavailable \(Model call failed: 503 The server is overloaded/,
    );
    expect(await store.llmCalls()).toHaveLength(3);
    expect(await store.llmCalls()).toEqual(
      Array(3).fill(expect.objectContaining({ status: 'error', httpStatus: 503 })),
    );
  });

  it('falls back when the model does not answer within the attempt timeout', async () => {
    const timers: { ms: number; controller: AbortController }[] = [];
    const { planner, request } = await setup({
      maxRetries: 0,
      attemptTimeoutMs: 50,
      // A timer the test fires once the request is in flight: no real wait.
      abortAfter: (ms) => {
        const controller = new AbortController();
        timers.push({ ms, controller });
        return { signal: controller.signal, cancel: () => {} };
      },
    });
    server.use(
      http.post(CHAT_URL, async () => {
        for (const t of timers) t.controller.abort(new Error('timer fired'));
        await delay('infinite');
        return completion(goodReturn);
      }),
    );
    const result = await planner.plan(await request('C-1001', 'return ORD-1001'));
    expect(result).toMatchObject({ planner: 'offline', fallbackFrom: 'llm' });
    expect(result.reasons.join('\n')).toMatch(/did not answer within the 50 ms attempt timeout/);
    expect(timers.map((t) => t.ms)).toEqual([50]);
  });

  it('falls back on a bad API key rather than failing the customer', async () => {
    const { planner, request } = await setup();
    sequence(() => apiError(401));
    expect((await planner.plan(await request('C-1001', 'return ORD-1001'))).fallbackFrom).toBe('llm');
  });

  it('tempers the model confidence with the token probability of its intent', async () => {
    const { planner, request } = await setup();
    sequence(() => completion(goodReturn, { logprobs: { default: -0.001, intent: Math.log(0.6) } }));
    const result = await planner.plan(await request('C-1001', 'return ORD-1001 maybe?'));
    expect(result.plan.confidence).toBeCloseTo(0.6, 5);
    expect(result.reasons.join('\n')).toMatch(/intent token probability 0\.600/);
  });

  it('keeps the model confidence when the token probabilities are higher', async () => {
    const { planner, request } = await setup();
    const { bodies } = sequence(() => completion(goodReturn, { logprobs: { default: -0.0001 } }));
    const result = await planner.plan(await request('C-1001', 'return ORD-1001'));
    expect(bodies[0]?.logprobs).toBe(true);
    expect(result.plan.confidence).toBe(0.93);
  });
});

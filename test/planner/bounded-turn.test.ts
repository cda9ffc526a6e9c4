import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openRetailKeel } from '../../src/domains/retail/open-retail-keel.js';
import { askPlan, returnPlan } from '../../src/domains/retail/playbooks.js';
import { createRetailRegistry } from '../../src/domains/retail/tools/index.js';
import type { ModelUnavailableError } from '../../src/errors.js';
import { createOpenAiClient } from '../../src/planner/llm-config.js';
import { LlmPlanner, type LlmPlannerOptions } from '../../src/planner/llm-planner.js';
import type { Planner } from '../../src/planner/planner.js';
import { ServerRecorder } from '../../src/replay/server-recorder.js';
import { openDatabase } from '../../src/store/database.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { sequentialIds, VirtualTime } from '../../src/testing/index.js';
import { type Misbehaviour, startMisbehavingOpenAi } from '../helpers/misbehaving-openai.js';
import { createShopHarness, TEST_NOW } from '../helpers/shop-harness.js';

// Every test here talks to a real OpenAI-compatible server over a loopback socket, through the
// client keel builds for itself; time is virtual, so a 300 s Retry-After or a 15 s stall costs
// nothing real.

const registry = createRetailRegistry();
const goodReturn = { ask: null, ...returnPlan('ORD-1001', { reason: "It doesn't fit", confidence: 0.93 }) };
const offline: Planner = {
  name: 'offline',
  plan: async () => ({
    plan: askPlan('return', 'Which order would you like to return?', 0.9),
    planner: 'offline',
    reasons: ['offline stand-in'],
  }),
};

let close: (() => Promise<void>) | null = null;
afterEach(async () => {
  await close?.();
  close = null;
});

/** A timer the test controls: firing one moves virtual time by its length, then aborts. */
function manualTimers(time: VirtualTime) {
  const timers: { ms: number; fire(): void }[] = [];
  return {
    timers,
    abortAfter: (ms: number) => {
      const controller = new AbortController();
      timers.push({
        ms,
        fire: () => {
          time.advance(ms);
          controller.abort(new Error('timer fired'));
        },
      });
      return { signal: controller.signal, cancel: () => {} };
    },
  };
}

async function setup(script: Misbehaviour[], options: Partial<LlmPlannerOptions> = {}) {
  const server = await startMisbehavingOpenAi(script);
  close = server.close;
  const time = new VirtualTime(TEST_NOW);
  const store = new SqliteStore(openDatabase(':memory:'));
  const failures: ModelUnavailableError[] = [];
  const client = createOpenAiClient({
    apiKey: 'sk-test',
    baseURL: server.url,
    model: 'gpt-4o-mini',
    timeoutMs: 15_000,
    maxRetries: 2,
    logprobs: false,
  });
  const { shop, domain } = createShopHarness();
  const planner = new LlmPlanner({
    client,
    model: 'gpt-4o-mini',
    registry,
    domain,
    clock: time.clock,
    sleep: time.sleep,
    random: () => 0.5,
    ids: sequentialIds(),
    recorder: store,
    fallback: offline,
    logprobs: false,
    turnTimeoutMs: 20_000,
    attemptTimeoutMs: 15_000,
    observer: { failed: (e) => failures.push(e), succeeded: () => {} },
    ...options,
  });
  const orders = await shop.listOrders('C-1001');
  const plan = () =>
    planner.plan({
      customerId: 'C-1001',
      messages: [{ role: 'customer', text: 'return ORD-1001' }],
      facts: { orders },
      conversationId: 'conv_1',
    });
  return { server, time, store, plan, failures };
}

describe('a bounded model path, over a real socket', () => {
  it('does not wait out a 429 with Retry-After: 300; the turn falls back at once', async () => {
    const { server, time, store, plan } = await setup([{ status: 429, headers: { 'retry-after': '300' } }]);
    const started = time.clock.now().getTime();
    const result = await plan();
    expect(result).toMatchObject({ planner: 'offline', fallbackFrom: 'llm' });
    expect(result.reasons.join('\n')).toMatch(/a retry would wait 300000 ms, the turn has 20000 ms left/);
    expect(server.requests).toHaveLength(1);
    expect(time.sleeps).toEqual([]);
    expect(time.clock.now().getTime() - started).toBeLessThan(20_000);
    expect(await store.llmCalls()).toEqual([expect.objectContaining({ status: 'error', httpStatus: 429 })]);
  });

  it('honours a Retry-After that fits in the turn, waiting on the injected sleep', async () => {
    const { server, time, plan } = await setup([
      { status: 429, headers: { 'retry-after': '3' } },
      { ok: goodReturn },
    ]);
    const result = await plan();
    expect(result).toMatchObject({ planner: 'llm', plan: { intent: 'return' } });
    expect(server.requests).toHaveLength(2);
    expect(time.sleeps).toEqual([3000]);
  });

  it('gives each attempt the smaller of its timeout and the time left, then falls back', async () => {
    const time = new VirtualTime(TEST_NOW);
    const manual = manualTimers(time);
    const { server, plan } = await setup([{ stall: true }], {
      clock: time.clock,
      sleep: time.sleep,
      abortAfter: manual.abortAfter,
    });
    const turn = plan();
    // Fire each attempt's timer once its request has reached the server (counted, not timed).
    for (let fired = 0; fired < 2; fired++) {
      while (server.requests.length <= fired) await new Promise((r) => setTimeout(r, 1));
      manual.timers[fired]?.fire();
    }
    const result = await turn;
    // 15 s for the first attempt, a 438 ms backoff, then only the 4,562 ms left in the turn.
    expect(manual.timers.map((t) => t.ms)).toEqual([15_000, 4_562]);
    expect(time.sleeps).toEqual([438]);
    expect(server.requests).toHaveLength(2);
    expect(result).toMatchObject({ planner: 'offline', fallbackFrom: 'llm' });
    expect(result.reasons.join('\n')).toMatch(/did not answer within the turn deadline/);
  });

  it('treats an HTML page with a 200 as a model failure: journaled, no repair, a fallback', async () => {
    const { server, store, plan, failures } = await setup([{ html: true }]);
    const result = await plan();
    expect(result).toMatchObject({ planner: 'offline', fallbackFrom: 'llm' });
    expect(server.requests).toHaveLength(1);
    expect(failures.map((f) => f.kind)).toEqual(['malformed']);
    expect(await store.llmCalls()).toEqual([
      expect.objectContaining({ status: 'error', httpStatus: 200, error: expect.stringMatching(/not JSON/) }),
    ]);
  });

  it('treats JSON without choices as a model failure, not a TypeError', async () => {
    const { store, plan, failures } = await setup([{ json: { object: 'list', data: [] } }]);
    const result = await plan();
    expect(result).toMatchObject({ planner: 'offline', fallbackFrom: 'llm' });
    expect(failures.map((f) => f.kind)).toEqual(['malformed']);
    expect((await store.llmCalls())[0]?.error).toMatch(/not a chat completion \(choices/);
  });

  it('stops reading a 5 MB answer at the byte cap and never sends it back for repair', async () => {
    const { server, store, plan, failures } = await setup([{ hugeBytes: 5_000_000 }, { ok: goodReturn }]);
    const result = await plan();
    expect(result).toMatchObject({ planner: 'offline', fallbackFrom: 'llm' });
    expect(failures.map((f) => f.kind)).toEqual(['too_large']);
    expect(server.requests).toHaveLength(1);
    expect((await store.llmCalls())[0]?.error).toMatch(/exceeded 1000000 bytes/);
  });

  it('retries a connection reset half-way through the body, then falls back', async () => {
    const { server, plan, failures } = await setup([{ resetMidBody: true }]);
    const result = await plan();
    expect(result).toMatchObject({ planner: 'offline', fallbackFrom: 'llm' });
    expect(server.requests).toHaveLength(3);
    expect(failures.map((f) => f.kind)).toEqual(['connection', 'connection', 'connection']);
  });

  it('classifies 401, 403 and 404 as misconfiguration and does not retry them', async () => {
    for (const status of [401, 403, 404] as const) {
      const { server, plan, failures } = await setup([{ status }]);
      expect(await plan()).toMatchObject({ fallbackFrom: 'llm' });
      expect(server.requests).toHaveLength(1);
      expect(failures.map((f) => [f.kind, f.status])).toEqual([['misconfigured', status]]);
      await close?.();
      close = null;
    }
  });

  it('always sends max_completion_tokens, and no keel header reaches the provider', async () => {
    const { server, plan } = await setup([{ ok: goodReturn }]);
    expect(await plan()).toMatchObject({ planner: 'llm' });
    const [request] = server.requests;
    expect(request?.body.max_completion_tokens).toBe(2_000);
    expect(Object.keys(request?.headers ?? {}).filter((h) => h.startsWith('x-keel'))).toEqual([]);
    expect(JSON.stringify(request)).not.toContain('conv_1');
    expect(request?.headers['x-stainless-retry-count']).toBe('0');
  });
});

describe('recording keeps keel headers inside the process', () => {
  it('files calls by conversation while the provider sees no x-keel header', async () => {
    const server = await startMisbehavingOpenAi([{ ok: goodReturn }]);
    close = server.close;
    const dir = mkdtempSync(join(tmpdir(), 'keel-record-headers-'));
    const time = new VirtualTime(TEST_NOW);
    const recorder = new ServerRecorder({ dir, clock: time.clock, planner: 'llm', model: 'm', env: {} });
    const keel = openRetailKeel({
      dbPath: ':memory:',
      env: { OPENAI_BASE_URL: server.url, KEEL_LLM_LOGPROBS: '0' },
      confirmWrites: false,
      observer: recorder,
      fetch: recorder.fetch(globalThis.fetch),
      runtime: { clock: time.clock, sleep: time.sleep, ids: sequentialIds() },
    });
    const { id } = await keel.startConversation('C-1001');
    await keel.post(id, 'C-1001', 'return ORD-1001');
    await keel.close();
    expect(server.requests).toHaveLength(1);
    const headers = Object.keys(server.requests[0]?.headers ?? {});
    expect(headers.filter((h) => h.startsWith('x-keel'))).toEqual([]);
    const cassette = JSON.parse(readFileSync(join(dir, `${id}.json`), 'utf8'));
    expect(cassette.turns[0].exchanges).toHaveLength(1);
  });
});

describe('recording a runaway answer', () => {
  it('keeps neither the 5 MB body in memory nor in the cassette, and the call still fails as too large', async () => {
    const server = await startMisbehavingOpenAi([{ hugeBytes: 5_000_000 }]);
    close = server.close;
    const dir = mkdtempSync(join(tmpdir(), 'keel-record-huge-'));
    const time = new VirtualTime(TEST_NOW);
    const recorder = new ServerRecorder({ dir, clock: time.clock, planner: 'llm', model: 'm', env: {} });
    const keel = openRetailKeel({
      dbPath: ':memory:',
      env: { OPENAI_BASE_URL: server.url, KEEL_LLM_LOGPROBS: '0' },
      confirmWrites: false,
      observer: recorder,
      fetch: recorder.fetch(globalThis.fetch),
      runtime: { clock: time.clock, sleep: time.sleep, ids: sequentialIds() },
    });
    const { id } = await keel.startConversation('C-1001');
    const outcome = await keel.post(id, 'C-1001', 'return ORD-1001');
    expect(outcome.planned).toMatchObject({ fallbackFrom: 'llm' });
    expect((await keel.store.llmCalls())[0]?.error).toMatch(/exceeded 1000000 bytes/);
    await keel.close();
    const text = readFileSync(join(dir, `${id}.json`), 'utf8');
    expect(text.length).toBeLessThan(100_000);
    expect(text).toContain('(a body over 1000000 bytes, not kept)');
  });
});

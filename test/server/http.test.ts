import { afterEach, describe, expect, it } from 'vitest';
import { mintCustomerToken } from '../../src/server/auth.js';
import { badTokens, createServerHarness, SECRET } from '../helpers/server-harness.js';

let harness: Awaited<ReturnType<typeof createServerHarness>>;
afterEach(async () => harness?.close());

async function conversation(who = 'C-1001') {
  const created = await harness.call('POST', '/v1/conversations', who);
  expect(created.status).toBe(201);
  return created.body.id as string;
}

describe('HTTP service', () => {
  it('answers health checks and Prometheus metrics without a token', async () => {
    harness = await createServerHarness();
    expect(await harness.call('GET', '/healthz', null)).toMatchObject({
      status: 200,
      body: { status: 'ok' },
    });
    const id = await conversation();
    await harness.call('POST', `/v1/conversations/${id}/messages`, 'C-1001', {
      text: "I'd like to return order ORD-1001, it doesn't fit",
    });
    const metrics = await harness.call('GET', '/metrics', null);
    expect(metrics.status).toBe(200);
    expect(metrics.body).toMatch(/keel_workflows\{status="completed"\} 1/);
    expect(metrics.body).toMatch(/keel_step_duration_seconds_count\{tool="create_return_label"\} 1/);
    expect(metrics.body).toMatch(/keel_escalations\{status="open"\} 0/);
    expect(metrics.body).toMatch(/keel_model_tokens\{kind="prompt"\} 0/);
  });

  it('runs a return through a conversation and shows the history and the workflow timeline', async () => {
    harness = await createServerHarness();
    const id = await conversation();
    const turn = await harness.call('POST', `/v1/conversations/${id}/messages`, 'C-1001', {
      text: "I'd like to return order ORD-1001, it doesn't fit",
    });
    expect(turn.status).toBe(200);
    expect(turn.body).toMatchObject({ status: 'open', workflow: { status: 'completed', intent: 'return' } });
    expect(turn.body.reply).toContain('A refund of 59.98 USD is scheduled');
    const view = await harness.call('GET', `/v1/conversations/${id}`, 'C-1001');
    expect(view.body.messages.map((m: { role: string }) => m.role)).toEqual(['customer', 'agent']);
    const workflow = await harness.call('GET', `/v1/workflows/${turn.body.workflow.id}`, 'C-1001');
    expect(workflow.body.timeline.map((e: { type: string }) => e.type)).toContain('workflow.completed');
  });

  it('asks for confirmation before a write when confirmation is on', async () => {
    harness = await createServerHarness({ confirmWrites: true });
    const id = await conversation('C-1002');
    const ask = await harness.call('POST', `/v1/conversations/${id}/messages`, 'C-1002', {
      text: 'please cancel ORD-1004',
    });
    expect(ask.body).toMatchObject({ status: 'awaiting_confirmation', workflow: null });
    const yes = await harness.call('POST', `/v1/conversations/${id}/messages`, 'C-1002', { text: 'yes' });
    expect(yes.body.workflow.status).toBe('completed');
  });

  it("keeps customers out of each other's conversations, workflows and orders", async () => {
    harness = await createServerHarness();
    const id = await conversation('C-1001');
    const turn = await harness.call('POST', `/v1/conversations/${id}/messages`, 'C-1001', {
      text: 'where is my refund for ORD-1001?',
    });
    expect((await harness.call('GET', `/v1/conversations/${id}`, 'C-1002')).status).toBe(404);
    expect(
      (await harness.call('POST', `/v1/conversations/${id}/messages`, 'C-1002', { text: 'hi' })).status,
    ).toBe(404);
    expect(
      (await harness.call('GET', `/v1/workflows/${turn.body.workflow.id}`, 'C-1002')).body.error.code,
    ).toBe('WORKFLOW_NOT_FOUND');
    const other = await conversation('C-1002');
    const attempt = await harness.call('POST', `/v1/conversations/${other}/messages`, 'C-1002', {
      text: "I'd like to return order ORD-1001, it doesn't fit",
    });
    expect(attempt.body).toMatchObject({ status: 'awaiting_customer', workflow: { steps: [] } });
    expect((await harness.keel.shop.describeOrder('ORD-1001'))?.labels).toEqual([]);
  });

  it('refuses missing, forged and expired tokens with 401, and the wrong role with 403', async () => {
    harness = await createServerHarness();
    const none = await harness.call('POST', '/v1/conversations', null);
    expect(none).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHORIZED' } } });
    for (const token of await badTokens()) {
      const response = await harness.app.inject({
        method: 'POST',
        url: '/v1/conversations',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.statusCode).toBe(401);
    }
    expect((await harness.call('GET', '/v1/escalations', 'C-1001')).status).toBe(403);
    expect((await harness.call('POST', '/v1/conversations', 'staff')).status).toBe(403);
  });

  it.each([
    ['malformed JSON', '{"text": "hi"', 400],
    ['a missing text', {}, 400],
    ['an unexpected field', { text: 'hi', refundCents: 100000 }, 400],
    ['a text over the limit', { text: 'x'.repeat(4001) }, 400],
    ['an empty text', { text: '   ' }, 400],
    ['a text of the wrong type', { text: 42 }, 400],
  ])('answers %s with a 4xx JSON error, never a 500', async (_name, body, status) => {
    harness = await createServerHarness();
    const id = await conversation();
    const response = await harness.call('POST', `/v1/conversations/${id}/messages`, 'C-1001', body);
    expect(response.status).toBe(status);
    expect(response.body.error).toEqual({ code: expect.any(String), message: expect.any(String) });
  });

  it('accepts an empty JSON body where no body is needed', async () => {
    harness = await createServerHarness();
    const response = await harness.app.inject({
      method: 'POST',
      url: '/v1/conversations',
      headers: {
        authorization: `Bearer ${await mintCustomerToken(SECRET, 'C-1001')}`,
        'content-type': 'application/json',
      },
      payload: '',
    });
    expect(response.statusCode).toBe(201);
  });

  it('answers a huge body with 413 and an unknown route with 404', async () => {
    harness = await createServerHarness({ bodyLimit: 1024 });
    const id = await conversation();
    const big = await harness.call('POST', `/v1/conversations/${id}/messages`, 'C-1001', {
      text: 'x'.repeat(5000),
    });
    expect(big).toMatchObject({ status: 413, body: { error: { code: 'BODY_TOO_LARGE' } } });
    expect((await harness.call('GET', '/v1/nothing', 'C-1001')).body.error.code).toBe('NOT_FOUND');
  });

  it('limits the request rate per caller', async () => {
    harness = await createServerHarness({ rateLimit: 3 });
    const statuses = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await harness.call('POST', '/v1/conversations', 'C-1001')).status);
    expect(statuses).toEqual([201, 201, 201, 429]);
    expect((await harness.call('POST', '/v1/conversations', 'C-1002')).status).toBe(201);
  });

  it('returns the same answer for a repeated Idempotency-Key and runs the workflow once', async () => {
    harness = await createServerHarness();
    const id = await conversation('C-1002');
    const send = () =>
      harness.call(
        'POST',
        `/v1/conversations/${id}/messages`,
        'C-1002',
        { text: 'please cancel ORD-1004' },
        { 'idempotency-key': 'abc' },
      );
    const [a, b] = await Promise.all([send(), send()]);
    expect(b.body).toEqual(a.body);
    expect(await harness.keel.store.listWorkflows()).toHaveLength(1);
  });

  it('lets staff decide an escalation once, posts the outcome to the conversation, and refuses a contradiction', async () => {
    harness = await createServerHarness();
    const id = await conversation();
    const waiting = await harness.call('POST', `/v1/conversations/${id}/messages`, 'C-1001', {
      text: 'I want to return ORD-1002, it arrived damaged',
    });
    expect(waiting.body.status).toBe('waiting_for_human');
    const open = await harness.call('GET', '/v1/escalations?status=open', 'staff');
    expect(open.body.escalations).toHaveLength(1);
    // Staff see why: a return past the window is a policy matter, not "Customer asked for a person".
    expect(open.body.escalations[0]).toMatchObject({ kind: 'tool', reasonKind: 'policy' });
    const escalationId = open.body.escalations[0].id;
    const url = `/v1/escalations/${escalationId}/decision`;
    const first = await harness.call('POST', url, 'staff', { decision: 'approve', note: 'goodwill' });
    expect(first.body).toMatchObject({ applied: true, workflow: { status: 'completed' } });
    const again = await harness.call('POST', url, 'staff', { decision: 'approve' });
    expect(again.body).toMatchObject({ applied: false, workflow: { status: 'completed' } });
    expect((await harness.call('POST', url, 'staff', { decision: 'reject' })).status).toBe(409);
    expect((await harness.call('POST', url, 'staff', { decision: 'maybe' })).status).toBe(400);
    expect(
      (await harness.call('POST', '/v1/escalations/esc_nope/decision', 'staff', { decision: 'approve' }))
        .status,
    ).toBe(404);
    const view = await harness.call('GET', `/v1/conversations/${id}`, 'C-1001');
    expect(view.body.messages.at(-1).text).toMatch(/^Your return for ORD-1002 is set up/);
    expect((await harness.keel.shop.describeOrder('ORD-1002'))?.refunds).toHaveLength(1);
  });

  it('streams plan, steps and the reply as server-sent events, in order', async () => {
    harness = await createServerHarness();
    const id = await conversation();
    const response = await harness.call(
      'POST',
      `/v1/conversations/${id}/messages`,
      'C-1001',
      { text: "I'd like to return order ORD-1001, it doesn't fit" },
      { accept: 'text/event-stream' },
    );
    expect(response.status).toBe(200);
    expect(String(response.headers['content-type'])).toContain('text/event-stream');
    const events = [...String(response.body).matchAll(/^event: (\w+)$/gm)].map((m) => m[1]);
    expect(events[0]).toBe('plan');
    expect(events.at(-1)).toBe('reply');
    expect(events.filter((e) => e === 'step').length).toBeGreaterThanOrEqual(12);
    const reply = JSON.parse(String(response.body).split('event: reply\ndata: ')[1]?.split('\n')[0] ?? '{}');
    expect(reply.workflow.status).toBe('completed');
  });

  it('streams an escalation event when the workflow waits for a human', async () => {
    harness = await createServerHarness();
    const id = await conversation();
    const response = await harness.call(
      'POST',
      `/v1/conversations/${id}/messages`,
      'C-1001',
      { text: 'I want to return ORD-1002' },
      { accept: 'text/event-stream' },
    );
    const events = [...String(response.body).matchAll(/^event: (\w+)$/gm)].map((m) => m[1]);
    expect(events.slice(-2)).toEqual(['escalation', 'reply']);
  });
});

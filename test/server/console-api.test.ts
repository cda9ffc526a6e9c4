import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { mintCustomerToken } from '../../src/server/auth.js';
import { CONTENT_SECURITY_POLICY } from '../../src/server/routes/web.js';
import { createServerHarness, SECRET, STAFF } from '../helpers/server-harness.js';

type Harness = Awaited<ReturnType<typeof createServerHarness>>;
let harness: Harness;
afterEach(async () => harness?.close());

async function returnOrder(h: Harness, customer: string, order: string) {
  const { body } = await h.call('POST', '/v1/conversations', customer);
  const id = (body as { id: string }).id;
  const turn = await h.call('POST', `/v1/conversations/${id}/messages`, customer, {
    text: `I want to return ${order}, it does not fit`,
  });
  return { id, turn: turn.body as { status: string; workflow: { id: string; status: string } | null } };
}

describe('the console API', () => {
  it('finds a customer by id, by email, or by name with postal code, never by name alone', async () => {
    harness = await createServerHarness();
    const byEmail = await harness.call('GET', '/v1/staff/customers?email=LIAM.OKAFOR@example.com', 'staff');
    expect(byEmail.body).toEqual({
      customers: [
        { id: 'C-1002', name: 'Liam Okafor', email: 'liam.okafor@example.com', postalCode: '73301' },
      ],
    });
    const byId = await harness.call('GET', '/v1/staff/customers?id=c-1001', 'staff');
    expect((byId.body as { customers: { id: string }[] }).customers.map((c) => c.id)).toEqual(['C-1001']);
    const byName = await harness.call(
      'GET',
      '/v1/staff/customers?name=maya%20patel&postalCode=97205',
      'staff',
    );
    expect((byName.body as { customers: { id: string }[] }).customers.map((c) => c.id)).toEqual(['C-1001']);
    const wrongPostal = await harness.call(
      'GET',
      '/v1/staff/customers?name=Maya%20Patel&postalCode=10001',
      'staff',
    );
    expect(wrongPostal.body).toEqual({ customers: [] });
    const nameOnly = await harness.call('GET', '/v1/staff/customers?name=Maya%20Patel', 'staff');
    expect(nameOnly.status).toBe(400);
    expect(nameOnly.body).toMatchObject({ error: { code: 'INPUT_INVALID' } });
  });

  it('is for staff only', async () => {
    harness = await createServerHarness();
    for (const url of [
      '/v1/staff/customers?id=C-1001',
      '/v1/staff/orders/ORD-1001',
      '/v1/staff/search',
      '/v1/staff/queue',
    ]) {
      expect((await harness.call('GET', url, 'C-1001')).status).toBe(403);
      expect((await harness.call('GET', url, null)).status).toBe(401);
    }
  });

  it("shows the shop's view of any order, and 404 for an unknown one", async () => {
    harness = await createServerHarness();
    const order = await harness.call('GET', '/v1/staff/orders/ord-1001', 'staff');
    expect(order.status).toBe(200);
    expect(JSON.stringify(order.body)).toContain('ORD-1001');
    const missing = await harness.call('GET', '/v1/staff/orders/ORD-9999', 'staff');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ error: { code: 'ORDER_NOT_FOUND' } });
  });

  it('queues an escalation with its reason kind, customer, order and amount, and finds it by search', async () => {
    harness = await createServerHarness();
    const { id, turn } = await returnOrder(harness, 'C-1001', 'ORD-1002');
    expect(turn.status).toBe('waiting_for_human');
    const queue = (await harness.call('GET', '/v1/staff/queue', 'staff')).body as {
      escalations: Record<string, unknown>[];
    };
    expect(queue.escalations).toHaveLength(1);
    expect(queue.escalations[0]).toMatchObject({
      conversationId: id,
      customerId: 'C-1001',
      reasonKind: 'policy',
      orderId: 'ORD-1002',
      amount: { currency: 'USD' },
    });
    const byOrder = (await harness.call('GET', '/v1/staff/search?order=ord-1002', 'staff')).body as {
      workflows: { id: string }[];
      conversations: { id: string }[];
    };
    expect(byOrder.workflows.map((w) => w.id)).toEqual([turn.workflow?.id]);
    expect(byOrder.conversations.map((c) => c.id)).toEqual([id]);
    const otherOrder = (await harness.call('GET', '/v1/staff/search?order=ORD-1001', 'staff')).body;
    expect(otherOrder).toEqual({ workflows: [], conversations: [] });
    const byStatus = (
      await harness.call('GET', '/v1/staff/search?status=waiting_for_human&customer=C-1001', 'staff')
    ).body as { workflows: unknown[] };
    expect(byStatus.workflows).toHaveLength(1);
    const later = (await harness.call('GET', '/v1/staff/search?from=2030-01-01', 'staff')).body;
    expect(later).toEqual({ workflows: [], conversations: [] });
    const view = (await harness.call('GET', `/v1/staff/conversations/${id}`, 'staff')).body as {
      messages: unknown[];
      workflows: { timeline: unknown[]; escalation: unknown; orderId: string }[];
    };
    expect(view.messages).toHaveLength(2);
    expect(view.workflows[0]?.orderId).toBe('ORD-1002');
    expect(view.workflows[0]?.timeline.length).toBeGreaterThan(2);
  });

  it('acts for a customer: the write plan is shown and waits for the staff yes', async () => {
    harness = await createServerHarness({ confirmWrites: true });
    const started = await harness.call('POST', '/v1/staff/customers/C-1002/conversations', 'staff');
    expect(started.status).toBe(201);
    const id = (started.body as { id: string }).id;
    const preview = await harness.call('POST', `/v1/staff/conversations/${id}/messages`, 'staff', {
      text: 'Please cancel ORD-1004',
    });
    expect(preview.body).toMatchObject({
      status: 'awaiting_confirmation',
      pendingPlan: { plan: { intent: 'cancel' } },
    });
    const order = async () =>
      JSON.stringify((await harness.call('GET', '/v1/staff/orders/ORD-1004', 'staff')).body);
    expect(await order()).not.toContain('"cancelled"');
    const done = await harness.call('POST', `/v1/staff/conversations/${id}/messages`, 'staff', {
      text: 'yes',
    });
    expect(done.body).toMatchObject({ workflow: { status: 'completed' }, pendingPlan: null });
    expect(await order()).toContain('"cancelled"');
    const unknown = await harness.call('POST', '/v1/staff/customers/C-9999/conversations', 'staff');
    expect(unknown.status).toBe(400);
  });
});

describe('the conversation event stream', () => {
  it('sends messages numbered by seq, resumes after Last-Event-ID, and hides other customers', async () => {
    harness = await createServerHarness();
    const { id } = await returnOrder(harness, 'C-1001', 'ORD-1001');
    const address = await harness.app.listen({ port: 0, host: '127.0.0.1' });
    const read = async (token: string, headers: Record<string, string> = {}) => {
      const controller = new AbortController();
      const response = await fetch(`${address}/v1/conversations/${id}/events`, {
        headers: { authorization: `Bearer ${token}`, ...headers },
        signal: controller.signal,
      });
      if (!response.body) return { status: response.status, text: '' };
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let text = '';
      // The stream stays open: read until the status event, which follows the backlog.
      while (!text.includes('event: status')) {
        const { value, done } = await reader.read();
        if (done) break;
        text += value;
      }
      controller.abort();
      return { status: response.status, text };
    };
    const customer = await mintCustomerToken(SECRET, 'C-1001');
    const all = await read(customer);
    expect(all.status).toBe(200);
    expect(all.text.match(/^id: \d+$/gm)).toEqual(['id: 1', 'id: 2']);
    const resumed = await read(customer, { 'last-event-id': '1' });
    expect(resumed.text.match(/^id: \d+$/gm)).toEqual(['id: 2']);
    expect((await read(STAFF)).text).toContain('id: 2');
    const other = await fetch(`${address}/v1/conversations/${id}/events`, {
      headers: { authorization: `Bearer ${await mintCustomerToken(SECRET, 'C-1002')}` },
    });
    expect(other.status).toBe(404);
  });

  it('sends each message once and in order while a workflow wakes the stream at every step', async () => {
    harness = await createServerHarness();
    const h = harness;
    const { body } = await h.call('POST', '/v1/conversations', 'C-1001');
    const id = (body as { id: string }).id;
    const address = await h.app.listen({ port: 0, host: '127.0.0.1' });
    const controller = new AbortController();
    const response = await fetch(`${address}/v1/conversations/${id}/events`, {
      headers: { authorization: `Bearer ${await mintCustomerToken(SECRET, 'C-1001')}` },
      signal: controller.signal,
    });
    const reader = response.body?.pipeThrough(new TextDecoderStream()).getReader();
    if (!reader) throw new Error('no stream');
    let text = '';
    const readUntil = async (marker: string) => {
      while (!text.includes(marker)) text += (await reader.read()).value ?? '';
    };
    await readUntil('event: status');
    // Every step of the return wakes a read of the store; overlapping reads would repeat id 2.
    await h.call('POST', `/v1/conversations/${id}/messages`, 'C-1001', {
      text: 'I want to return ORD-1001, it does not fit',
    });
    await readUntil('id: 2\n');
    await h.call('POST', `/v1/conversations/${id}/messages`, 'C-1001', { text: 'thanks' });
    await readUntil('id: 4\n');
    controller.abort();
    expect(text.match(/^id: \d+$/gm)).toEqual(['id: 1', 'id: 2', 'id: 3', 'id: 4']);
  });

  it('ends open streams when the server closes, so a shutdown does not wait for clients', async () => {
    harness = await createServerHarness();
    const address = await harness.app.listen({ port: 0, host: '127.0.0.1' });
    const response = await fetch(`${address}/v1/staff/escalations/stream`, {
      headers: { authorization: `Bearer ${STAFF}` },
    });
    const reader = response.body?.pipeThrough(new TextDecoderStream()).getReader();
    if (!reader) throw new Error('no stream');
    let text = '';
    while (!text.includes('event: queue')) text += (await reader.read()).value ?? '';
    expect(text).toContain('"escalations":[]');
    const closing = harness.app.close();
    for (;;) if ((await reader.read()).done) break;
    await closing;
  });
});

describe('the built pages', () => {
  function builtRoot(): string {
    const root = mkdtempSync(join(tmpdir(), 'keel-web-'));
    mkdirSync(join(root, 'console/assets'), { recursive: true });
    writeFileSync(join(root, 'console/index.html'), '<!doctype html><title>console</title>');
    writeFileSync(join(root, 'console/assets/app.js'), 'console.log(1)');
    writeFileSync(join(root, 'widget.js'), '/* widget */');
    return root;
  }

  it('serves them with a CSP that allows no inline script, and only the files that were built', async () => {
    harness = await createServerHarness({ web: { root: builtRoot(), demoSecret: null } });
    const page = await harness.call('GET', '/console', null);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toBe(CONTENT_SECURITY_POLICY);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect((await harness.call('GET', '/console/assets/app.js', null)).headers['content-type']).toContain(
      'javascript',
    );
    expect((await harness.call('GET', '/widget.js', null)).status).toBe(200);
    for (const url of [
      '/console/assets/../index.html',
      '/console/assets/%2e%2e%2f%2e%2e%2fpackage.json',
      '/console/assets/nope.js',
    ])
      expect((await harness.call('GET', url, null)).status).toBe(404);
  });

  it('issues demo tokens only in development', async () => {
    harness = await createServerHarness({ web: { root: builtRoot(), demoSecret: null } });
    expect((await harness.call('POST', '/widget/demo/token', null)).status).toBe(404);
    await harness.close();
    harness = await createServerHarness({ web: { root: builtRoot(), demoSecret: SECRET } });
    const issued = await harness.call('POST', '/widget/demo/token', null);
    expect(issued.status).toBe(200);
    const token = (issued.body as { token: string }).token;
    const created = await harness.app.inject({
      method: 'POST',
      url: '/v1/conversations',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(created.statusCode).toBe(201);
  });
});

import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { retailSupportDesk } from '../../src/domains/retail/support/retail-support-desk.js';
import {
  signWebhook,
  startEscalationWebhook,
  webhookFromEnv,
} from '../../src/server/support/escalation-webhook.js';
import { createServerHarness } from '../helpers/server-harness.js';

type Harness = Awaited<ReturnType<typeof createServerHarness>>;
let harness: Harness;
afterEach(async () => harness?.close());

const SECRET = 'webhook-secret-0123456789';

describe('KEEL_ESCALATION_WEBHOOK', () => {
  it('posts each opened escalation as signed JSON, retrying a failed delivery', async () => {
    harness = await createServerHarness();
    const calls: { url: string; headers: Record<string, string>; body: string }[] = [];
    let delivered: () => void = () => {};
    const done = new Promise<void>((resolve) => {
      delivered = resolve;
    });
    const fetch = (async (url: string, init: RequestInit) => {
      calls.push({ url, headers: init.headers as Record<string, string>, body: String(init.body) });
      if (calls.length === 1) return new Response('busy', { status: 503 });
      delivered();
      return new Response(null, { status: 204 });
    }) as unknown as typeof globalThis.fetch;
    const stop = startEscalationWebhook({
      keel: harness.keel,
      desk: retailSupportDesk({
        store: harness.keel.store,
        shop: harness.keel.shop,
        console: harness.staff,
      }),
      config: { url: 'https://helpdesk.example/hooks/keel', secret: SECRET },
      logger: pino({ level: 'silent' }),
      fetch,
    });
    const { body } = await harness.call('POST', '/v1/conversations', 'C-1001');
    const id = (body as { id: string }).id;
    await harness.call('POST', `/v1/conversations/${id}/messages`, 'C-1001', {
      text: 'I want to return ORD-1002, it does not fit',
    });
    await done;
    stop();
    expect(calls).toHaveLength(2);
    expect(harness.time.sleeps).toContain(1000);
    const call = calls[1];
    if (!call) throw new Error('no delivery');
    expect(call.url).toBe('https://helpdesk.example/hooks/keel');
    expect(call.headers['x-keel-signature']).toBe(
      signWebhook(SECRET, call.headers['x-keel-timestamp'] ?? '', call.body),
    );
    expect(JSON.parse(call.body)).toMatchObject({
      event: 'escalation.opened',
      escalation: { conversationId: id, customerId: 'C-1001', orderId: 'ORD-1002', reasonKind: 'policy' },
    });
  });

  it('refuses a webhook without a secret or with a URL that is not http(s)', () => {
    expect(webhookFromEnv({})).toBeNull();
    expect(() => webhookFromEnv({ KEEL_ESCALATION_WEBHOOK: 'https://x.example/h' })).toThrow(/SECRET/);
    expect(() =>
      webhookFromEnv({
        KEEL_ESCALATION_WEBHOOK: 'ftp://x.example/h',
        KEEL_ESCALATION_WEBHOOK_SECRET: SECRET,
      }),
    ).toThrow(/http\(s\)/);
    expect(
      webhookFromEnv({
        KEEL_ESCALATION_WEBHOOK: 'https://x.example/h',
        KEEL_ESCALATION_WEBHOOK_SECRET: SECRET,
      }),
    ).toEqual({ url: 'https://x.example/h', secret: SECRET });
  });
});

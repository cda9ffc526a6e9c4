import { afterEach, describe, expect, it } from 'vitest';
import { createServerHarness } from '../helpers/server-harness.js';

let harness: Awaited<ReturnType<typeof createServerHarness>>;
afterEach(async () => harness?.close());

async function say(who: string, id: string, text: string) {
  return harness.call('POST', `/v1/conversations/${id}/messages`, who, { text });
}

async function open(who: string): Promise<string> {
  const created = await harness.call('POST', '/v1/conversations', who);
  expect(created.status).toBe(201);
  return created.body.id as string;
}

// The customer-facing API always confirms a write first: the desk's confirmations say exactly what
// will happen, from the shop's data, and only the yes runs it.
describe('HTTP: the retail desk with confirmation', () => {
  it('confirms the ORD-1101 exchange with its terms, then runs it on yes', async () => {
    harness = await createServerHarness({ confirmWrites: true });
    const id = await open('C-1025');
    const ask = await say('C-1025', id, "I'd like to swap the Trail Runners in ORD-1101 for size 10");
    expect(ask.body.status).toBe('awaiting_confirmation');
    expect(ask.body.reply).toContain(
      'exchanging Trail Runner (size 9) from ORD-1101 for size 10, at the same price: a return label for the old item and the new one shipped to you',
    );
    const yes = await say('C-1025', id, 'yes');
    expect(yes.body.workflow).toMatchObject({ status: 'completed', intent: 'exchange' });
    expect(yes.body.reply).toMatch(/The new item ships with UPS, tracking number 1ZEXC\d+/);
  });

  it('names the one order that fits in the confirmation, and the profile address change leaves orders alone', async () => {
    harness = await createServerHarness({ confirmWrites: true });
    const id = await open('C-1025');
    const cancel = await say('C-1025', id, 'I want to cancel my order');
    expect(cancel.body.reply).toContain('cancelling ORD-1102 (174.99 USD)');
    await say('C-1025', id, 'no');
    const address = await say('C-1025', id, 'change my default address to 45 Cedar Road, Seattle, WA 98109');
    expect(address.body.reply).toContain(
      'changing the default address on your account to 45 Cedar Road, Seattle 98109 (orders already placed keep their shipping address)',
    );
    expect((await say('C-1025', id, 'yes')).body.workflow.status).toBe('completed');
  });

  it('refunds to the gift card only after a yes that names it, and never to a method not on the account', async () => {
    harness = await createServerHarness({ confirmWrites: true });
    const id = await open('C-1026');
    const ask = await say('C-1026', id, 'return ORD-1103 and put the refund on my gift card');
    expect(ask.body.reply).toContain('with a refund of 159.00 USD to Gift card GC-1026');
    const yes = await say('C-1026', id, 'yes');
    expect(yes.body.workflow.status).toBe('completed');
    const other = await open('C-1025');
    const refused = await say('C-1025', other, 'return the gloves from ORD-1104 and refund to my gift card');
    // C-1025 has no gift card: someone else's money, so a person looks at it; nothing is refunded.
    expect(refused.body.workflow).toMatchObject({ intent: 'human', status: 'waiting_for_human' });
  });
});

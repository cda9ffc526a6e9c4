import { describe, expect, it } from 'vitest';
import { conversationsOver } from '../helpers/conversation-harness.js';
import { createShopHarness } from '../helpers/shop-harness.js';

// Retail's replies are built from what the tools did: where a refund goes, where an order stands.

/** A new conversation for the customer over a fresh sandbox; the last reply to the messages. */
async function lastReply(customerId: string, ...messages: string[]): Promise<string> {
  const conversations = conversationsOver(createShopHarness());
  const { id } = await conversations.start(customerId);
  let reply = '';
  for (const text of messages) reply = (await conversations.post(id, customerId, text)).reply;
  return reply;
}

describe('replies that say what happened', () => {
  it('a refund sent to the method the customer chose names it', async () => {
    const reply = await lastReply('C-1026', 'Return the rain shell and put the money on my gift card', 'yes');
    expect(reply).toMatch(/A refund of 159\.00 USD to Gift card GC-1026 is scheduled/);
  });

  it('the status of an order not yet shipped says so, once', async () => {
    const reply = await lastReply('C-1002', "What's the status of ORD-1004?");
    expect(reply).toMatch(/^Order ORD-1004 was placed on \d{4}-\d{2}-\d{2} and has not shipped yet\.$/);
  });

  it("an exchange's price difference names the method it was charged to", async () => {
    const reply = await lastReply('C-1026', 'exchange my Rain Shell from ORD-1103 for size XL', 'yes');
    expect(reply).toMatch(/10\.00 USD was charged to Mastercard ending 5555\./);
  });
});

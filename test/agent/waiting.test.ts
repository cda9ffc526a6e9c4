import { describe, expect, it } from 'vitest';
import { openRetailKeel } from '../../src/domains/retail/open-retail-keel.js';
import { sequentialIds, VirtualTime } from '../../src/testing/index.js';
import { TEST_NOW } from '../helpers/shop-harness.js';

async function waitingConversation() {
  const time = new VirtualTime(TEST_NOW);
  const keel = openRetailKeel({
    dbPath: ':memory:',
    env: {},
    planner: 'offline',
    confirmWrites: false,
    runtime: { clock: time.clock, sleep: time.sleep, ids: sequentialIds() },
  });
  const { id } = await keel.startConversation('C-1001');
  const say = (text: string) => keel.post(id, 'C-1001', text);
  const workflows = () => keel.store.listWorkflows({ customerId: 'C-1001' });
  return { keel, id, say, workflows };
}

describe('a conversation while a person decides', () => {
  it.each(['any update?', 'is there any news on my return?', 'hello?', 'still waiting...'])(
    'answers %j with the status of the waiting request and starts nothing',
    async (question) => {
      const { keel, say, workflows } = await waitingConversation();
      const waiting = await say('I want to return ORD-1002, it arrived damaged');
      expect(waiting.status).toBe('waiting_for_human');
      const status = await say(question);
      expect(status).toMatchObject({ status: 'waiting_for_human', workflow: null });
      expect(status.reply).toBe(
        "Your return request for ORD-1002 is still with a colleague for review; they'll reply here as soon as they have decided. There's nothing else you need to do.",
      );
      expect(await workflows()).toHaveLength(1);
      keel.close();
    },
  );

  it('does not start a second workflow when the customer asks for the same thing again', async () => {
    const { keel, say, workflows } = await waitingConversation();
    await say('I want to return ORD-1002, it arrived damaged');
    const again = await say('I want to return ORD-1002, it arrived damaged!!');
    expect(again.reply).toMatch(/^Your return request for ORD-1002 is still with a colleague/);
    expect(await workflows()).toHaveLength(1);
    expect(await keel.store.listEscalations({ status: 'open' })).toHaveLength(1);
    keel.close();
  });

  it('does not take a new request that mentions "update" for a status question', async () => {
    const { keel, say, workflows } = await waitingConversation();
    await say('I want to return ORD-1002, it arrived damaged');
    const other = await say('I need to update my shipping address');
    expect(other.reply).not.toMatch(/still with a colleague/);
    expect(other.planned?.plan.intent).toBe('change_address');
    expect(await workflows()).toHaveLength(2);
    keel.close();
  });

  it('plans another request on its own, and the waiting one still gets its decision posted', async () => {
    const { keel, id, say, workflows } = await waitingConversation();
    const waiting = await say('I want to return ORD-1002, it arrived damaged');
    const other = await say('where is my refund for ORD-1001?');
    expect(other.workflow?.workflow).toMatchObject({ intent: 'refund_status', status: 'completed' });
    expect((await workflows()).map((w) => w.status)).toEqual(['waiting_for_human', 'completed']);
    // The waiting request is still known to the conversation afterwards.
    expect((await say('any update?')).reply).toMatch(/^Your return request for ORD-1002 is still/);
    await keel.decide(waiting.workflow?.escalation?.id ?? '', { decision: 'approve', decidedBy: 'ana' });
    const messages = (await keel.viewConversation(id, 'C-1001')).messages;
    expect(messages.at(-1)?.text).toMatch(/^Your return for ORD-1002 is set up/);
    keel.close();
  });
});

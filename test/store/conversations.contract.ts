import { describe, expect, it } from 'vitest';
import type { ConversationRecord, Store } from '../../src/store/store.js';
import { at, escalation, event, step, T0, workflow } from './store-fixtures.js';

const conversation = (
  id: string,
  customerId = 'C-1',
): Omit<ConversationRecord, 'pendingPlan' | 'lastWorkflowId'> => ({
  id,
  customerId,
  status: 'open',
  createdAt: T0,
  updatedAt: T0,
});
const reply = (text: string, seconds: number) => ({
  conversationId: 'conv-1',
  text,
  status: 'open' as const,
  at: at(seconds),
});

/** The conversation half of the `Store` contract; `storeContract` runs it. */
export function conversationContract(fresh: () => Promise<Store>, sibling: () => Promise<Store>): void {
  describe('conversations', () => {
    it('creates, reads and changes a conversation; fields left out stay, null clears', async () => {
      const store = await fresh();
      expect(await store.createConversation(conversation('conv-1'))).toEqual({
        ...conversation('conv-1'),
        pendingPlan: null,
        lastWorkflowId: null,
      });
      expect(await store.getConversation('nope')).toBeNull();
      const plan = { intent: 'refund', steps: [{ id: 's1', tool: 'refund', args: {} }] };
      await store.updateConversation('conv-1', {
        status: 'awaiting_confirmation',
        pendingPlan: plan,
        updatedAt: at(1),
      });
      await store.updateConversation('conv-1', { lastWorkflowId: 'wf_9', updatedAt: at(2) });
      expect(await store.getConversation('conv-1')).toEqual({
        ...conversation('conv-1'),
        status: 'awaiting_confirmation',
        pendingPlan: plan,
        lastWorkflowId: 'wf_9',
        updatedAt: at(2),
      });
      await store.updateConversation('conv-1', { pendingPlan: null, updatedAt: at(3) });
      expect((await store.getConversation('conv-1'))?.pendingPlan).toBeNull();
      await store.updateConversation('ghost', { status: 'open', updatedAt: at(3) });
      expect(await store.getConversation('ghost')).toBeNull();
    });

    it('numbers messages in order and applies a change with the message', async () => {
      const store = await fresh();
      await store.createConversation(conversation('conv-1'));
      const first = await store.appendMessage({
        conversationId: 'conv-1',
        role: 'customer',
        text: 'hi',
        workflowId: null,
        createdAt: at(1),
      });
      const second = await store.appendMessage(
        { conversationId: 'conv-1', role: 'agent', text: 'hello', workflowId: 'wf_1', createdAt: at(2) },
        { status: 'awaiting_customer', updatedAt: at(2) },
      );
      expect([first.seq, second.seq]).toEqual([1, 2]);
      expect(await store.messages('conv-1')).toEqual([first, second]);
      expect((await store.getConversation('conv-1'))?.status).toBe('awaiting_customer');
      expect(await store.messages('nope')).toEqual([]);
    });

    it('gives concurrent messages of one conversation distinct, gapless numbers across instances', async () => {
      const stores = [await fresh(), await sibling()];
      await stores[0]?.createConversation(conversation('conv-1'));
      await Promise.all(
        Array.from({ length: 16 }, (_, i) =>
          (stores[i % 2] as Store).appendMessage({
            conversationId: 'conv-1',
            role: 'customer',
            text: `m${i}`,
            workflowId: null,
            createdAt: at(i),
          }),
        ),
      );
      const seqs = (await stores[1]?.messages('conv-1'))?.map((m) => m.seq);
      expect(seqs).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    });

    it('writes a workflow reply with the change that settles it, and skips an unknown conversation', async () => {
      const store = await fresh();
      await store.createConversation(conversation('conv-1'));
      await store.updateConversation('conv-1', {
        pendingPlan: { p: 1 },
        status: 'awaiting_confirmation',
        updatedAt: at(0),
      });
      await store.createWorkflow(
        workflow('wf_ask', { conversationId: 'conv-1', status: 'awaiting_customer' }),
        event('wf_ask', 'x'),
        { ...reply('Which order?', 1), status: 'awaiting_customer' },
      );
      await store.createWorkflow(workflow('wf_1', { conversationId: 'conv-1' }), event('wf_1', 'x'));
      await store.checkpointStep({
        step: step('wf_1', 0),
        cursor: 1,
        status: 'completed',
        events: [],
        reply: reply('Refunded.', 2),
      });
      await store.createWorkflow(workflow('wf_2', { conversationId: 'conv-1' }), event('wf_2', 'x'));
      await store.transition({
        workflowId: 'wf_2',
        from: ['running'],
        to: 'failed',
        event: event('wf_2', 'f'),
        reply: reply('Sorry.', 3),
      });
      await store.createWorkflow(workflow('wf_3', { conversationId: 'conv-1' }), event('wf_3', 'x'));
      await store.openEscalation(escalation('esc_1', 'wf_3'), event('wf_3', 'o'), {
        ...reply('A person will look.', 4),
        status: 'waiting_for_human',
      });
      const messages = await store.messages('conv-1');
      expect(messages.map((m) => [m.seq, m.role, m.text, m.workflowId])).toEqual([
        [1, 'agent', 'Which order?', 'wf_ask'],
        [2, 'agent', 'Refunded.', 'wf_1'],
        [3, 'agent', 'Sorry.', 'wf_2'],
        [4, 'agent', 'A person will look.', 'wf_3'],
      ]);
      expect(await store.getConversation('conv-1')).toMatchObject({
        status: 'waiting_for_human',
        pendingPlan: null,
        lastWorkflowId: 'wf_3',
        updatedAt: at(4),
      });
      await store.createWorkflow(workflow('wf_4'), event('wf_4', 'x'), {
        ...reply('nobody', 5),
        conversationId: 'ghost',
      });
      expect(await store.getWorkflow('wf_4')).not.toBeNull();
      expect(await store.messages('ghost')).toEqual([]);
    });

    it('lists settled workflows of conversations that no agent message answers', async () => {
      const store = await fresh();
      await store.createConversation(conversation('conv-1'));
      await store.createWorkflow(
        workflow('wf_late', { conversationId: 'conv-1', status: 'completed', updatedAt: at(1) }),
        event('wf_late', 'x'),
      );
      await store.createWorkflow(
        workflow('wf_run', { conversationId: 'conv-1', updatedAt: at(1) }),
        event('wf_run', 'x'),
      );
      await store.createWorkflow(
        workflow('wf_new', { conversationId: 'conv-1', status: 'failed', updatedAt: at(9) }),
        event('wf_new', 'x'),
      );
      await store.createWorkflow(
        workflow('wf_solo', { status: 'failed', updatedAt: at(1) }),
        event('wf_solo', 'x'),
      );
      await store.createWorkflow(
        workflow('wf_done', { conversationId: 'conv-1', status: 'completed', updatedAt: at(1) }),
        event('wf_done', 'x'),
      );
      await store.appendMessage({
        conversationId: 'conv-1',
        role: 'agent',
        text: 'done',
        workflowId: 'wf_done',
        createdAt: at(1),
      });
      expect(await store.unansweredWorkflows(at(5))).toEqual(['wf_late']);
    });

    it('queues turns on a conversation in arrival order across instances; expired and ended ones stop counting', async () => {
      const store = await fresh();
      const other = await sibling();
      const first = await store.queueTurn('conv-1', at(60));
      const second = await other.queueTurn('conv-1', at(60));
      const elsewhere = await other.queueTurn('conv-2', at(60));
      expect(second).toBeGreaterThan(first);
      expect(await store.isTurnFirst('conv-1', first, at(0))).toBe(true);
      expect(await other.isTurnFirst('conv-1', second, at(0))).toBe(false);
      expect(await other.isTurnFirst('conv-2', elsewhere, at(0))).toBe(true);
      // The first turn's instance died: once its turn expires, the next one runs.
      expect(await other.isTurnFirst('conv-1', second, at(60))).toBe(true);
      await store.endTurn(first);
      expect(await other.isTurnFirst('conv-1', second, at(1))).toBe(true);
      await other.endTurn(second);
      await other.endTurn(second);
    });

    it('keeps the first response saved for an idempotency key, per conversation', async () => {
      const store = await fresh();
      const other = await sibling();
      await store.createConversation(conversation('conv-1'));
      expect(await store.savedResponse('conv-1', 'k1')).toBeNull();
      await Promise.all([
        store.saveResponse('conv-1', 'k1', { response: { reply: 'first' }, requestHash: 'h1' }, at(1)),
        other.saveResponse('conv-1', 'k1', { response: { reply: 'second' }, requestHash: 'h2' }, at(2)),
      ]);
      const saved = await store.savedResponse('conv-1', 'k1');
      expect([
        { response: { reply: 'first' }, requestHash: 'h1' },
        { response: { reply: 'second' }, requestHash: 'h2' },
      ]).toContainEqual(saved);
      await store.saveResponse('conv-1', 'k1', { response: { reply: 'third' }, requestHash: 'h3' }, at(3));
      expect(await other.savedResponse('conv-1', 'k1')).toEqual(saved);
      expect(await store.savedResponse('conv-2', 'k1')).toBeNull();
    });
  });
}

import { afterEach, describe, expect, it } from 'vitest';
import type { ConsoleStore } from '../../src/store/console-store.js';
import type { Store } from '../../src/store/store.js';
import { at, event, T0, workflow } from './store-fixtures.js';

/** How a contract run gets its stores: the engine's store and the console's, on one empty database. */
export interface ConsoleStoreFactory {
  fresh(): Promise<{ store: Store; console: ConsoleStore }>;
  /** A second console store over the same database as the last `fresh()` one: another instance. */
  sibling(): Promise<ConsoleStore>;
}

const audited = (action: string, conversationId: string | null, seconds: number) => ({
  at: at(seconds),
  actor: 'Dana Reyes',
  action,
  conversationId,
  workflowId: null,
  detail: { n: seconds },
});

/** The `ConsoleStore` contract, run against SQLite and PostgreSQL by one test file each. */
export function consoleStoreContract(factory: ConsoleStoreFactory): void {
  const opened: Store[] = [];
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
  });
  const fresh = async () => {
    const both = await factory.fresh();
    opened.push(both.store);
    return both;
  };

  describe('named staff', () => {
    it('issues a token per name, knows it on every instance, replaces and revokes it', async () => {
      const { console: staff } = await fresh();
      const token = await staff.addStaff('Dana Reyes', T0);
      expect(token).toMatch(/^ks_[\w-]{32}$/);
      const other = await factory.sibling();
      expect(await other.staffNameOf(token)).toBe('Dana Reyes');
      expect(await staff.staffNameOf('ks_not-a-token')).toBeNull();
      const renewed = await staff.addStaff('Dana Reyes', at(1));
      expect(renewed).not.toBe(token);
      expect(await staff.staffNameOf(token)).toBeNull();
      expect(await staff.staffNameOf(renewed)).toBe('Dana Reyes');
      await staff.addStaff('Sam', at(2));
      expect(await staff.revokeStaff('Dana Reyes', at(3))).toBe(true);
      expect(await staff.revokeStaff('Dana Reyes', at(4))).toBe(false);
      expect(await staff.revokeStaff('Nobody', at(4))).toBe(false);
      expect(await staff.staffNameOf(renewed)).toBeNull();
      expect(await other.listStaff()).toEqual([
        { name: 'Dana Reyes', createdAt: T0, revokedAt: at(3) },
        { name: 'Sam', createdAt: at(2), revokedAt: null },
      ]);
    });
  });

  describe('audit trail and takeovers', () => {
    it('keeps every action, newest first, per conversation and limited', async () => {
      const { console: staff } = await fresh();
      await staff.audit(audited('takeover', 'conv-1', 1));
      await staff.audit(audited('approve', null, 2));
      await staff.audit({ ...audited('message', 'conv-1', 3), detail: null });
      const all = await staff.auditTrail({ limit: 10 });
      expect(all.map((a) => a.action)).toEqual(['message', 'approve', 'takeover']);
      expect(all[2]).toEqual({ seq: expect.any(Number), ...audited('takeover', 'conv-1', 1) });
      expect(all[0]?.detail).toBeNull();
      const ours = await staff.auditTrail({ conversationId: 'conv-1', limit: 10 });
      expect(ours.map((a) => a.action)).toEqual(['message', 'takeover']);
      expect(await staff.auditTrail({ limit: 1 })).toHaveLength(1);
    });

    it('holds a conversation for one person at a time until handed back', async () => {
      const { console: staff } = await fresh();
      expect(await staff.heldBy('conv-1')).toBeNull();
      await staff.takeOver('conv-1', 'Dana Reyes', at(1));
      await staff.takeOver('conv-1', 'Sam', at(2));
      expect(await (await factory.sibling()).heldBy('conv-1')).toEqual({ by: 'Sam', since: at(2) });
      expect(await staff.handBack('conv-1')).toBe(true);
      expect(await staff.handBack('conv-1')).toBe(false);
      expect(await staff.heldBy('conv-1')).toBeNull();
    });
  });

  describe('search', () => {
    /** Two customers' conversations over three days, with an order in one workflow's plan. */
    async function seeded() {
      const both = await fresh();
      const { store } = both;
      const day = (d: number) => `2026-03-0${d}T10:00:00.000Z`;
      for (const [id, customerId, d] of [
        ['conv-a', 'C-1', 1],
        ['conv-b', 'C-1', 2],
        ['conv-c', 'C-2', 3],
      ] as const) {
        await store.createConversation({
          id,
          customerId,
          status: 'open',
          createdAt: day(d),
          updatedAt: day(d),
        });
      }
      await store.updateConversation('conv-b', { status: 'awaiting_customer', updatedAt: day(2) });
      const plan = (orderId: string) => ({
        intent: 'return',
        steps: [{ id: 's1', tool: 'create_return', args: { orderId } }],
      });
      const wf = (id: string, conversationId: string, customerId: string, d: number, over = {}) =>
        workflow(id, { conversationId, customerId, createdAt: day(d), updatedAt: day(d), ...over });
      await store.createWorkflow(
        wf('wf-a', 'conv-a', 'C-1', 1, { plan: plan('ORD-1001') }),
        event('wf-a', 'created'),
      );
      await store.createWorkflow(
        wf('wf-b', 'conv-b', 'C-1', 2, { plan: plan('ORD-2002'), status: 'completed' }),
        event('wf-b', 'created'),
      );
      await store.createWorkflow(
        wf('wf-c', 'conv-c', 'C-2', 3, { plan: plan('ORD-100%') }),
        event('wf-c', 'created'),
      );
      return both;
    }

    it('finds conversations by customer in any case, status, dates and their workflows', async () => {
      const { console: staff } = await seeded();
      const find = (q: object) => staff.searchConversations({ limit: 10, ...q });
      expect(await find({})).toEqual(['conv-c', 'conv-b', 'conv-a']);
      expect(await find({ customerId: 'c-1' })).toEqual(['conv-b', 'conv-a']);
      expect(await find({ status: 'awaiting_customer' })).toEqual(['conv-b']);
      expect(await find({ from: '2026-03-02T00:00:00.000Z' })).toEqual(['conv-c', 'conv-b']);
      expect(await find({ to: '2026-03-01T23:59:59.999Z' })).toEqual(['conv-a']);
      expect(await find({ workflowStatus: 'completed' })).toEqual(['conv-b']);
      expect(await find({ planMentions: 'ord-1001' })).toEqual(['conv-a']);
      expect(await find({ limit: 1 })).toEqual(['conv-c']);
      expect(await find({ customerId: 'C-3' })).toEqual([]);
    });

    it('finds workflows newest first; LIKE wildcards in the text are only text', async () => {
      const { console: staff } = await seeded();
      const find = (q: object) => staff.searchWorkflows({ limit: 10, ...q });
      expect(await find({})).toEqual(['wf-c', 'wf-b', 'wf-a']);
      expect(await find({ customerId: 'c-1', status: 'running' })).toEqual(['wf-a']);
      expect(await find({ from: '2026-03-02T00:00:00.000Z', to: '2026-03-02T23:59:59.999Z' })).toEqual([
        'wf-b',
      ]);
      expect(await find({ planMentions: 'ORD-100' })).toEqual(['wf-c', 'wf-a']);
      expect(await find({ planMentions: 'ORD-100%' })).toEqual(['wf-c']);
      expect(await find({ planMentions: 'ORD_1001' })).toEqual([]);
      expect(await find({ planMentions: "'; DROP TABLE workflows; --" })).toEqual([]);
      expect(await find({ limit: 2 })).toEqual(['wf-c', 'wf-b']);
    });
  });

  describe('reply revisions', () => {
    it("replaces the agent's last reply and audits it in one change; never another message", async () => {
      const { store, console: staff } = await fresh();
      await store.createConversation({
        id: 'conv-1',
        customerId: 'C-1',
        status: 'open',
        createdAt: T0,
        updatedAt: T0,
      });
      const message = (role: 'customer' | 'agent', text: string) =>
        store.appendMessage({ conversationId: 'conv-1', role, text, workflowId: null, createdAt: T0 });
      const asked = await message('customer', 'Cancel ORD-1004');
      const answered = await message('agent', 'Cancelled ORD-1004.');
      const revision = (seq: number, text: string) => ({
        conversationId: 'conv-1',
        seq,
        text,
        audit: { ...audited('reply_edited', 'conv-1', 5), detail: { seq, text } },
      });
      expect(await staff.reviseReply(revision(asked.seq, 'not the customer'))).toBe(false);
      expect(await staff.reviseReply(revision(answered.seq + 1, 'no such message'))).toBe(false);
      expect(await staff.auditTrail({ limit: 10 })).toEqual([]);
      expect(await staff.reviseReply(revision(answered.seq, 'Your order ORD-1004 is cancelled.'))).toBe(true);
      expect((await store.messages('conv-1')).map((m) => m.text)).toEqual([
        'Cancel ORD-1004',
        'Your order ORD-1004 is cancelled.',
      ]);
      expect((await staff.auditTrail({ limit: 10 })).map((a) => a.detail)).toEqual([
        { seq: answered.seq, text: 'Your order ORD-1004 is cancelled.' },
      ]);
      // Once the customer wrote again, the reply they answered stays as they saw it.
      await message('customer', 'thanks');
      expect(await staff.reviseReply(revision(answered.seq, 'too late'))).toBe(false);
      expect((await store.messages('conv-1'))[1]?.text).toBe('Your order ORD-1004 is cancelled.');
    });
  });
}

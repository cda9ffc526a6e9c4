import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRetailKeel } from '../../src/domains/retail/open-retail-keel.js';
import { sequentialIds } from '../../src/testing/index.js';

const at = (iso: string) => ({ clock: { now: () => new Date(iso) }, ids: sequentialIds() });

describe('KeelApp.recover', () => {
  it('writes a workflow reply with its last checkpoint, so a crash after that owes nothing', async () => {
    const keel = openRetailKeel({
      dbPath: ':memory:',
      planner: 'offline',
      runtime: at('2026-03-01T09:00:00Z'),
    });
    const planned = await keel.parts.agent.plan({
      customerId: 'C-1001',
      messages: [{ role: 'customer', text: 'Where is my order ORD-1001?' }],
    });
    const conversation = await keel.startConversation('C-1001');
    // The executor alone, as if the process died the moment it returned: the reply is there.
    const ran = await keel.parts.executor.start({
      plan: planned.plan,
      customerId: 'C-1001',
      conversationId: conversation.id,
    });
    expect(ran.workflow.status).toBe('completed');
    const { conversation: after, messages } = await keel.viewConversation(conversation.id, 'C-1001');
    expect(messages).toEqual([expect.objectContaining({ role: 'agent', workflowId: ran.workflow.id })]);
    expect(after).toMatchObject({ status: 'open', lastWorkflowId: ran.workflow.id });
    expect((await keel.recover()).repliedLate).toEqual([]);
    keel.close();
  });

  it('posts, once, a reply that a keel from before settling replies left owed', async () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), 'keel-recover-')), 'keel.db');
    const first = openRetailKeel({
      dbPath,
      planner: 'offline',
      confirmWrites: false,
      runtime: at('2026-03-01T09:00:00Z'),
    });
    const answered = await first.startConversation('C-1001');
    const turn = await first.post(answered.id, 'C-1001', 'Where is my order ORD-1001?');
    const owed = await first.startConversation('C-1001');
    const ran = await first.parts.executor.start({
      plan: turn.planned?.plan,
      customerId: 'C-1001',
      conversationId: owed.id,
    });
    // What an older keel left after dying between the last checkpoint and the reply.
    first.db.prepare('DELETE FROM messages WHERE conversation_id = ?').run(owed.id);
    first.close();

    const second = openRetailKeel({ dbPath, planner: 'offline', runtime: at('2026-03-01T09:05:00Z') });
    try {
      const before = (await second.viewConversation(answered.id, 'C-1001')).messages.length;
      const { repliedLate } = await second.recover();
      expect(repliedLate).toEqual([ran.workflow.id]);
      const { messages } = await second.viewConversation(owed.id, 'C-1001');
      expect(messages).toEqual([expect.objectContaining({ role: 'agent', workflowId: ran.workflow.id })]);
      expect((await second.viewConversation(answered.id, 'C-1001')).messages).toHaveLength(before);
      expect((await second.recover()).repliedLate).toEqual([]);
    } finally {
      second.close();
    }
  });
});

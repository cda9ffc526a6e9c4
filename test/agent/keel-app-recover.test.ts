import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRetailKeel } from '../../src/domains/retail/open-retail-keel.js';
import { sequentialIds } from '../../src/testing/index.js';

const at = (iso: string) => ({ clock: { now: () => new Date(iso) }, ids: sequentialIds() });

describe('KeelApp.recover', () => {
  it('posts the reply of a workflow that ended just before a crash, once, and leaves answered ones alone', async () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), 'keel-recover-')), 'keel.db');
    const first = openRetailKeel({
      dbPath,
      planner: 'offline',
      confirmWrites: false,
      runtime: at('2026-03-01T09:00:00Z'),
    });
    const answered = first.conversations.start('C-1001');
    const turn = await first.conversations.post(answered.id, 'C-1001', 'Where is my order ORD-1001?');
    // The process dies after the workflow's last checkpoint and before the reply: the workflow
    // ran (as the turn runs it) but the conversation layer never appended the answer.
    const owed = first.conversations.start('C-1001');
    const plan = turn.planned?.plan;
    expect(plan?.steps.length).toBeGreaterThan(0);
    const ran = await first.executor.start({ plan, customerId: 'C-1001', conversationId: owed.id });
    expect(ran.workflow.status).toBe('completed');
    first.close();

    const second = openRetailKeel({ dbPath, planner: 'offline', runtime: at('2026-03-01T09:05:00Z') });
    try {
      const before = second.conversations.view(answered.id, 'C-1001').messages.length;
      const { repliedLate } = await second.recover();
      expect(repliedLate).toEqual([ran.workflow.id]);
      const messages = second.conversations.view(owed.id, 'C-1001').messages;
      expect(messages).toHaveLength(1);
      expect(messages[0]).toMatchObject({ role: 'agent', workflowId: ran.workflow.id });
      expect(second.conversations.view(answered.id, 'C-1001').messages).toHaveLength(before);
      expect((await second.recover()).repliedLate).toEqual([]);
    } finally {
      second.close();
    }
  });
});

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRetailKeel } from '../../src/domains/retail/open-retail-keel.js';
import { openDatabase } from '../../src/store/database.js';
import { migrate, STORE_MIGRATIONS } from '../../src/store/migrations.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { sequentialIds } from '../../src/testing/index.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/databases/${name}`, import.meta.url), 'utf8');

/** A keel.db file as the CLI at commit 79a60ab left it. */
function databaseFrom79a60ab(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'keel-legacy-')), 'keel.db');
  const db = openDatabase(path);
  db.exec(fixture('keel-79a60ab.sql'));
  db.close();
  return path;
}

describe('a keel.db written by an earlier keel', () => {
  it('migrates in place from commit 79a60ab and reads back every workflow, escalation and conversation', async () => {
    const keel = openRetailKeel({
      dbPath: databaseFrom79a60ab(),
      planner: 'offline',
      runtime: { clock: { now: () => new Date('2026-11-30T09:00:00Z') }, ids: sequentialIds() },
    });
    try {
      const migrations = keel.db
        ?.prepare('SELECT component, name FROM keel_migrations ORDER BY component, position')
        .all();
      expect(migrations).toEqual([
        { component: 'sandbox-shop', name: '001_shop' },
        { component: 'sandbox-shop', name: '002_shop_desk' },
        { component: 'sandbox-shop', name: '003_shop_inventory_marks' },
        ...STORE_MIGRATIONS.map((m) => ({ component: 'store', name: m.name })),
      ]);
      const workflows = await keel.store.listWorkflows();
      expect(workflows.map((w) => w.status)).toEqual([
        'completed',
        'completed',
        'awaiting_customer',
        'waiting_for_human',
        'rejected',
        'completed',
        'completed',
      ]);
      const completedReturn = workflows[1];
      expect(completedReturn?.intent).toBe('return');
      expect((await keel.store.steps(completedReturn?.id ?? '')).map((s) => s.status)).toEqual(
        Array(6).fill('completed'),
      );
      expect((await keel.store.journal(completedReturn?.id ?? '')).at(-1)?.type).toBe('workflow.completed');

      const escalations = await keel.store.listEscalations();
      expect(escalations.map((e) => [e.status, e.kind, e.reasonKind, e.decidedBy, e.note])).toEqual([
        ['open', 'tool', 'tool_escalation', null, null],
        ['rejected', 'tool', 'tool_escalation', 'staff-1', 'Too late, sorry'],
      ]);

      const chat = await keel.viewConversation('conv_adcc1fe28c6f48568fff', 'C-1001');
      expect(chat.conversation.status).toBe('awaiting_customer');
      expect(chat.messages.map((m) => m.role)).toEqual(Array(3).fill(['customer', 'agent']).flat());
      expect(chat.messages[3]?.text).toMatch(/^Your return for ORD-1001 is set up/);
      // Nothing was owed when that keel stopped; recovery posts nothing twice.
      expect((await keel.recover()).repliedLate).toEqual([]);

      // A confirmation asked before the upgrade is a bare plan, bound to no pending action: a yes
      // to it runs nothing and is asked again as the shop now stands; the next yes runs it.
      const pending = 'conv_9497e53a2e53444a83db';
      expect((await keel.viewConversation(pending, 'C-1002')).conversation.pendingPlan).not.toBeNull();
      const stale = await keel.post(pending, 'C-1002', 'yes');
      expect(stale.workflow).toBeNull();
      expect(stale.reply).toMatch(
        /^That was a while ago, so I have not done it\. I can do this: a return of .*ORD-1003.*Shall I go ahead\?$/,
      );
      const yes = await keel.post(pending, 'C-1002', 'yes');
      // Its scarf is final sale: the fresh confirmation, from a dry run, left it out, and the yes
      // returns the cap alone, as asked.
      expect(stale.reply).toContain('The Clearance Silk Scarf is final sale');
      expect(yes.workflow?.workflow.status).toBe('completed');
      expect(yes.reply).toContain('A refund of 22.00 USD is scheduled');
      expect(yes.reply).toContain('The return covers: Canvas Cap.');
      expect((await keel.viewConversation(pending, 'C-1002')).conversation.pendingPlan).toBeNull();

      // The escalation left open is decided now, and the customer hears it.
      const open = escalations[0];
      const decided = await keel.decide(open?.id ?? '', { decision: 'approve', decidedBy: 'staff-2' });
      expect(decided.workflow.status).toBe('completed');
      const told = await keel.viewConversation('conv_4426c816f9314087b5a4', 'C-1001');
      expect(told.conversation.status).toBe('open');
      expect(told.messages.at(-1)).toMatchObject({ role: 'agent', workflowId: open?.workflowId });
    } finally {
      await keel.close();
    }
  });

  it('takes conversations kept as their own component before request hashes into the store list', async () => {
    const db = openDatabase(':memory:');
    migrate(db, 'store', STORE_MIGRATIONS.slice(0, 4));
    const legacy = STORE_MIGRATIONS.find((m) => m.name === '005_conversations');
    migrate(db, 'conversations', [{ name: '001_conversations', sql: legacy?.sql ?? '' }]);
    db.prepare(
      "INSERT INTO message_requests VALUES ('conv_1', 'k1', '{\"reply\":\"hi\"}', '2026-01-01')",
    ).run();
    const store = new SqliteStore(db);
    expect(await store.savedResponse('conv_1', 'k1')).toEqual({
      response: { reply: 'hi' },
      requestHash: null,
    });
    await store.saveResponse(
      'conv_1',
      'k2',
      { response: { reply: 'yo' }, requestHash: 'sha256:ab' },
      '2026-01-02',
    );
    expect(await store.savedResponse('conv_1', 'k2')).toEqual({
      response: { reply: 'yo' },
      requestHash: 'sha256:ab',
    });
    const components = db.prepare('SELECT DISTINCT component FROM keel_migrations').pluck().all();
    expect(components).toEqual(['store']);
    // Opening again applies nothing twice.
    expect(() => new SqliteStore(db)).not.toThrow();
    db.close();
  });
});

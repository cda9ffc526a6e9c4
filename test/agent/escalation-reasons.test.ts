import { afterEach, describe, expect, it } from 'vitest';
import { openRetailKeel } from '../../src/domains/retail/open-retail-keel.js';
import { openDatabase } from '../../src/store/database.js';
import { migrate, STORE_MIGRATIONS } from '../../src/store/migrations.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { sequentialIds, VirtualTime } from '../../src/testing/index.js';
import { type Misbehaviour, startMisbehavingOpenAi } from '../helpers/misbehaving-openai.js';
import { TEST_NOW } from '../helpers/shop-harness.js';

let close: (() => Promise<void>) | null = null;
afterEach(async () => {
  await close?.();
  close = null;
});

async function keelOver(script: Misbehaviour[] | null) {
  const server = script ? await startMisbehavingOpenAi(script) : null;
  close = server?.close ?? null;
  const time = new VirtualTime(TEST_NOW);
  const keel = openRetailKeel({
    dbPath: ':memory:',
    env: server ? { OPENAI_BASE_URL: server.url, KEEL_LLM_LOGPROBS: '0' } : {},
    confirmWrites: false,
    runtime: { clock: time.clock, sleep: time.sleep, ids: sequentialIds(), random: () => 0.5 },
  });
  const turn = async (text: string) => {
    const { id } = await keel.startConversation('C-1001');
    return keel.post(id, 'C-1001', text);
  };
  return { keel, turn, server };
}

describe('escalation reasons say what happened', () => {
  it('a model that cannot give a valid plan is a model failure, not a customer asking for a person', async () => {
    const { keel, turn, server } = await keelOver([{ text: 'I think you should return it' }]);
    const outcome = await turn('return ORD-1001');
    expect(server?.requests).toHaveLength(3);
    expect(outcome.status).toBe('waiting_for_human');
    const [escalation] = await keel.store.listEscalations();
    expect(escalation).toMatchObject({ kind: 'tool', reasonKind: 'model_failure' });
    expect(escalation?.reason).toMatch(/^Model failure: The model gave no valid plan after 2 repairs/);
    expect(escalation?.reason).not.toMatch(/Customer asked for a person/);
    keel.close();
  });

  it('a customer who asks for a person is a customer request', async () => {
    const { keel, turn } = await keelOver(null);
    await turn('let me talk to a real person please');
    expect(await keel.store.listEscalations()).toEqual([
      expect.objectContaining({ kind: 'tool', reasonKind: 'customer_request' }),
    ]);
    keel.close();
  });

  it('an HTML page from a proxy still gets the customer an answer, and is counted as a failed call', async () => {
    const { keel, turn } = await keelOver([{ html: true }]);
    const outcome = await turn('where is ORD-1001?');
    expect(outcome.reply.length).toBeGreaterThan(0);
    expect(outcome.planned).toMatchObject({ fallbackFrom: 'llm', planner: 'offline' });
    expect((await keel.store.stats()).modelCalls).toEqual({ error: 1 });
    keel.close();
  });

  it('migration 004 gives rows written before reason kinds the kind their words imply', async () => {
    const db = openDatabase(':memory:');
    migrate(db, 'store', STORE_MIGRATIONS.slice(0, 3));
    db.pragma('foreign_keys = OFF'); // the rows stand alone; their workflows do not matter here
    const insert = db.prepare(
      `INSERT INTO escalations (id, workflow_id, step_id, kind, reason, status, created_at)
       VALUES (?, 'wf_1', NULL, ?, ?, 'open', '2026-01-01T00:00:00.000Z')`,
    );
    insert.run('esc_1', 'tool', 'Customer asked for a person: The model gave no valid plan after 2 repairs.');
    insert.run('esc_2', 'tool', 'Customer asked for a person: Customer asked for a person: hi');
    insert.run('esc_3', 'approval', 'Refund of $600.00 is over the $500.00 approval limit');
    insert.run('esc_4', 'compensation', 'Could not undo the label');
    insert.run('esc_5', 'tool', 'Order ORD-1 was delivered 90 days ago');
    db.pragma('foreign_keys = ON');
    const store = new SqliteStore(db);
    expect((await store.listEscalations()).map((e) => [e.id, e.reasonKind])).toEqual([
      ['esc_1', 'model_failure'],
      ['esc_2', 'customer_request'],
      ['esc_3', 'approval_limit'],
      ['esc_4', 'compensation_failure'],
      ['esc_5', 'tool_escalation'],
    ]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRetailKeelOnPostgres, type RetailKeelApp } from '../../src/domains/retail/open-retail-keel.js';
import { PG_SKIP_REASON, TEST_DATABASE_URL, testSchema } from '../helpers/pg-test-database.js';

const schema = testSchema('keel_locks');

/**
 * An instance of keel on the test schema with a slow refund. Real time (network I/O is invisible
 * to virtual time), but nothing here depends on it: whichever way the two turns interleave, one
 * return runs and the other is refused (held order, or already refunded) before it writes.
 */
const instance = (owner: string) =>
  openRetailKeelOnPostgres(TEST_DATABASE_URL ?? '', {
    env: {},
    planner: 'offline',
    faults: 'schedule_refund:delay=300',
    pg: { schema: schema.name, max: 4 },
    runtime: {
      ids: { next: (prefix: string) => `${prefix}_${owner}_${Math.random().toString(36).slice(2, 10)}` },
    },
  });

describe.skipIf(!TEST_DATABASE_URL)(
  `one order, one workflow, across two instances (${TEST_DATABASE_URL ? 'PostgreSQL' : PG_SKIP_REASON})`,
  () => {
    let a: RetailKeelApp;
    let b: RetailKeelApp;
    beforeAll(async () => {
      [a, b] = await Promise.all([instance('a'), instance('b')]);
    });
    afterAll(async () => {
      await Promise.all([a?.close(), b?.close()]);
      await schema.drop();
    });

    it('two conversations return ORD-1001 on two instances and both say yes: one return, the other refused untouched', async () => {
      const [one, two] = [await a.startConversation('C-1001'), await b.startConversation('C-1001')];
      for (const [app, id] of [
        [a, one.id],
        [b, two.id],
      ] as const) {
        const asked = await app.post(id, 'C-1001', "I'd like to return order ORD-1001, it doesn't fit");
        expect(asked.status).toBe('awaiting_confirmation');
      }
      const turns = await Promise.all([a.post(one.id, 'C-1001', 'yes'), b.post(two.id, 'C-1001', 'yes')]);
      const statuses = turns.map((t) => t.workflow?.workflow.status);
      expect(statuses.filter((s) => s === 'completed')).toHaveLength(1);
      const refused = turns.find((t) => t.workflow?.workflow.status !== 'completed');
      expect(refused?.workflow?.workflow.status).toBe('failed');
      expect(refused?.reply).toMatch(/already being handled in another conversation|already been refunded/);
      // Whichever way the turns met, the refused workflow wrote nothing and undid nothing.
      const steps = refused?.workflow?.steps ?? [];
      expect(steps.filter((s) => s.status === 'completed' || s.status === 'compensated')).toEqual(
        steps.filter((s) => s.tool === 'lookup_order' && s.status === 'completed'),
      );
      const record = await b.shop.describeOrder('ORD-1001');
      expect(record?.refunds).toHaveLength(1);
      expect(record?.labels.map((l) => l.status)).toEqual(['active']);
      expect(record?.inventory.map((i) => i.state)).toEqual(['returning', 'returning']);
      expect(await a.store.resourceLocks()).toEqual([]);
    });
  },
);

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Change } from '../../src/store/change-feed.js';
import { PgChangeFeed } from '../../src/store/pg-change-feed.js';
import { PgStore } from '../../src/store/pg-store.js';
import { PG_SKIP_REASON, TEST_DATABASE_URL, testSchema } from '../helpers/pg-test-database.js';
import { event, workflow } from './store-fixtures.js';

const url = TEST_DATABASE_URL ?? '';
const schema = testSchema('keel_feed');
const other = testSchema('keel_feed_other');

/** Resolves with the first change `match` accepts; a notification is not a poll, so no timer. */
function next(feed: PgChangeFeed, match: (change: Change) => boolean): Promise<Change> {
  return new Promise((resolve) => {
    const stop = feed.subscribe((change) => {
      if (!match(change)) return;
      stop();
      resolve(change);
    });
  });
}

describe.skipIf(!TEST_DATABASE_URL)(
  `PgChangeFeed: LISTEN/NOTIFY between instances (${TEST_DATABASE_URL ? 'PostgreSQL' : PG_SKIP_REASON})`,
  () => {
    let store: PgStore;
    let elsewhere: PgStore;
    beforeAll(async () => {
      store = await PgStore.open(url, { schema: schema.name, max: 2 });
      elsewhere = await PgStore.open(url, { schema: other.name, max: 2 });
    });
    afterAll(async () => {
      await store?.close();
      await elsewhere?.close();
      await schema.drop();
      await other.drop();
    });

    it('tells a listener of every journal event and message, with ids only, on commit', async () => {
      const feed = await PgChangeFeed.open(url, { schema: schema.name });
      try {
        const heard: Change[] = [];
        feed.subscribe((change) => heard.push(change));
        const conversation = await store.createConversation({
          id: 'conv_1',
          customerId: 'C-1',
          status: 'open',
          createdAt: '2026-03-01T09:00:00.000Z',
          updatedAt: '2026-03-01T09:00:00.000Z',
        });
        const message = next(feed, (c) => c.kind === 'message');
        await store.appendMessage({
          conversationId: conversation.id,
          role: 'customer',
          text: 'hello',
          workflowId: null,
          createdAt: '2026-03-01T09:00:01.000Z',
        });
        expect(await message).toEqual({ kind: 'message', conversationId: 'conv_1', seq: 1 });
        const started = next(feed, (c) => c.kind === 'journal');
        await store.createWorkflow(
          workflow('wf_1', { conversationId: 'conv_1' }),
          event('wf_1', 'workflow.started'),
        );
        expect(await started).toMatchObject({
          kind: 'journal',
          workflowId: 'wf_1',
          conversationId: 'conv_1',
          type: 'workflow.started',
        });
        // Another schema on the same database is another keel: its changes are not ours.
        await elsewhere.createWorkflow(workflow('wf_x'), event('wf_x', 'workflow.started'));
        const mine = next(feed, (c) => c.kind === 'journal' && c.type === 'mine');
        await store.appendEvents([event('wf_1', 'mine')]);
        await mine;
        expect(heard.filter((c) => c.kind === 'journal' && c.workflowId === 'wf_x')).toEqual([]);
      } finally {
        await feed.close();
      }
    });

    it('reconnects a lost listening connection, says reset, and hears what follows', async () => {
      const errors: unknown[] = [];
      const feed = await PgChangeFeed.open(url, {
        schema: schema.name,
        reconnectMs: 10,
        onError: (error) => errors.push(error),
      });
      try {
        const reset = next(feed, (c) => c.kind === 'reset');
        const admin = new pg.Client({ connectionString: url });
        await admin.connect();
        const { rowCount } = await admin.query(
          'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = $1 AND pid <> pg_backend_pid()',
          [`LISTEN "keel:${schema.name}"`],
        );
        await admin.end();
        expect(rowCount).toBe(1);
        await reset;
        expect(errors.length).toBeGreaterThan(0);
        const after = next(feed, (c) => c.kind === 'journal' && c.type === 'after');
        await store.appendEvents([event('wf_1', 'after')]);
        await after;
      } finally {
        await feed.close();
      }
    });
  },
);

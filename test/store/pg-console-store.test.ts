import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgConsoleStore } from '../../src/store/pg-console-store.js';
import { openPgPool, type PgPool } from '../../src/store/pg-database.js';
import { PgStore } from '../../src/store/pg-store.js';
import { PG_SKIP_REASON, TEST_DATABASE_URL, testSchema } from '../helpers/pg-test-database.js';
import { consoleStoreContract } from './console-store.contract.js';

const url = TEST_DATABASE_URL ?? '';
const schema = testSchema('keel_console');
const pools: PgPool[] = [];

/** Empties the store's and the console's tables: one schema per file keeps the file fast. */
async function truncate(pool: PgPool): Promise<void> {
  for (const table of [
    'staff_members',
    'staff_audit',
    'conversation_takeovers',
    'steps',
    'journal',
    'escalations',
    'workflows',
    'messages',
    'message_requests',
    'conversations',
  ])
    await pool.query(`DELETE FROM ${table}`);
}

describe.skipIf(!TEST_DATABASE_URL)(
  `PgConsoleStore conforms to the ConsoleStore contract (${TEST_DATABASE_URL ? 'PostgreSQL' : PG_SKIP_REASON})`,
  () => {
    let admin: PgPool;
    beforeAll(async () => {
      const store = await PgStore.open(url, { schema: schema.name });
      await PgConsoleStore.over(store.pool);
      await store.close();
      admin = openPgPool(url, { schema: schema.name, max: 1 });
    });
    afterAll(async () => {
      await admin?.end();
      for (const pool of pools.splice(0)) await pool.end();
      await schema.drop();
    });

    consoleStoreContract({
      async fresh() {
        await truncate(admin);
        const store = await PgStore.open(url, { schema: schema.name, max: 4 });
        return { store, console: await PgConsoleStore.over(store.pool) };
      },
      async sibling() {
        const pool = openPgPool(url, { schema: schema.name, max: 2 });
        pools.push(pool);
        return PgConsoleStore.over(pool);
      },
    });

    it('migrates once when several instances start at once', async () => {
      const fresh = testSchema('keel_console_race');
      const starting = Array.from({ length: 4 }, () => openPgPool(url, { schema: fresh.name, max: 2 }));
      try {
        const stores = await Promise.all(starting.map((pool) => PgStore.over(pool, fresh.name)));
        await Promise.all(starting.map((pool) => PgConsoleStore.over(pool)));
        expect(stores).toHaveLength(4);
        const { rows } = await (starting[0] as PgPool).query(
          "SELECT name FROM keel_migrations WHERE component = 'staff' ORDER BY position",
        );
        expect(rows.map((r) => r.name)).toEqual(['001_staff']);
      } finally {
        for (const pool of starting) await pool.end();
        await fresh.drop();
      }
    });
  },
);

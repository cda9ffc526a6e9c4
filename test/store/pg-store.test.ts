import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { PgStore } from '../../src/store/pg-store.js';
import { PG_SKIP_REASON, TEST_DATABASE_URL, testSchema } from '../helpers/pg-test-database.js';
import { storeContract } from './store.contract.js';

const url = TEST_DATABASE_URL ?? '';
const schema = testSchema();

/** Empties keel's tables between tests: one schema per file, not one per test, keeps the file fast. */
async function truncate(): Promise<void> {
  const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema.name}` });
  await client.connect();
  try {
    // DELETE, not TRUNCATE: on tables this small it is several times faster.
    for (const table of [
      'steps',
      'journal',
      'escalations',
      'workflows',
      'llm_calls',
      'messages',
      'message_requests',
      'conversations',
      'resource_locks',
    ])
      await client.query(`DELETE FROM ${table}`);
  } finally {
    await client.end();
  }
}

describe.skipIf(!TEST_DATABASE_URL)(
  `PgStore conforms to the Store contract (${TEST_DATABASE_URL ? 'PostgreSQL' : PG_SKIP_REASON})`,
  () => {
    beforeAll(async () => {
      await (await PgStore.open(url, { schema: schema.name })).close();
    });
    afterAll(() => schema.drop());
    storeContract({
      async fresh() {
        await truncate();
        return PgStore.open(url, { schema: schema.name, max: 4 });
      },
      sibling: () => PgStore.open(url, { schema: schema.name, max: 4 }),
    });
  },
);

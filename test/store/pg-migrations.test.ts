import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, StoreError } from '../../src/errors.js';
import { openPgPool } from '../../src/store/pg-database.js';
import { PG_STORE_MIGRATIONS } from '../../src/store/pg-migrations.js';
import { PgStore } from '../../src/store/pg-store.js';
import { PG_SKIP_REASON, TEST_DATABASE_URL, testSchema } from '../helpers/pg-test-database.js';

const url = TEST_DATABASE_URL ?? '';
const schema = testSchema('keel_mig');

describe('PostgreSQL connection settings', () => {
  it('refuses a URL that is not postgres:// and a schema name that is not plain', () => {
    expect(() => openPgPool('mysql://u:secret@h/db')).toThrow(ConfigError);
    expect(() => openPgPool('mysql://u:secret@h/db')).toThrow(/mysql:\/\/u:\*\*\*@h\/db/);
    expect(() => openPgPool('postgres://h/db', { schema: 'x; DROP TABLE y' })).toThrow(ConfigError);
  });
});

describe.skipIf(!TEST_DATABASE_URL)(
  `PostgreSQL migrations (${TEST_DATABASE_URL ? 'PostgreSQL' : PG_SKIP_REASON})`,
  () => {
    afterAll(() => schema.drop());

    it('apply once when five instances start at once on an empty schema', async () => {
      const stores = await Promise.all(
        Array.from({ length: 5 }, () => PgStore.open(url, { schema: schema.name, max: 2 })),
      );
      await Promise.all(stores.map((s) => s.close()));
      const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema.name}` });
      await client.connect();
      try {
        const { rows } = await client.query('SELECT component, name, position FROM keel_migrations');
        expect(rows).toEqual(
          PG_STORE_MIGRATIONS.map((m, i) => ({ component: 'store', name: m.name, position: i })),
        );
        // A database a newer keel migrated is refused, not half-used.
        await client.query("INSERT INTO keel_migrations VALUES ('store', '999_future', 999)");
      } finally {
        await client.end();
      }
      const opening = PgStore.open(url, { schema: schema.name });
      await expect(opening).rejects.toThrow(StoreError);
      await expect(opening).rejects.toThrow(/999_future/);
    });

    it('fails as a StoreError when the server cannot be reached', async () => {
      await expect(PgStore.open('postgres://postgres@127.0.0.1:1/none')).rejects.toThrow(StoreError);
    });
  },
);

import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Where PostgreSQL tests run; unset, they are reported as skipped with `PG_SKIP_REASON`. */
export const TEST_DATABASE_URL = process.env.KEEL_TEST_DATABASE_URL || undefined;

export const PG_SKIP_REASON =
  'skipped: KEEL_TEST_DATABASE_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/test; .ci/run sets it)';

/**
 * A schema of its own for one test file (each vitest worker runs its own files), dropped by `drop`.
 * The name is random, so files running at once, and runs on one database, never share tables.
 */
export function testSchema(prefix = 'keel_test'): { name: string; drop(): Promise<void> } {
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  return {
    name,
    async drop() {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

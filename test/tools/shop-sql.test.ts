import { afterAll, describe, expect, it } from 'vitest';
import { PgShopDatabase, toPostgres } from '../../src/domains/retail/sandbox/pg-shop-database.js';
import {
  all,
  lockKey,
  lockOne,
  one,
  run,
  type ShopDatabase,
  type Sql,
} from '../../src/domains/retail/sandbox/shop-sql.js';
import { SqliteShopDatabase } from '../../src/domains/retail/sandbox/sqlite-shop-database.js';
import { openDatabase } from '../../src/store/database.js';
import { openPgPool, type PgPool } from '../../src/store/pg-database.js';
import { PG_SKIP_REASON, TEST_DATABASE_URL, testSchema } from '../helpers/pg-test-database.js';

function* addNote(id: string, text: string): Sql<{ text: string }> {
  yield* lockKey(`note:${id}`);
  return (yield* one('INSERT INTO notes (id, text) VALUES (?, ?) RETURNING text', id, text)) as {
    text: string;
  };
}

function* notesAfter(id: string | null): Sql<string[]> {
  const rows = yield* all(
    'SELECT id FROM notes WHERE CAST(? AS TEXT) IS NULL OR id > ? ORDER BY rowid',
    id,
    id,
  );
  return rows.map((row) => row.id as string);
}

function* failHalfWay(): Sql<never> {
  yield* run('UPDATE notes SET text = ? WHERE id = ?', 'changed', 'b');
  throw new Error('refused');
}

/** The seam's promises, the same on each database. */
function seamSuite(name: string, open: () => Promise<ShopDatabase>) {
  describe(name, () => {
    it('runs statements written once with ? placeholders, RETURNING and rowid order', async () => {
      const db = await open();
      expect(await db.transaction(addNote('b', 'first'))).toEqual({ text: 'first' });
      await db.transaction(addNote('a', 'second'));
      expect(await db.read(notesAfter(null))).toEqual(['b', 'a']);
      expect(await db.read(notesAfter('a'))).toEqual(['b']);
      expect(await db.transaction(run('UPDATE notes SET text = ? WHERE id IN (?, ?)', 'x', 'a', 'zz'))).toBe(
        1,
      );
      expect(await db.read(lockOne('SELECT text FROM notes WHERE id = ?', 'a'))).toEqual({ text: 'x' });
    });

    it('rolls a write back when its rule throws, and lets a rule catch a failed statement', async () => {
      const db = await open();
      await db.transaction(addNote('b', 'kept'));
      await expect(db.transaction(failHalfWay())).rejects.toThrow('refused');
      expect(await db.read(one('SELECT text FROM notes WHERE id = ?', 'b'))).toEqual({ text: 'kept' });
      function* duplicate(): Sql<string> {
        try {
          yield* addNote('b', 'again');
          return 'inserted';
        } catch {
          return 'refused';
        }
      }
      expect(await db.read(duplicate())).toBe('refused');
    });
  });
}

const TABLE = 'CREATE TABLE notes (id TEXT PRIMARY KEY, text TEXT NOT NULL)';

seamSuite('SqliteShopDatabase', async () => {
  const db = openDatabase(':memory:');
  db.exec(TABLE);
  return new SqliteShopDatabase(db);
});

describe('toPostgres', () => {
  it('numbers the placeholders, reads rowid as position and locks on request', () => {
    expect(toPostgres('SELECT * FROM t WHERE a = ? AND b = ? ORDER BY rowid', true)).toBe(
      'SELECT * FROM t WHERE a = $1 AND b = $2 ORDER BY position FOR UPDATE',
    );
  });
});

const schema = testSchema('keel_shop_sql');
const pools: PgPool[] = [];
describe.skipIf(!TEST_DATABASE_URL)(
  `PgShopDatabase (${TEST_DATABASE_URL ? 'PostgreSQL' : PG_SKIP_REASON})`,
  () => {
    afterAll(async () => {
      for (const pool of pools) await pool.end();
      await schema.drop();
    });
    seamSuite('on a pool', async () => {
      const pool = openPgPool(TEST_DATABASE_URL ?? '', { schema: schema.name, max: 2 });
      pools.push(pool);
      await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema.name}`);
      await pool.query('DROP TABLE IF EXISTS notes');
      await pool.query(
        'CREATE TABLE notes (position BIGINT GENERATED ALWAYS AS IDENTITY, id TEXT PRIMARY KEY, text TEXT NOT NULL)',
      );
      return new PgShopDatabase(pool);
    });
  },
);

import type pg from 'pg';
import { inTransaction, type PgPool, type PgQueryable } from '../../../store/pg-database.js';
import { driveAsync, type ShopDatabase, type Sql, type Statement } from './shop-sql.js';

/**
 * The shop's rules on a PostgreSQL pool: each read and each write in one transaction on one
 * client. The SQL the rules share is SQLite's; `toPostgres` makes it PostgreSQL's.
 */
export class PgShopDatabase implements ShopDatabase {
  readonly #pool: PgPool;

  constructor(pool: PgPool) {
    this.#pool = pool;
  }

  read<T>(work: Sql<T>): Promise<T> {
    return this.transaction(work);
  }

  transaction<T>(work: Sql<T>): Promise<T> {
    return inTransaction(this.#pool, (client) => runOnClient(client, work));
  }
}

/** Runs `work` on a client, inside whatever transaction it has open. */
export function runOnClient<T>(client: PgQueryable, work: Sql<T>): Promise<T> {
  return driveAsync(work, (statement) => exec(client, statement));
}

async function exec(client: PgQueryable, statement: Statement): Promise<unknown> {
  if (statement.kind === 'lock-key') {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [statement.key]);
    return undefined;
  }
  const result: pg.QueryResult = await client.query(
    toPostgres(statement.sql, statement.lock === true),
    statement.params as unknown[],
  );
  if (statement.kind === 'run') return result.rowCount ?? 0;
  return statement.kind === 'one' ? result.rows[0] : result.rows;
}

/**
 * The dialect's differences, in one place: `$n` placeholders for `?`, and `position` (an identity
 * column each PostgreSQL table that is read in insertion order has) for SQLite's `rowid`.
 * The shared SQL has no `?` or `rowid` inside string literals.
 */
export function toPostgres(sql: string, lock = false): string {
  let n = 0;
  const text = sql.replace(/\?/g, () => `$${++n}`).replace(/\browid\b/g, 'position');
  return lock ? `${text} FOR UPDATE` : text;
}

import pg from 'pg';
import { ConfigError, KeelError, StoreError } from '../errors.js';

/** A pool or one of its clients: anything that runs a query. */
export type PgQueryable = Pick<pg.PoolClient, 'query'>;
export type PgPool = pg.Pool;

export interface PgOptions {
  /**
   * Schema keel's tables live in, created if missing (tests give each worker one). Without it the
   * connection's own `search_path` decides (`public` by default).
   */
  schema?: string;
  /** Connections in the pool. @default 10 */
  max?: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Opens a connection pool on a `postgres://` URL; no connection is made until the first query. */
export function openPgPool(url: string, options: PgOptions = {}): PgPool {
  checkPgSettings(url, options);
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  // An idle client that loses its server emits here; the next query reports the failure instead.
  pool.on('error', () => {});
  return pool;
}

/** Refuses a URL that is not PostgreSQL's and a schema name that is not a plain identifier. */
export function checkPgSettings(url: string, options: Pick<PgOptions, 'schema'> = {}): void {
  if (!/^postgres(ql)?:\/\//.test(url)) {
    throw new ConfigError(
      `A PostgreSQL URL starts with postgres:// or postgresql://, got "${redactUrl(url)}"`,
    );
  }
  if (options.schema !== undefined && !SCHEMA_NAME.test(options.schema)) {
    throw new ConfigError(`A schema name is lower-case letters, digits and _, got "${options.schema}"`);
  }
}

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

/** Runs `fn` in one transaction on one client of the pool; rolls back if it throws. */
export async function inTransaction<T>(pool: PgPool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await connect(pool);
  let broken: unknown;
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: unknown) => {
      broken = rollbackError;
    });
    throw asStoreError(error);
  } finally {
    // A client whose rollback failed may be mid-transaction: destroy it rather than reuse it.
    client.release(broken instanceof Error ? broken : undefined);
  }
}

/** One statement outside a transaction, its failures as StoreError. */
export async function query<R extends pg.QueryResultRow = pg.QueryResultRow>(
  db: PgQueryable,
  sql: string,
  values: unknown[] = [],
): Promise<pg.QueryResult<R>> {
  try {
    return await db.query<R>(sql, values);
  } catch (error) {
    throw asStoreError(error);
  }
}

async function connect(pool: PgPool): Promise<pg.PoolClient> {
  try {
    return await pool.connect();
  } catch (error) {
    throw asStoreError(error);
  }
}

/** keel's own errors pass through; the driver's and the server's become a StoreError. */
export function asStoreError(error: unknown): unknown {
  if (error instanceof KeelError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new StoreError(`PostgreSQL: ${message}`, { cause: error });
}

/**
 * The seam between the sandbox shop's rules and its database. A rule is a generator that yields
 * the statements it needs and is handed back their results, so the same rule runs on SQLite and on
 * PostgreSQL: `ShopDatabase` adapters (`SqliteShopDatabase`, `PgShopDatabase`) run the statements.
 *
 * Generators rather than async functions: better-sqlite3 runs a transaction synchronously, and a
 * SQLite transaction held open across awaits would let other statements on the same connection
 * (keel's store) slip into it and roll back with it, or, on a second connection, block on the
 * file's write lock with the event loop stopped. Driven synchronously, a rule commits as it did.
 */

/** A row as a driver answers it, column names as keys. */
export type Row = Record<string, unknown>;

/**
 * What a rule asks of the database. SQL is written once, for both: `?` placeholders, `rowid` for
 * the order rows were inserted in, `CAST(? AS TEXT)` where a parameter's type must be known.
 */
export type Statement =
  | { kind: 'all' | 'one' | 'run'; sql: string; params: readonly unknown[]; lock?: boolean }
  | { kind: 'lock-key'; key: string };

/** A rule over the shop's tables that answers `T`: run it with a `ShopDatabase`. */
export type Sql<T> = Generator<Statement, T, unknown>;

/** Every row the query answers. */
export function* all(sql: string, ...params: unknown[]): Sql<Row[]> {
  return (yield { kind: 'all', sql, params }) as Row[];
}

/** The first row the query answers, if any (a `SELECT`, or an `INSERT … RETURNING`). */
export function* one(sql: string, ...params: unknown[]): Sql<Row | undefined> {
  return (yield { kind: 'one', sql, params }) as Row | undefined;
}

/**
 * The first row, locked until the write's transaction ends: on PostgreSQL `FOR UPDATE`, so two
 * instances changing one order take turns; SQLite's write transaction already holds the file.
 */
export function* lockOne(sql: string, ...params: unknown[]): Sql<Row | undefined> {
  return (yield { kind: 'one', sql, params, lock: true }) as Row | undefined;
}

/** A statement that changes rows; answers how many it changed. */
export function* run(sql: string, ...params: unknown[]): Sql<number> {
  return (yield { kind: 'run', sql, params }) as number;
}

/** Holds `key` until the transaction ends, so writes with one key on several instances take turns. */
export function* lockKey(key: string): Sql<void> {
  yield { kind: 'lock-key', key };
}

/** Where the shop's rules run: a SQLite connection or a PostgreSQL pool. */
export interface ShopDatabase {
  /** Runs a read on one connection, so an order and its items agree. */
  read<T>(work: Sql<T>): Promise<T>;
  /** Runs a write in one transaction: all of it takes effect, or (when it throws) none of it. */
  transaction<T>(work: Sql<T>): Promise<T>;
}

/** Runs `work` to its end synchronously, each statement by `exec`; a failed statement is thrown into it. */
export function drive<T>(work: Sql<T>, exec: (statement: Statement) => unknown): T {
  let step = work.next();
  while (!step.done) {
    let result: unknown;
    try {
      result = exec(step.value);
    } catch (error) {
      step = work.throw(error);
      continue;
    }
    step = work.next(result);
  }
  return step.value;
}

/** `drive` for a driver that answers asynchronously (one statement at a time, in order). */
export async function driveAsync<T>(
  work: Sql<T>,
  exec: (statement: Statement) => Promise<unknown>,
): Promise<T> {
  let step = work.next();
  while (!step.done) {
    let result: unknown;
    try {
      result = await exec(step.value);
    } catch (error) {
      step = work.throw(error);
      continue;
    }
    step = work.next(result);
  }
  return step.value;
}

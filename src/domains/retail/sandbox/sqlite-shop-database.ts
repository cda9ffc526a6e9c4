import type Database from 'better-sqlite3';
import type { SqliteDatabase } from '../../../store/database.js';
import { drive, type ShopDatabase, type Sql, type Statement } from './shop-sql.js';

/**
 * The shop's rules on a better-sqlite3 connection, driven synchronously: a write runs in one
 * immediate transaction, as one statement list would, so nothing else on the connection joins
 * it. Row locks and key locks are no-ops, since the transaction holds the file's write lock.
 */
export class SqliteShopDatabase implements ShopDatabase {
  readonly #db: SqliteDatabase;
  readonly #statements = new Map<string, Database.Statement<unknown[]>>();
  readonly #inTransaction: ReturnType<SqliteDatabase['transaction']>;

  constructor(db: SqliteDatabase) {
    this.#db = db;
    this.#inTransaction = db.transaction((work: Sql<unknown>) => this.#run(work));
  }

  async read<T>(work: Sql<T>): Promise<T> {
    return this.#run(work);
  }

  async transaction<T>(work: Sql<T>): Promise<T> {
    return this.#inTransaction.immediate(work) as T;
  }

  #run<T>(work: Sql<T>): T {
    return drive(work, (statement) => this.#exec(statement));
  }

  #exec(statement: Statement): unknown {
    if (statement.kind === 'lock-key') return undefined;
    const prepared = this.#prepare(statement.sql);
    if (statement.kind === 'run') return prepared.run(...statement.params).changes;
    if (statement.kind === 'one') return prepared.get(...statement.params);
    return prepared.all(...statement.params);
  }

  #prepare(sql: string): Database.Statement<unknown[]> {
    let prepared = this.#statements.get(sql);
    if (!prepared) {
      prepared = this.#db.prepare<unknown[]>(sql);
      this.#statements.set(sql, prepared);
    }
    return prepared;
  }
}

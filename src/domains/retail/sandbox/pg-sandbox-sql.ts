import type { PgQueryable } from '../../../store/pg-database.js';
import type { Row } from './sandbox-rows.js';

/** The first row a query answers, if any. */
export async function one(db: PgQueryable, sql: string, values: unknown[] = []): Promise<Row | undefined> {
  return (await db.query(sql, values)).rows[0] as Row | undefined;
}

/** Every row a query answers. */
export async function all(db: PgQueryable, sql: string, values: unknown[] = []): Promise<Row[]> {
  return (await db.query(sql, values)).rows as Row[];
}

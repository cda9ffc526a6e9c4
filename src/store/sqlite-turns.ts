import type { SqliteDatabase } from './database.js';

/**
 * The turn queue of `SqliteStore`: one ticket per customer turn, so turns of one conversation run
 * one at a time across processes on the file, in the order they arrived; an expired ticket stops
 * holding the line.
 */
export class SqliteTurns {
  readonly #db: SqliteDatabase;

  constructor(db: SqliteDatabase) {
    this.#db = db;
  }

  queue(conversationId: string, expiresAt: string): number {
    const sql = 'INSERT INTO conversation_turns (conversation_id, expires_at) VALUES (?, ?)';
    return Number(this.#db.prepare(sql).run(conversationId, expiresAt).lastInsertRowid);
  }

  isFirst(conversationId: string, ticket: number, now: string): boolean {
    const ahead = this.#db
      .prepare(
        'SELECT 1 FROM conversation_turns WHERE conversation_id = ? AND ticket < ? AND expires_at > ? LIMIT 1',
      )
      .get(conversationId, ticket, now);
    return ahead === undefined;
  }

  end(ticket: number): void {
    this.#db.prepare('DELETE FROM conversation_turns WHERE ticket = ?').run(ticket);
  }
}

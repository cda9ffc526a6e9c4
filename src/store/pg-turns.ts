import { type PgQueryable, query } from './pg-database.js';

/**
 * The turn queue of `PgStore`: one ticket per customer turn, so turns of one conversation run one
 * at a time across instances, in the order they arrived; an expired ticket stops holding the line.
 */
export const pgTurns = {
  async queue(db: PgQueryable, conversationId: string, expiresAt: string): Promise<number> {
    const { rows } = await query<{ ticket: string }>(
      db,
      'INSERT INTO conversation_turns (conversation_id, expires_at) VALUES ($1, $2) RETURNING ticket',
      [conversationId, expiresAt],
    );
    return Number(rows[0]?.ticket);
  },

  async isFirst(db: PgQueryable, conversationId: string, ticket: number, now: string): Promise<boolean> {
    const { rows } = await query(
      db,
      'SELECT 1 FROM conversation_turns WHERE conversation_id = $1 AND ticket < $2 AND expires_at > $3 LIMIT 1',
      [conversationId, ticket, now],
    );
    return rows.length === 0;
  },

  async end(db: PgQueryable, ticket: number): Promise<void> {
    await query(db, 'DELETE FROM conversation_turns WHERE ticket = $1', [ticket]);
  },
};

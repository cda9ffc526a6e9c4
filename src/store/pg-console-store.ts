import {
  type AuditEntry,
  auditDetail,
  type ConsoleStore,
  type ConversationSearchQuery,
  likeAnywhere,
  type NewAuditEntry,
  type ReplyRevision,
  type StaffMember,
  type WorkflowSearch,
} from './console-store.js';
import { inTransaction, type PgPool, type PgQueryable, query } from './pg-database.js';
import { migratePg, type PgMigration } from './pg-migrations.js';
import { newStaffToken, tokenHash } from './staff-tokens.js';

/** The console's tables on PostgreSQL (component `staff`, as on SQLite). Append only. */
export const PG_CONSOLE_MIGRATIONS: readonly PgMigration[] = [
  {
    name: '001_staff',
    sql: `
      CREATE TABLE staff_members (name TEXT PRIMARY KEY, token_sha256 TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL, revoked_at TEXT);
      CREATE TABLE staff_audit (seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, at TEXT NOT NULL,
        actor TEXT NOT NULL, action TEXT NOT NULL, conversation_id TEXT, workflow_id TEXT, detail_json TEXT);
      CREATE INDEX staff_audit_conversation ON staff_audit(conversation_id);
      CREATE TABLE conversation_takeovers (conversation_id TEXT PRIMARY KEY, held_by TEXT NOT NULL,
        since TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS conversations_updated ON conversations(updated_at);
    `,
  },
];

const toAudit = (r: Record<string, unknown>): AuditEntry => ({
  seq: Number(r.seq),
  at: String(r.at),
  actor: String(r.actor),
  action: String(r.action),
  conversationId: (r.conversation_id as string | null) ?? null,
  workflowId: (r.workflow_id as string | null) ?? null,
  detail: auditDetail(r.detail_json),
});

/** An absent filter is NULL, which the SQL reads as "any". */
const filters = (q: WorkflowSearch) => [
  q.customerId ?? null,
  q.status ?? null,
  q.from ?? null,
  q.to ?? null,
  q.planMentions ? likeAnywhere(q.planMentions) : null,
  q.limit,
];

async function insertAudit(db: PgQueryable, entry: NewAuditEntry): Promise<void> {
  await query(
    db,
    `INSERT INTO staff_audit (at, actor, action, conversation_id, workflow_id, detail_json)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [
      entry.at,
      entry.actor,
      entry.action,
      entry.conversationId,
      entry.workflowId,
      entry.detail ? JSON.stringify(entry.detail) : null,
    ],
  );
}

/**
 * The console's data on PostgreSQL, over the store's pool (the store's tables must exist first), so
 * every instance on one database sees the same staff, takeovers and audit trail.
 */
export class PgConsoleStore implements ConsoleStore {
  readonly #pool: PgPool;

  /** Migrates (under the same advisory lock as the store's migrations) and uses the pool. */
  static async over(pool: PgPool): Promise<PgConsoleStore> {
    await migratePg(pool, 'staff', PG_CONSOLE_MIGRATIONS);
    return new PgConsoleStore(pool);
  }

  private constructor(pool: PgPool) {
    this.#pool = pool;
  }

  async addStaff(name: string, at: string): Promise<string> {
    const token = newStaffToken();
    await query(
      this.#pool,
      `INSERT INTO staff_members VALUES ($1, $2, $3, NULL)
       ON CONFLICT (name) DO UPDATE SET token_sha256 = excluded.token_sha256, revoked_at = NULL`,
      [name, tokenHash(token), at],
    );
    return token;
  }

  async revokeStaff(name: string, at: string): Promise<boolean> {
    const sql = 'UPDATE staff_members SET revoked_at = $1 WHERE name = $2 AND revoked_at IS NULL';
    return ((await query(this.#pool, sql, [at, name])).rowCount ?? 0) > 0;
  }

  async staffNameOf(token: string): Promise<string | null> {
    const sql = 'SELECT name FROM staff_members WHERE token_sha256 = $1 AND revoked_at IS NULL';
    const { rows } = await query<{ name: string }>(this.#pool, sql, [tokenHash(token)]);
    return rows[0]?.name ?? null;
  }

  async listStaff(): Promise<StaffMember[]> {
    const { rows } = await query(this.#pool, 'SELECT * FROM staff_members ORDER BY name');
    return rows.map((r) => ({ name: r.name, createdAt: r.created_at, revokedAt: r.revoked_at ?? null }));
  }

  audit(entry: NewAuditEntry): Promise<void> {
    return insertAudit(this.#pool, entry);
  }

  async auditTrail(filter: { conversationId?: string; limit: number }): Promise<AuditEntry[]> {
    const { rows } = await query(
      this.#pool,
      `SELECT * FROM staff_audit WHERE ($1::text IS NULL OR conversation_id = $1)
       ORDER BY seq DESC LIMIT $2`,
      [filter.conversationId ?? null, filter.limit],
    );
    return rows.map(toAudit);
  }

  async heldBy(conversationId: string): Promise<{ by: string; since: string } | null> {
    const sql = 'SELECT held_by, since FROM conversation_takeovers WHERE conversation_id = $1';
    const { rows } = await query<{ held_by: string; since: string }>(this.#pool, sql, [conversationId]);
    return rows[0] ? { by: rows[0].held_by, since: rows[0].since } : null;
  }

  async takeOver(conversationId: string, by: string, at: string): Promise<void> {
    await query(
      this.#pool,
      `INSERT INTO conversation_takeovers VALUES ($1, $2, $3)
       ON CONFLICT (conversation_id) DO UPDATE SET held_by = excluded.held_by, since = excluded.since`,
      [conversationId, by, at],
    );
  }

  async handBack(conversationId: string): Promise<boolean> {
    const sql = 'DELETE FROM conversation_takeovers WHERE conversation_id = $1';
    return ((await query(this.#pool, sql, [conversationId])).rowCount ?? 0) > 0;
  }

  async searchConversations(q: ConversationSearchQuery): Promise<string[]> {
    const { rows } = await query<{ id: string }>(
      this.#pool,
      `SELECT id FROM conversations c
       WHERE ($1::text IS NULL OR lower(customer_id) = lower($1)) AND ($2::text IS NULL OR status = $2)
         AND ($3::text IS NULL OR updated_at >= $3) AND ($4::text IS NULL OR created_at <= $4)
         AND ($7::text IS NULL AND $5::text IS NULL OR EXISTS (SELECT 1 FROM workflows w
           WHERE w.conversation_id = c.id AND ($7::text IS NULL OR w.status = $7)
             AND ($5::text IS NULL OR w.plan_json ILIKE $5)))
       ORDER BY updated_at DESC, id DESC LIMIT $6`,
      [...filters(q), q.workflowStatus ?? null],
    );
    return rows.map((r) => r.id);
  }

  async searchWorkflows(q: WorkflowSearch): Promise<string[]> {
    const { rows } = await query<{ id: string }>(
      this.#pool,
      `SELECT id FROM workflows
       WHERE ($1::text IS NULL OR lower(customer_id) = lower($1)) AND ($2::text IS NULL OR status = $2)
         AND ($3::text IS NULL OR updated_at >= $3) AND ($4::text IS NULL OR created_at <= $4)
         AND ($5::text IS NULL OR plan_json ILIKE $5)
       ORDER BY created_at DESC, id DESC LIMIT $6`,
      filters(q),
    );
    return rows.map((r) => r.id);
  }

  reviseReply(r: ReplyRevision): Promise<boolean> {
    return inTransaction(this.#pool, async (db) => {
      // The conversation's row first: a message appended meanwhile waits, or is seen as the last.
      await db.query('SELECT 1 FROM conversations WHERE id = $1 FOR UPDATE', [r.conversationId]);
      const { rowCount } = await db.query(
        `UPDATE messages SET text = $1 WHERE conversation_id = $2 AND seq = $3 AND role = 'agent'
           AND seq = (SELECT MAX(seq) FROM messages WHERE conversation_id = $2)`,
        [r.text, r.conversationId, r.seq],
      );
      if (!rowCount) return false;
      await insertAudit(db, r.audit);
      return true;
    });
  }
}

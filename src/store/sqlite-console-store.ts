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
import type { SqliteDatabase } from './database.js';
import { type Migration, migrate } from './migrations.js';
import { newStaffToken, tokenHash } from './staff-tokens.js';

/** The console's tables on SQLite, as the `staff` component (the name files already record). */
export const SQLITE_CONSOLE_MIGRATIONS: readonly Migration[] = [
  {
    name: '001_staff',
    sql: `
      CREATE TABLE staff_members (name TEXT PRIMARY KEY, token_sha256 TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL, revoked_at TEXT);
      CREATE TABLE staff_audit (seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, actor TEXT NOT NULL,
        action TEXT NOT NULL, conversation_id TEXT, workflow_id TEXT, detail_json TEXT);
      CREATE INDEX staff_audit_conversation ON staff_audit(conversation_id);
      CREATE TABLE conversation_takeovers (conversation_id TEXT PRIMARY KEY, held_by TEXT NOT NULL,
        since TEXT NOT NULL);
    `,
  },
  {
    // Search lists the most recently updated conversations and newest workflows first.
    name: '002_console_search',
    sql: `
      CREATE INDEX IF NOT EXISTS conversations_updated ON conversations(updated_at);
      CREATE INDEX IF NOT EXISTS workflows_created ON workflows(created_at, id);
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

/** A search's named parameters; an absent filter is NULL, which the SQL reads as "any". */
const bindings = (q: WorkflowSearch) => ({
  customer: q.customerId ?? null,
  status: q.status ?? null,
  from: q.from ?? null,
  to: q.to ?? null,
  mentions: q.planMentions ? likeAnywhere(q.planMentions) : null,
  limit: q.limit,
});

/** The console's data in keel's SQLite file, beside the store's tables (which must exist first). */
export class SqliteConsoleStore implements ConsoleStore {
  readonly #db: SqliteDatabase;

  constructor(db: SqliteDatabase) {
    this.#db = db;
    migrate(db, 'staff', SQLITE_CONSOLE_MIGRATIONS);
  }

  async addStaff(name: string, at: string): Promise<string> {
    const token = newStaffToken();
    this.#db
      .prepare(
        `INSERT INTO staff_members VALUES (?, ?, ?, NULL)
         ON CONFLICT(name) DO UPDATE SET token_sha256 = excluded.token_sha256, revoked_at = NULL`,
      )
      .run(name, tokenHash(token), at);
    return token;
  }

  async revokeStaff(name: string, at: string): Promise<boolean> {
    const sql = 'UPDATE staff_members SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL';
    return this.#db.prepare(sql).run(at, name).changes > 0;
  }

  async staffNameOf(token: string): Promise<string | null> {
    const row = this.#db
      .prepare('SELECT name FROM staff_members WHERE token_sha256 = ? AND revoked_at IS NULL')
      .get(tokenHash(token)) as { name: string } | undefined;
    return row?.name ?? null;
  }

  async listStaff(): Promise<StaffMember[]> {
    const rows = this.#db.prepare('SELECT * FROM staff_members ORDER BY name').all() as Record<
      string,
      string | null
    >[];
    return rows.map((r) => ({
      name: String(r.name),
      createdAt: String(r.created_at),
      revokedAt: r.revoked_at ?? null,
    }));
  }

  async audit(entry: NewAuditEntry): Promise<void> {
    this.#insertAudit(entry);
  }

  #insertAudit(entry: NewAuditEntry): void {
    this.#db
      .prepare(
        'INSERT INTO staff_audit (at, actor, action, conversation_id, workflow_id, detail_json) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(
        entry.at,
        entry.actor,
        entry.action,
        entry.conversationId,
        entry.workflowId,
        entry.detail ? JSON.stringify(entry.detail) : null,
      );
  }

  async auditTrail(filter: { conversationId?: string; limit: number }): Promise<AuditEntry[]> {
    const rows = this.#db
      .prepare(
        'SELECT * FROM staff_audit WHERE (@c IS NULL OR conversation_id = @c) ORDER BY seq DESC LIMIT @limit',
      )
      .all({ c: filter.conversationId ?? null, limit: filter.limit }) as Record<string, unknown>[];
    return rows.map(toAudit);
  }

  async heldBy(conversationId: string): Promise<{ by: string; since: string } | null> {
    const row = this.#db
      .prepare('SELECT held_by, since FROM conversation_takeovers WHERE conversation_id = ?')
      .get(conversationId) as { held_by: string; since: string } | undefined;
    return row ? { by: row.held_by, since: row.since } : null;
  }

  async takeOver(conversationId: string, by: string, at: string): Promise<void> {
    this.#db
      .prepare(
        `INSERT INTO conversation_takeovers VALUES (?, ?, ?)
         ON CONFLICT(conversation_id) DO UPDATE SET held_by = excluded.held_by, since = excluded.since`,
      )
      .run(conversationId, by, at);
  }

  async handBack(conversationId: string): Promise<boolean> {
    const sql = 'DELETE FROM conversation_takeovers WHERE conversation_id = ?';
    return this.#db.prepare(sql).run(conversationId).changes > 0;
  }

  async searchConversations(q: ConversationSearchQuery): Promise<string[]> {
    const sql = `SELECT id FROM conversations c
      WHERE (@customer IS NULL OR customer_id = @customer COLLATE NOCASE)
        AND (@status IS NULL OR status = @status)
        AND (@from IS NULL OR updated_at >= @from) AND (@to IS NULL OR created_at <= @to)
        AND (@wstatus IS NULL AND @mentions IS NULL OR EXISTS (SELECT 1 FROM workflows w
          WHERE w.conversation_id = c.id AND (@wstatus IS NULL OR w.status = @wstatus)
            AND (@mentions IS NULL OR w.plan_json LIKE @mentions ESCAPE '\\')))
      ORDER BY updated_at DESC, id DESC LIMIT @limit`;
    return this.#db
      .prepare(sql)
      .pluck()
      .all({ ...bindings(q), wstatus: q.workflowStatus ?? null }) as string[];
  }

  async searchWorkflows(q: WorkflowSearch): Promise<string[]> {
    const sql = `SELECT id FROM workflows
      WHERE (@customer IS NULL OR customer_id = @customer COLLATE NOCASE)
        AND (@status IS NULL OR status = @status)
        AND (@from IS NULL OR updated_at >= @from) AND (@to IS NULL OR created_at <= @to)
        AND (@mentions IS NULL OR plan_json LIKE @mentions ESCAPE '\\')
      ORDER BY created_at DESC, id DESC LIMIT @limit`;
    return this.#db.prepare(sql).pluck().all(bindings(q)) as string[];
  }

  async reviseReply(r: ReplyRevision): Promise<boolean> {
    return this.#db.transaction(() => {
      const changed = this.#db
        .prepare(
          `UPDATE messages SET text = ? WHERE conversation_id = ? AND seq = ? AND role = 'agent'
             AND seq = (SELECT MAX(seq) FROM messages WHERE conversation_id = ?)`,
        )
        .run(r.text, r.conversationId, r.seq, r.conversationId).changes;
      if (changed === 0) return false;
      this.#insertAudit(r.audit);
      return true;
    })();
  }
}

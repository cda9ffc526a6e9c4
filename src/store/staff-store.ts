import { createHash, randomBytes } from 'node:crypto';
import type { SqliteDatabase } from './database.js';
import { type Migration, migrate } from './migrations.js';

const MIGRATIONS: readonly Migration[] = [
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
];

/** One thing a staff member did, as the audit trail shows it. */
export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  conversationId: string | null;
  workflowId: string | null;
  detail: Record<string, unknown> | null;
}

/** Staff names are what the audit trail shows: short, printable, no spaces at the ends. */
export const STAFF_NAME = /^[\p{L}\p{N}][\p{L}\p{N} ._@-]{0,62}[\p{L}\p{N}]$|^[\p{L}\p{N}]$/u;

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Named staff with personal tokens (only a hash is stored; the token is shown once), the audit
 * trail of what they did, and which conversations a person has taken over from the agent.
 */
export class StaffStore {
  readonly #db: SqliteDatabase;

  constructor(db: SqliteDatabase) {
    this.#db = db;
    migrate(db, 'staff', MIGRATIONS);
  }

  /** Adds a staff member, or gives one a new token (the old one stops working). Returns the token. */
  add(name: string, at: string): string {
    const token = `ks_${randomBytes(24).toString('base64url')}`;
    this.#db
      .prepare(
        `INSERT INTO staff_members VALUES (?, ?, ?, NULL)
         ON CONFLICT(name) DO UPDATE SET token_sha256 = excluded.token_sha256, revoked_at = NULL`,
      )
      .run(name, sha256(token), at);
    return token;
  }

  revoke(name: string, at: string): boolean {
    return (
      this.#db
        .prepare('UPDATE staff_members SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL')
        .run(at, name).changes > 0
    );
  }

  /** The staff member a token belongs to, or null. */
  nameOf(token: string): string | null {
    const row = this.#db
      .prepare('SELECT name FROM staff_members WHERE token_sha256 = ? AND revoked_at IS NULL')
      .get(sha256(token)) as { name: string } | undefined;
    return row?.name ?? null;
  }

  list(): { name: string; createdAt: string; revokedAt: string | null }[] {
    return (
      this.#db.prepare('SELECT * FROM staff_members ORDER BY name').all() as Record<string, string | null>[]
    ).map((r) => ({
      name: String(r.name),
      createdAt: String(r.created_at),
      revokedAt: r.revoked_at ?? null,
    }));
  }

  audit(entry: Omit<AuditEntry, 'seq'>): void {
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

  auditTrail(filter: { conversationId?: string; limit: number }): AuditEntry[] {
    const rows = (
      filter.conversationId
        ? this.#db
            .prepare('SELECT * FROM staff_audit WHERE conversation_id = ? ORDER BY seq DESC LIMIT ?')
            .all(filter.conversationId, filter.limit)
        : this.#db.prepare('SELECT * FROM staff_audit ORDER BY seq DESC LIMIT ?').all(filter.limit)
    ) as Record<string, unknown>[];
    return rows.map((r) => ({
      seq: Number(r.seq),
      at: String(r.at),
      actor: String(r.actor),
      action: String(r.action),
      conversationId: (r.conversation_id as string | null) ?? null,
      workflowId: (r.workflow_id as string | null) ?? null,
      detail: r.detail_json ? (JSON.parse(String(r.detail_json)) as Record<string, unknown>) : null,
    }));
  }

  /** Who holds a conversation the agent must stay silent in, or null. */
  heldBy(conversationId: string): { by: string; since: string } | null {
    const row = this.#db
      .prepare('SELECT held_by, since FROM conversation_takeovers WHERE conversation_id = ?')
      .get(conversationId) as { held_by: string; since: string } | undefined;
    return row ? { by: row.held_by, since: row.since } : null;
  }

  takeOver(conversationId: string, by: string, at: string): void {
    this.#db
      .prepare(
        `INSERT INTO conversation_takeovers VALUES (?, ?, ?)
         ON CONFLICT(conversation_id) DO UPDATE SET held_by = excluded.held_by, since = excluded.since`,
      )
      .run(conversationId, by, at);
  }

  handBack(conversationId: string): boolean {
    return (
      this.#db.prepare('DELETE FROM conversation_takeovers WHERE conversation_id = ?').run(conversationId)
        .changes > 0
    );
  }
}

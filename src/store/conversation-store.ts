import type { SqliteDatabase } from './database.js';
import { type Migration, migrate } from './migrations.js';
import { parseJson, type Row } from './sqlite-rows.js';

export const CONVERSATION_STATUSES = [
  'open',
  'awaiting_customer',
  'awaiting_confirmation',
  'waiting_for_human',
] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];

export interface ConversationRecord {
  id: string;
  customerId: string;
  status: ConversationStatus;
  /** A write plan the agent proposed and waits for the customer to confirm. */
  pendingPlan: unknown;
  lastWorkflowId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface MessageRecord {
  conversationId: string;
  seq: number;
  /** `staff`: a person who took the conversation over wrote it (the agent was silent). */
  role: 'customer' | 'agent' | 'staff';
  text: string;
  workflowId: string | null;
  createdAt: string;
}

const MIGRATIONS: readonly Migration[] = [
  {
    name: '001_conversations',
    sql: `
      CREATE TABLE conversations (id TEXT PRIMARY KEY, customer_id TEXT NOT NULL, status TEXT NOT NULL,
        pending_plan_json TEXT, last_workflow_id TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
      CREATE INDEX conversations_customer ON conversations(customer_id);
      CREATE TABLE messages (conversation_id TEXT NOT NULL REFERENCES conversations(id), seq INTEGER NOT NULL,
        role TEXT NOT NULL, text TEXT NOT NULL, workflow_id TEXT, created_at TEXT NOT NULL,
        PRIMARY KEY (conversation_id, seq)) WITHOUT ROWID;
      CREATE INDEX messages_workflow ON messages(workflow_id);
      CREATE TABLE message_requests (conversation_id TEXT NOT NULL, idempotency_key TEXT NOT NULL,
        response_json TEXT NOT NULL, created_at TEXT NOT NULL, PRIMARY KEY (conversation_id, idempotency_key));
    `,
  },
  {
    // Rows saved before this migration have no hash; they replay for any body, as they did.
    name: '002_message_request_hash',
    sql: 'ALTER TABLE message_requests ADD COLUMN request_hash TEXT;',
  },
];

/** What a request with an idempotency key got, and a hash of the body it was sent with. */
export interface SavedResponse {
  response: unknown;
  /** Null for responses saved before keel compared bodies. */
  requestHash: string | null;
}

/** Conversations and their messages, beside the workflows in the same file. */
export class ConversationStore {
  readonly #db: SqliteDatabase;

  constructor(db: SqliteDatabase) {
    this.#db = db;
    migrate(db, 'conversations', MIGRATIONS);
  }

  create(c: Omit<ConversationRecord, 'pendingPlan' | 'lastWorkflowId'>): ConversationRecord {
    this.#db
      .prepare('INSERT INTO conversations VALUES (?, ?, ?, NULL, NULL, ?, ?)')
      .run(c.id, c.customerId, c.status, c.createdAt, c.updatedAt);
    return { ...c, pendingPlan: null, lastWorkflowId: null };
  }

  get(id: string): ConversationRecord | null {
    const row = this.#db.prepare('SELECT * FROM conversations WHERE id = ?').get(id) as Row | undefined;
    return row ? toConversation(row) : null;
  }

  update(
    id: string,
    change: Partial<Pick<ConversationRecord, 'status' | 'pendingPlan' | 'lastWorkflowId'>> & {
      updatedAt: string;
    },
  ): void {
    const current = this.get(id);
    if (!current) return;
    const next = { ...current, ...change };
    this.#db
      .prepare(
        'UPDATE conversations SET status = ?, pending_plan_json = ?, last_workflow_id = ?, updated_at = ? WHERE id = ?',
      )
      .run(
        next.status,
        next.pendingPlan === null ? null : JSON.stringify(next.pendingPlan),
        next.lastWorkflowId,
        next.updatedAt,
        id,
      );
  }

  /** Appends a message with the next sequence number, in one transaction. */
  append(message: Omit<MessageRecord, 'seq'>): MessageRecord {
    return this.#db
      .transaction(() => {
        const { next } = this.#db
          .prepare('SELECT coalesce(max(seq), 0) + 1 AS next FROM messages WHERE conversation_id = ?')
          .get(message.conversationId) as { next: number };
        this.#db
          .prepare('INSERT INTO messages VALUES (?, ?, ?, ?, ?, ?)')
          .run(
            message.conversationId,
            next,
            message.role,
            message.text,
            message.workflowId,
            message.createdAt,
          );
        return { ...message, seq: next };
      })
      .immediate();
  }

  messages(conversationId: string): MessageRecord[] {
    const rows = this.#db
      .prepare('SELECT * FROM messages WHERE conversation_id = ? ORDER BY seq')
      .all(conversationId) as Row[];
    return rows.map((r) => ({
      conversationId: r.conversation_id as string,
      seq: r.seq as number,
      role: r.role as MessageRecord['role'],
      text: r.text as string,
      workflowId: (r.workflow_id as string | null) ?? null,
      createdAt: r.created_at as string,
    }));
  }

  /**
   * Workflows started from a conversation that stopped running (finished, waiting or asking) before
   * `before` and that no agent message answers: the process died between the workflow's last
   * checkpoint and the reply, which lives in another transaction. Oldest first.
   */
  unansweredWorkflows(before: string): string[] {
    const rows = this.#db
      .prepare(
        `SELECT w.id FROM workflows w WHERE w.conversation_id IS NOT NULL
           AND w.status NOT IN ('planned', 'running', 'compensating') AND w.updated_at < ?
           AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.workflow_id = w.id AND m.role = 'agent')
         ORDER BY w.created_at, w.id`,
      )
      .all(before) as Row[];
    return rows.map((r) => r.id as string);
  }

  /** The response a request with this idempotency key got before, if any. */
  response(conversationId: string, key: string): SavedResponse | null {
    const row = this.#db
      .prepare(
        'SELECT response_json, request_hash FROM message_requests WHERE conversation_id = ? AND idempotency_key = ?',
      )
      .get(conversationId, key) as Row | undefined;
    if (!row) return null;
    return {
      response: parseJson(row.response_json),
      requestHash: (row.request_hash as string | null) ?? null,
    };
  }

  saveResponse(
    conversationId: string,
    key: string,
    saved: { response: unknown; requestHash: string },
    at: string,
  ): void {
    this.#db
      .prepare(
        `INSERT OR IGNORE INTO message_requests (conversation_id, idempotency_key, response_json, created_at, request_hash)
         VALUES (?, ?, ?, ?, ?)`,
      )
      .run(conversationId, key, JSON.stringify(saved.response), at, saved.requestHash);
  }
}

function toConversation(row: Row): ConversationRecord {
  return {
    id: row.id as string,
    customerId: row.customer_id as string,
    status: row.status as ConversationStatus,
    pendingPlan: parseJson(row.pending_plan_json),
    lastWorkflowId: (row.last_workflow_id as string | null) ?? null,
    createdAt: row.created_at as string,
    updatedAt: row.updated_at as string,
  };
}

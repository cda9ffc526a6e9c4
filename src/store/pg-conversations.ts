import type {
  ConversationChange,
  ConversationRecord,
  ConversationReply,
  ConversationStatus,
  MessageRecord,
  NewMessage,
  SavedResponse,
} from './conversation-records.js';
import type { PgQueryable } from './pg-database.js';
import { parseJson, type Row } from './sqlite-rows.js';

/**
 * The conversation half of `PgStore`: statements run on the client of the store's transaction, so
 * a reply and the workflow change it reports commit together.
 */
export const pgConversations = {
  async create(db: PgQueryable, c: Omit<ConversationRecord, 'pendingPlan' | 'lastWorkflowId'>) {
    await db.query(
      `INSERT INTO conversations (id, customer_id, status, pending_plan_json, last_workflow_id, created_at,
         updated_at) VALUES ($1, $2, $3, NULL, NULL, $4, $5)`,
      [c.id, c.customerId, c.status, c.createdAt, c.updatedAt],
    );
    return { ...c, pendingPlan: null, lastWorkflowId: null };
  },

  async get(db: PgQueryable, id: string): Promise<ConversationRecord | null> {
    const { rows } = await db.query('SELECT * FROM conversations WHERE id = $1', [id]);
    return rows[0] ? toConversation(rows[0]) : null;
  },

  /** Returns whether the conversation exists. A field given as null is cleared; one left out stays. */
  async update(db: PgQueryable, id: string, change: ConversationChange): Promise<boolean> {
    const setPlan = change.pendingPlan !== undefined;
    const plan = setPlan && change.pendingPlan !== null ? JSON.stringify(change.pendingPlan) : null;
    const { rowCount } = await db.query(
      `UPDATE conversations SET status = coalesce($2, status),
         pending_plan_json = CASE WHEN $3 THEN $4 ELSE pending_plan_json END,
         last_workflow_id = coalesce($5, last_workflow_id), updated_at = $6
       WHERE id = $1`,
      [id, change.status ?? null, setPlan, plan, change.lastWorkflowId ?? null, change.updatedAt],
    );
    return rowCount === 1;
  },

  /**
   * Call inside a transaction. The conversation's row lock orders concurrent appends (two
   * instances answering one conversation), so each reads the sequence number the other wrote.
   */
  async append(db: PgQueryable, message: NewMessage): Promise<MessageRecord> {
    const { conversationId, role, text, workflowId, createdAt } = message;
    await db.query('SELECT 1 FROM conversations WHERE id = $1 FOR NO KEY UPDATE', [conversationId]);
    const { rows } = await db.query<{ seq: number }>(
      `INSERT INTO messages (conversation_id, seq, role, text, workflow_id, created_at)
       SELECT $1, coalesce(max(seq), 0) + 1, $2, $3, $4, $5 FROM messages WHERE conversation_id = $1
       RETURNING seq`,
      [conversationId, role, text, workflowId, createdAt],
    );
    return { ...message, seq: (rows[0] as { seq: number }).seq };
  },

  /** Call inside the transaction of the workflow change the reply reports. */
  async reply(db: PgQueryable, workflowId: string, reply: ConversationReply): Promise<void> {
    const change = {
      status: reply.status,
      pendingPlan: null,
      lastWorkflowId: workflowId,
      updatedAt: reply.at,
    };
    if (!(await pgConversations.update(db, reply.conversationId, change))) return;
    await pgConversations.append(db, {
      conversationId: reply.conversationId,
      role: 'agent',
      text: reply.text,
      workflowId,
      createdAt: reply.at,
    });
  },

  async messages(db: PgQueryable, conversationId: string): Promise<MessageRecord[]> {
    const { rows } = await db.query('SELECT * FROM messages WHERE conversation_id = $1 ORDER BY seq', [
      conversationId,
    ]);
    return rows.map((r: Row) => ({
      conversationId: r.conversation_id as string,
      seq: r.seq as number,
      role: r.role as MessageRecord['role'],
      text: r.text as string,
      workflowId: (r.workflow_id as string | null) ?? null,
      createdAt: r.created_at as string,
    }));
  },

  async unansweredWorkflows(db: PgQueryable, before: string): Promise<string[]> {
    const { rows } = await db.query<{ id: string }>(
      `SELECT w.id FROM workflows w WHERE w.conversation_id IS NOT NULL
         AND w.status NOT IN ('planned', 'running', 'compensating') AND w.updated_at < $1
         AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.workflow_id = w.id AND m.role = 'agent')
       ORDER BY w.created_at, w.id`,
      [before],
    );
    return rows.map((r) => r.id);
  },

  async savedResponse(db: PgQueryable, conversationId: string, key: string): Promise<SavedResponse | null> {
    const { rows } = await db.query(
      'SELECT response_json, request_hash FROM message_requests WHERE conversation_id = $1 AND idempotency_key = $2',
      [conversationId, key],
    );
    const row = rows[0] as Row | undefined;
    if (!row) return null;
    return {
      response: parseJson(row.response_json),
      requestHash: (row.request_hash as string | null) ?? null,
    };
  },

  async saveResponse(
    db: PgQueryable,
    conversationId: string,
    key: string,
    saved: { response: unknown; requestHash: string },
    at: string,
  ): Promise<void> {
    await db.query(
      `INSERT INTO message_requests (conversation_id, idempotency_key, response_json, created_at, request_hash)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
      [conversationId, key, JSON.stringify(saved.response), at, saved.requestHash],
    );
  },
};

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

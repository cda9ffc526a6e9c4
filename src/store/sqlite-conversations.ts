import type {
  ConversationChange,
  ConversationRecord,
  ConversationReply,
  ConversationStatus,
  MessageRecord,
  NewMessage,
  SavedResponse,
} from './conversation-records.js';
import type { SqliteDatabase } from './database.js';
import { parseJson, type Row } from './sqlite-rows.js';

/**
 * The conversation half of `SqliteStore`: synchronous statements that the store runs inside its
 * own transactions, so a reply and the workflow change it reports commit together.
 */
export class SqliteConversations {
  readonly #sql;

  constructor(db: SqliteDatabase) {
    this.#sql = {
      insert: db.prepare('INSERT INTO conversations VALUES (?, ?, ?, NULL, NULL, ?, ?)'),
      get: db.prepare('SELECT * FROM conversations WHERE id = ?'),
      // A field given as null is cleared; one left undefined (bound as its @set flag 0) stays.
      update: db.prepare(
        `UPDATE conversations SET status = coalesce(@status, status),
           pending_plan_json = CASE WHEN @setPlan = 1 THEN @plan ELSE pending_plan_json END,
           last_workflow_id = coalesce(@lastWorkflowId, last_workflow_id), updated_at = @updatedAt
         WHERE id = @id`,
      ),
      nextSeq: db.prepare('SELECT coalesce(max(seq), 0) + 1 FROM messages WHERE conversation_id = ?').pluck(),
      insertMessage: db.prepare('INSERT INTO messages VALUES (?, ?, ?, ?, ?, ?)'),
      messages: db.prepare('SELECT * FROM messages WHERE conversation_id = ? ORDER BY seq'),
      unanswered: db.prepare(
        `SELECT w.id FROM workflows w WHERE w.conversation_id IS NOT NULL
           AND w.status NOT IN ('planned', 'running', 'compensating') AND w.updated_at < ?
           AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.workflow_id = w.id AND m.role = 'agent')
         ORDER BY w.created_at, w.id`,
      ),
      response: db.prepare(
        'SELECT response_json, request_hash FROM message_requests WHERE conversation_id = ? AND idempotency_key = ?',
      ),
      saveResponse: db.prepare(
        `INSERT OR IGNORE INTO message_requests (conversation_id, idempotency_key, response_json, created_at, request_hash)
         VALUES (?, ?, ?, ?, ?)`,
      ),
    };
  }

  create(c: Omit<ConversationRecord, 'pendingPlan' | 'lastWorkflowId'>): ConversationRecord {
    this.#sql.insert.run(c.id, c.customerId, c.status, c.createdAt, c.updatedAt);
    return { ...c, pendingPlan: null, lastWorkflowId: null };
  }

  get(id: string): ConversationRecord | null {
    const row = this.#sql.get.get(id) as Row | undefined;
    return row ? toConversation(row) : null;
  }

  /** Returns whether the conversation exists. */
  update(id: string, change: ConversationChange): boolean {
    const setPlan = change.pendingPlan !== undefined;
    return (
      this.#sql.update.run({
        id,
        status: change.status ?? null,
        setPlan: setPlan ? 1 : 0,
        plan: setPlan && change.pendingPlan !== null ? JSON.stringify(change.pendingPlan) : null,
        lastWorkflowId: change.lastWorkflowId ?? null,
        updatedAt: change.updatedAt,
      }).changes === 1
    );
  }

  /** Call inside a transaction: the sequence number is read and used in one go. */
  append(message: NewMessage): MessageRecord {
    const seq = this.#sql.nextSeq.get(message.conversationId) as number;
    const { conversationId, role, text, workflowId, createdAt } = message;
    this.#sql.insertMessage.run(conversationId, seq, role, text, workflowId, createdAt);
    return { ...message, seq };
  }

  /** Call inside the transaction of the workflow change the reply reports. */
  reply(workflowId: string, reply: ConversationReply): void {
    const change = {
      status: reply.status,
      pendingPlan: null,
      lastWorkflowId: workflowId,
      updatedAt: reply.at,
    };
    if (!this.update(reply.conversationId, change)) return;
    this.append({
      conversationId: reply.conversationId,
      role: 'agent',
      text: reply.text,
      workflowId,
      createdAt: reply.at,
    });
  }

  messages(conversationId: string): MessageRecord[] {
    return (this.#sql.messages.all(conversationId) as Row[]).map((r) => ({
      conversationId: r.conversation_id as string,
      seq: r.seq as number,
      role: r.role as MessageRecord['role'],
      text: r.text as string,
      workflowId: (r.workflow_id as string | null) ?? null,
      createdAt: r.created_at as string,
    }));
  }

  unansweredWorkflows(before: string): string[] {
    return (this.#sql.unanswered.all(before) as Row[]).map((r) => r.id as string);
  }

  savedResponse(conversationId: string, key: string): SavedResponse | null {
    const row = this.#sql.response.get(conversationId, key) as Row | undefined;
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
    this.#sql.saveResponse.run(conversationId, key, JSON.stringify(saved.response), at, saved.requestHash);
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

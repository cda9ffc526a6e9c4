import type Database from 'better-sqlite3';
import type { SqliteDatabase } from './database.js';

/** Named so the declaration build can spell `prepareStatements`' return type. */
interface Statement extends Database.Statement<unknown[], unknown> {}

/** States a lease matters in; leaving them clears it, inside the same statement, at no extra write. */
const RUNNING = "('planned', 'running', 'compensating')";

/** Every statement the store runs, prepared once per connection. */
export function prepareStatements(db: SqliteDatabase) {
  const prepare = (sql: string): Statement => db.prepare(sql);
  return { ...workflowStatements(prepare), ...journalStatements(prepare) };
}

type Prepare = (sql: string) => Statement;

export type SqliteStatements = ReturnType<typeof prepareStatements>;

/** Workflows: their rows, cursors, statuses and leases. */
function workflowStatements(prepare: Prepare) {
  return {
    ping: prepare('SELECT 1'),
    insertWorkflow: prepare(
      `INSERT INTO workflows (id, customer_id, conversation_id, intent, status, plan_json, cursor, degraded,
         outcome_json, created_at, updated_at, lease_owner, lease_expires_at)
       VALUES (@id, @customerId, @conversationId, @intent, @status, @plan, @cursor, @degraded, @outcome,
         @createdAt, @updatedAt, @leaseOwner, @leaseExpiresAt)`,
    ),
    getWorkflow: prepare('SELECT * FROM workflows WHERE id = ?'),
    getStatus: prepare('SELECT status, lease_owner FROM workflows WHERE id = ?'),
    upsertStep: prepare(
      `INSERT INTO steps (workflow_id, step_index, step_id, tool, status, attempts, output_json, error_json, finished_at)
       VALUES (@workflowId, @index, @stepId, @tool, @status, @attempts, @output, @error, @finishedAt)
       ON CONFLICT (workflow_id, step_index) DO UPDATE SET status = excluded.status,
         attempts = excluded.attempts, output_json = excluded.output_json, error_json = excluded.error_json,
         finished_at = excluded.finished_at`,
    ),
    moveCursor: prepare(
      `UPDATE workflows SET cursor = @cursor, status = coalesce(@status, status),
         degraded = coalesce(@degraded, degraded), outcome_json = coalesce(@outcome, outcome_json),
         lease_owner = CASE WHEN coalesce(@status, status) IN ${RUNNING} THEN lease_owner END,
         updated_at = @at WHERE id = @id AND (@owner IS NULL OR lease_owner = @owner)`,
    ),
    transition: prepare(
      `UPDATE workflows SET status = @status, cursor = coalesce(@cursor, cursor),
         degraded = coalesce(@degraded, degraded),
         outcome_json = CASE WHEN @setOutcome = 1 THEN @outcome ELSE outcome_json END,
         lease_owner = CASE WHEN @status IN ${RUNNING} THEN lease_owner END,
         updated_at = @at WHERE id = @id`,
    ),
    getLease: prepare(
      'SELECT lease_owner AS owner, lease_expires_at AS expiresAt FROM workflows WHERE id = ?',
    ),
    setLease: prepare(
      'UPDATE workflows SET lease_owner = @owner, lease_expires_at = @expiresAt WHERE id = @id',
    ),
    release: prepare(
      'UPDATE workflows SET lease_owner = NULL, lease_expires_at = NULL WHERE id = ? AND lease_owner = ?',
    ),
  };
}

/** Steps, the journal, escalations and model calls. */
function journalStatements(prepare: Prepare) {
  return {
    steps: prepare('SELECT * FROM steps WHERE workflow_id = ? ORDER BY step_index'),
    appendEvent: prepare(
      'INSERT INTO journal (workflow_id, at, type, step_id, data_json) VALUES (@workflowId, @at, @type, @stepId, @data)',
    ),
    journal: prepare('SELECT * FROM journal WHERE workflow_id = ? ORDER BY seq'),
    insertEscalation: prepare(
      `INSERT INTO escalations (id, workflow_id, step_id, kind, reason_kind, reason, details_json, status,
         created_at, decided_at, decided_by, note)
       VALUES (@id, @workflowId, @stepId, @kind, @reasonKind, @reason, @details, @status, @createdAt,
         @decidedAt, @decidedBy, @note)`,
    ),
    getEscalation: prepare('SELECT * FROM escalations WHERE id = ?'),
    listEscalations: prepare(
      `SELECT * FROM escalations WHERE (@status IS NULL OR status = @status)
         AND (@workflow IS NULL OR workflow_id = @workflow) ORDER BY rowid`,
    ),
    insertLlmCall: prepare(
      `INSERT INTO llm_calls (id, conversation_id, customer_id, model, status, http_status, finish_reason,
         prompt_tokens, completion_tokens, cached_tokens, latency_ms, request_id, error, created_at)
       VALUES (@id, @conversationId, @customerId, @model, @status, @httpStatus, @finishReason, @promptTokens,
         @completionTokens, @cachedTokens, @latencyMs, @requestId, @error, @createdAt)`,
    ),
    decide: prepare(
      `UPDATE escalations SET status = @status, decided_at = @at, decided_by = @decidedBy, note = @note
       WHERE id = @id AND status = 'open'`,
    ),
  };
}

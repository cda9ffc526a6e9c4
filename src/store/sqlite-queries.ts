import { StoreError } from '../errors.js';
import type { LlmCallRecord } from '../llm-call.js';
import type { SqliteDatabase } from './database.js';
import { type Row, toLlmCall, toWorkflow } from './sqlite-rows.js';
import type { StoreStats, WorkflowFilter, WorkflowRecord } from './workflow-records.js';

/** The SQLite store's queries built per call (filters, counts), apart from its prepared statements. */

export function listWorkflows(db: SqliteDatabase, filter: WorkflowFilter): WorkflowRecord[] {
  const statuses = filter.status === undefined ? null : [filter.status].flat();
  const rows = db
    .prepare(
      `SELECT * FROM workflows WHERE (@customer IS NULL OR customer_id = @customer)
       ${statuses ? `AND status IN (${statuses.map(() => '?').join(',')})` : ''}
       ORDER BY created_at, id LIMIT @limit`,
    )
    .all(...(statuses ?? []), { customer: filter.customerId ?? null, limit: filter.limit ?? -1 }) as Row[];
  return rows.map(toWorkflow);
}

export function llmCalls(db: SqliteDatabase, filter: { conversationId?: string }): LlmCallRecord[] {
  const rows = db
    .prepare('SELECT * FROM llm_calls WHERE (@c IS NULL OR conversation_id = @c) ORDER BY rowid')
    .all({ c: filter.conversationId ?? null }) as Row[];
  return rows.map(toLlmCall);
}

export function stats(db: SqliteDatabase): StoreStats {
  const count = (sql: string) =>
    Object.fromEntries((db.prepare(sql).all() as { k: string; n: number }[]).map((r) => [r.k, r.n]));
  const tokens = db
    .prepare(
      `SELECT coalesce(sum(prompt_tokens), 0) AS prompt, coalesce(sum(completion_tokens), 0) AS completion,
         coalesce(sum(cached_tokens), 0) AS cached FROM llm_calls`,
    )
    .get() as StoreStats['tokens'];
  return {
    workflows: count('SELECT status AS k, count(*) AS n FROM workflows GROUP BY status'),
    escalations: count('SELECT status AS k, count(*) AS n FROM escalations GROUP BY status'),
    modelCalls: count('SELECT status AS k, count(*) AS n FROM llm_calls GROUP BY status'),
    tokens,
  };
}

/** A SQLite failure inside a write (busy, full disk, a constraint) becomes a StoreError; keel's own errors pass. */
export function asStoreError(error: unknown): unknown {
  const sqlite =
    error instanceof Error &&
    'code' in error &&
    typeof error.code === 'string' &&
    error.code.startsWith('SQLITE_');
  return sqlite ? new StoreError(`Store write failed: ${error.message}`, { cause: error }) : error;
}

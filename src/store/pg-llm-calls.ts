import type { LlmCallRecord } from '../llm-call.js';
import { type PgQueryable, query } from './pg-database.js';
import { PG_SQL } from './pg-statements.js';
import { toLlmCall } from './sqlite-rows.js';

/** The model calls `PgStore` records, one row each, for metrics and the console. */
export const pgLlmCalls = {
  async record(db: PgQueryable, c: LlmCallRecord): Promise<void> {
    await query(db, PG_SQL.insertLlmCall, [
      c.id,
      c.conversationId,
      c.customerId,
      c.model,
      c.status,
      c.httpStatus,
      c.finishReason,
      c.promptTokens,
      c.completionTokens,
      c.cachedTokens,
      c.latencyMs,
      c.requestId,
      c.error,
      c.createdAt,
    ]);
  },

  async list(db: PgQueryable, filter: { conversationId?: string }): Promise<LlmCallRecord[]> {
    const sql = 'SELECT * FROM llm_calls WHERE ($1::text IS NULL OR conversation_id = $1) ORDER BY position';
    return (await query(db, sql, [filter.conversationId ?? null])).rows.map(toLlmCall);
  },
};

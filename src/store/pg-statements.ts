/** The SQL of `PgStore` that is more than one line; the SQLite twins are in `sqlite-statements.ts`. */

/** States a lease matters in; leaving them clears it, inside the same statement, at no extra write. */
const RUNNING = "('planned', 'running', 'compensating')";

export const PG_SQL = {
  insertWorkflow: `INSERT INTO workflows (id, customer_id, conversation_id, intent, status, plan_json, cursor,
      degraded, outcome_json, created_at, updated_at, lease_owner, lease_expires_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
  upsertStep: `INSERT INTO steps (workflow_id, step_index, step_id, tool, status, attempts, output_json,
      error_json, finished_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
    ON CONFLICT (workflow_id, step_index) DO UPDATE SET status = excluded.status,
      attempts = excluded.attempts, output_json = excluded.output_json, error_json = excluded.error_json,
      finished_at = excluded.finished_at`,
  /** $1 id, $2 cursor, $3 status, $4 degraded, $5 outcome, $6 at, $7 the owner it is fenced by. */
  moveCursor: `UPDATE workflows SET cursor = $2, status = coalesce($3, status),
      degraded = coalesce($4, degraded), outcome_json = coalesce($5, outcome_json),
      lease_owner = CASE WHEN coalesce($3, status) IN ${RUNNING} THEN lease_owner END,
      updated_at = $6 WHERE id = $1 AND ($7::text IS NULL OR lease_owner = $7)`,
  /** $1 id, $2 status, $3 cursor, $4 degraded, $5 set outcome?, $6 outcome, $7 at. */
  transition: `UPDATE workflows SET status = $2::text, cursor = coalesce($3, cursor),
      degraded = coalesce($4, degraded), outcome_json = CASE WHEN $5 THEN $6 ELSE outcome_json END,
      lease_owner = CASE WHEN $2::text IN ${RUNNING} THEN lease_owner END,
      updated_at = $7 WHERE id = $1`,
  /**
   * Takes a lease that is free, ours, or expired at $4. Concurrent claims queue on the row lock and
   * each re-checks the condition against the row the one before it wrote, so exactly one wins.
   */
  claimFree: `UPDATE workflows SET lease_owner = $2, lease_expires_at = $3
    WHERE id = $1 AND (lease_owner IS NULL OR lease_owner = $2 OR lease_expires_at IS NULL
      OR lease_expires_at <= $4)`,
  /** Takes a lease from an owner found dead, unless someone changed it since it was read. */
  claimFromDead: `UPDATE workflows SET lease_owner = $2, lease_expires_at = $3
    WHERE id = $1 AND lease_owner = $4 AND lease_expires_at = $5`,
  insertEscalation: `INSERT INTO escalations (id, workflow_id, step_id, kind, reason_kind, reason,
      details_json, status, created_at, decided_at, decided_by, note)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
  decide: `UPDATE escalations SET status = $2, decided_at = $3, decided_by = $4, note = $5
    WHERE id = $1 AND status = 'open'`,
  insertLlmCall: `INSERT INTO llm_calls (id, conversation_id, customer_id, model, status, http_status,
      finish_reason, prompt_tokens, completion_tokens, cached_tokens, latency_ms, request_id, error,
      created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
  tokens: `SELECT coalesce(sum(prompt_tokens), 0)::float8 AS prompt,
      coalesce(sum(completion_tokens), 0)::float8 AS completion,
      coalesce(sum(cached_tokens), 0)::float8 AS cached FROM llm_calls`,
};

/** Multi-row insert of journal events: one round trip however many a checkpoint appends. */
export function appendEventsSql(count: number): string {
  const rows = Array.from({ length: count }, (_, i) => {
    const p = i * 5;
    return `($${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, $${p + 5})`;
  });
  return `INSERT INTO journal (workflow_id, at, type, step_id, data_json) VALUES ${rows.join(', ')}`;
}

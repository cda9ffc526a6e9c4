import { json } from './json-columns.js';
import { type PgQueryable, query } from './pg-database.js';
import { appendEventsSql } from './pg-statements.js';
import { parseJson, type Row } from './sqlite-rows.js';
import type { JournalEvent, NewEvent } from './workflow-records.js';

/** The journal of `PgStore`: append-only events, in one statement per change. */
export const pgJournal = {
  /** Appends in one statement; `data` is the events' JSON, when the caller already serialised it. */
  async append(db: PgQueryable, events: NewEvent[], data = events.map((e) => json(e.data))): Promise<void> {
    if (events.length === 0) return;
    const values = events.flatMap((e, i) => [e.workflowId, e.at, e.type, e.stepId, data[i]]);
    await db.query(appendEventsSql(events.length), values);
  },

  async read(db: PgQueryable, workflowId: string): Promise<JournalEvent[]> {
    const sql = 'SELECT * FROM journal WHERE workflow_id = $1 ORDER BY seq';
    return (await query(db, sql, [workflowId])).rows.map((row: Row) => ({
      // BIGINT comes back as a string; a journal passes 2^53 events long after this code is gone.
      seq: Number(row.seq),
      workflowId: row.workflow_id as string,
      at: row.at as string,
      type: row.type as string,
      stepId: (row.step_id as string | null) ?? null,
      data: parseJson<Record<string, unknown>>(row.data_json),
    }));
  },
};

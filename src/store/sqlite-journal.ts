import { json } from './json-columns.js';
import { type Row, toJournalEvent } from './sqlite-rows.js';
import type { SqliteStatements } from './sqlite-statements.js';
import type { JournalEvent, NewEvent } from './workflow-records.js';

/** The journal of `SqliteStore`: append-only events, written inside the store's transactions. */
export class SqliteJournal {
  readonly #sql: SqliteStatements;

  constructor(sql: SqliteStatements) {
    this.#sql = sql;
  }

  /** `data` is the events' JSON, when the caller already serialised it. */
  append(events: NewEvent[], data = events.map((event) => json(event.data))): void {
    for (const [i, event] of events.entries()) this.#sql.appendEvent.run({ ...event, data: data[i] });
  }

  read(workflowId: string): JournalEvent[] {
    return (this.#sql.journal.all(workflowId) as Row[]).map(toJournalEvent);
  }
}

import { StoreError } from '../errors.js';
import type { SqliteDatabase } from './database.js';

/** A named schema change. Applied in order, once, tracked by `PRAGMA user_version`. */
export interface Migration {
  name: string;
  sql: string;
  /**
   * The same change as a component that no longer exists applied it: a file that has it recorded
   * there takes it as applied (without running `sql`) and the old record moves here.
   */
  legacy?: { component: string; name: string };
}

// The conversations tables as keel created them when they had a component of their own.
const CONVERSATIONS_SQL = `
  CREATE TABLE conversations (id TEXT PRIMARY KEY, customer_id TEXT NOT NULL, status TEXT NOT NULL,
    pending_plan_json TEXT, last_workflow_id TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
  CREATE INDEX conversations_customer ON conversations(customer_id);
  CREATE TABLE messages (conversation_id TEXT NOT NULL REFERENCES conversations(id), seq INTEGER NOT NULL,
    role TEXT NOT NULL, text TEXT NOT NULL, workflow_id TEXT, created_at TEXT NOT NULL,
    PRIMARY KEY (conversation_id, seq)) WITHOUT ROWID;
  CREATE INDEX messages_workflow ON messages(workflow_id);
  CREATE TABLE message_requests (conversation_id TEXT NOT NULL, idempotency_key TEXT NOT NULL,
    response_json TEXT NOT NULL, created_at TEXT NOT NULL, PRIMARY KEY (conversation_id, idempotency_key));
`;

/** keel's own tables. Append only: a released migration is never edited. */
export const STORE_MIGRATIONS: readonly Migration[] = [
  {
    name: '001_workflows',
    sql: `
      CREATE TABLE workflows (
        id TEXT PRIMARY KEY,
        customer_id TEXT NOT NULL,
        conversation_id TEXT,
        intent TEXT NOT NULL,
        status TEXT NOT NULL,
        plan_json TEXT NOT NULL,
        cursor INTEGER NOT NULL DEFAULT 0,
        degraded INTEGER NOT NULL DEFAULT 0,
        outcome_json TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX workflows_status ON workflows(status);
      CREATE INDEX workflows_customer ON workflows(customer_id, created_at);
      CREATE TABLE steps (
        workflow_id TEXT NOT NULL REFERENCES workflows(id),
        step_index INTEGER NOT NULL,
        step_id TEXT NOT NULL,
        tool TEXT NOT NULL,
        status TEXT NOT NULL,
        attempts INTEGER NOT NULL,
        output_json TEXT,
        error_json TEXT,
        finished_at TEXT NOT NULL,
        PRIMARY KEY (workflow_id, step_index)
      ) WITHOUT ROWID;
      CREATE TABLE journal (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        workflow_id TEXT NOT NULL REFERENCES workflows(id),
        at TEXT NOT NULL,
        type TEXT NOT NULL,
        step_id TEXT,
        data_json TEXT
      );
      CREATE INDEX journal_workflow ON journal(workflow_id, seq);
      CREATE TABLE escalations (
        id TEXT PRIMARY KEY,
        workflow_id TEXT NOT NULL REFERENCES workflows(id),
        step_id TEXT,
        kind TEXT NOT NULL,
        reason TEXT NOT NULL,
        details_json TEXT,
        status TEXT NOT NULL,
        created_at TEXT NOT NULL,
        decided_at TEXT,
        decided_by TEXT,
        note TEXT
      );
      CREATE INDEX escalations_status ON escalations(status, created_at);
      CREATE INDEX escalations_workflow ON escalations(workflow_id);
    `,
  },
  {
    name: '002_llm_calls',
    sql: `
      CREATE TABLE llm_calls (
        id TEXT PRIMARY KEY,
        conversation_id TEXT,
        customer_id TEXT NOT NULL,
        model TEXT NOT NULL,
        status TEXT NOT NULL,
        http_status INTEGER,
        finish_reason TEXT,
        prompt_tokens INTEGER,
        completion_tokens INTEGER,
        cached_tokens INTEGER,
        latency_ms INTEGER NOT NULL,
        request_id TEXT,
        error TEXT,
        created_at TEXT NOT NULL
      );
      CREATE INDEX llm_calls_created ON llm_calls(created_at);
    `,
  },
  {
    name: '003_workflow_leases',
    sql: `
      ALTER TABLE workflows ADD COLUMN lease_owner TEXT;
      ALTER TABLE workflows ADD COLUMN lease_expires_at TEXT;
    `,
  },
  {
    // Rows from before reason kinds get the kind their escalation kind and words imply: a hand-over
    // the LLM planner made after a model failure read "Customer asked for a person: The model ...".
    name: '004_escalation_reason_kind',
    sql: `
      ALTER TABLE escalations ADD COLUMN reason_kind TEXT NOT NULL DEFAULT 'tool_escalation';
      UPDATE escalations SET reason_kind = CASE
        WHEN kind = 'approval' THEN 'approval_limit'
        WHEN kind = 'compensation' THEN 'compensation_failure'
        WHEN kind = 'low_confidence' THEN 'low_confidence'
        WHEN reason LIKE 'Customer asked for a person: The model %'
          OR reason LIKE 'Customer asked for a person: model unavailable%'
          OR reason LIKE 'Customer asked for a person: Invalid plan:%' THEN 'model_failure'
        WHEN reason LIKE 'Customer asked for a person: The offline planner could not tell%' THEN 'low_confidence'
        WHEN reason LIKE 'Customer asked for a person:%' THEN 'customer_request'
        ELSE 'tool_escalation'
      END;
    `,
  },
  {
    // Conversations join the store's port and its list; files that had them keep their tables.
    name: '005_conversations',
    sql: CONVERSATIONS_SQL,
    legacy: { component: 'conversations', name: '001_conversations' },
  },
  {
    // Rows saved before this migration have no hash; they replay for any body, as they did.
    name: '006_message_request_hash',
    sql: 'ALTER TABLE message_requests ADD COLUMN request_hash TEXT;',
    legacy: { component: 'conversations', name: '002_message_request_hash' },
  },
  {
    // Turns queued on a conversation, so instances sharing a database handle its messages in order.
    name: '007_conversation_turns',
    sql: `
      CREATE TABLE conversation_turns (ticket INTEGER PRIMARY KEY AUTOINCREMENT,
        conversation_id TEXT NOT NULL, expires_at TEXT NOT NULL);
      CREATE INDEX conversation_turns_conversation ON conversation_turns(conversation_id, ticket);
    `,
  },
  {
    // One workflow at a time per resource (an order, a profile); see `Store.lockResources`.
    name: '008_resource_locks',
    sql: `
      CREATE TABLE resource_locks (resource TEXT PRIMARY KEY, workflow_id TEXT NOT NULL,
        acquired_at TEXT NOT NULL) WITHOUT ROWID;
      CREATE INDEX resource_locks_workflow ON resource_locks(workflow_id);
    `,
  },
];

/**
 * Applies the migrations of one component (the store, the sandbox shop) that the file has not seen,
 * each in its own transaction. Components share a file, so versions live in a table of their own
 * rather than in `PRAGMA user_version`.
 */
export function migrate(db: SqliteDatabase, component: string, migrations: readonly Migration[]): void {
  db.exec(`CREATE TABLE IF NOT EXISTS keel_migrations (
    component TEXT NOT NULL, name TEXT NOT NULL, position INTEGER NOT NULL, PRIMARY KEY (component, name))`);
  const applied = db
    .prepare('SELECT name FROM keel_migrations WHERE component = ? ORDER BY position')
    .pluck()
    .all(component) as string[];
  applied.forEach((name, index) => {
    if (migrations[index]?.name !== name) {
      throw new StoreError(
        `Database has migration "${name}" for ${component} that this version of keel does not know; ` +
          'it was written by a newer keel. Upgrade keel or use another database file.',
      );
    }
  });
  const record = db.prepare('INSERT INTO keel_migrations (component, name, position) VALUES (?, ?, ?)');
  const forget = db.prepare('DELETE FROM keel_migrations WHERE component = ? AND name = ?');
  migrations.slice(applied.length).forEach((migration, offset) => {
    db.transaction(() => {
      const { legacy } = migration;
      if (!legacy || forget.run(legacy.component, legacy.name).changes === 0) db.exec(migration.sql);
      record.run(component, migration.name, applied.length + offset);
    })();
  });
}

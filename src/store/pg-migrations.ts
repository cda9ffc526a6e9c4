import { StoreError } from '../errors.js';
import { CHANGE_TRIGGERS } from './pg-change-triggers.js';
import { inTransaction, type PgPool } from './pg-database.js';
import { RATE_LIMIT_TABLE } from './pg-rate-counter.js';

/** A named PostgreSQL schema change, applied once, in order. */
export interface PgMigration {
  name: string;
  sql: string;
}

/**
 * Any keel migration on this database, whatever its schema or component, takes this advisory lock
 * first, so instances that start at once apply each migration once and never see half a schema.
 */
const MIGRATION_LOCK = 0x6b65656c; // "keel"

/**
 * keel's own tables on PostgreSQL: the same columns as the SQLite ones (see `STORE_MIGRATIONS`),
 * with JSON and timestamps kept as text so both stores give back exactly what they were given.
 * Append only: a released migration is never edited.
 */
export const PG_STORE_MIGRATIONS: readonly PgMigration[] = [
  {
    name: '001_store',
    sql: `
      CREATE TABLE workflows (id TEXT PRIMARY KEY, customer_id TEXT NOT NULL, conversation_id TEXT,
        intent TEXT NOT NULL, status TEXT NOT NULL, plan_json TEXT NOT NULL, cursor INTEGER NOT NULL DEFAULT 0,
        degraded SMALLINT NOT NULL DEFAULT 0, outcome_json TEXT, created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL, lease_owner TEXT, lease_expires_at TEXT);
      CREATE INDEX workflows_status ON workflows(status);
      CREATE INDEX workflows_customer ON workflows(customer_id, created_at);
      CREATE INDEX workflows_created ON workflows(created_at, id);
      CREATE TABLE steps (workflow_id TEXT NOT NULL REFERENCES workflows(id), step_index INTEGER NOT NULL,
        step_id TEXT NOT NULL, tool TEXT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL,
        output_json TEXT, error_json TEXT, finished_at TEXT NOT NULL, PRIMARY KEY (workflow_id, step_index));
      CREATE TABLE journal (seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        workflow_id TEXT NOT NULL REFERENCES workflows(id), at TEXT NOT NULL, type TEXT NOT NULL,
        step_id TEXT, data_json TEXT);
      CREATE INDEX journal_workflow ON journal(workflow_id, seq);
      CREATE TABLE escalations (position BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE, id TEXT PRIMARY KEY,
        workflow_id TEXT NOT NULL REFERENCES workflows(id), step_id TEXT, kind TEXT NOT NULL,
        reason_kind TEXT NOT NULL, reason TEXT NOT NULL, details_json TEXT, status TEXT NOT NULL,
        created_at TEXT NOT NULL, decided_at TEXT, decided_by TEXT, note TEXT);
      CREATE INDEX escalations_status ON escalations(status, created_at);
      CREATE INDEX escalations_workflow ON escalations(workflow_id);
      CREATE TABLE llm_calls (position BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE, id TEXT PRIMARY KEY,
        conversation_id TEXT, customer_id TEXT NOT NULL, model TEXT NOT NULL, status TEXT NOT NULL,
        http_status INTEGER, finish_reason TEXT, prompt_tokens INTEGER, completion_tokens INTEGER,
        cached_tokens INTEGER, latency_ms INTEGER NOT NULL, request_id TEXT, error TEXT,
        created_at TEXT NOT NULL);
      CREATE INDEX llm_calls_created ON llm_calls(created_at);
      CREATE INDEX llm_calls_conversation ON llm_calls(conversation_id);
      CREATE TABLE conversations (id TEXT PRIMARY KEY, customer_id TEXT NOT NULL, status TEXT NOT NULL,
        pending_plan_json TEXT, last_workflow_id TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
      CREATE INDEX conversations_customer ON conversations(customer_id);
      CREATE TABLE messages (conversation_id TEXT NOT NULL REFERENCES conversations(id), seq INTEGER NOT NULL,
        role TEXT NOT NULL, text TEXT NOT NULL, workflow_id TEXT, created_at TEXT NOT NULL,
        PRIMARY KEY (conversation_id, seq));
      CREATE INDEX messages_workflow ON messages(workflow_id);
      CREATE TABLE message_requests (conversation_id TEXT NOT NULL, idempotency_key TEXT NOT NULL,
        response_json TEXT NOT NULL, created_at TEXT NOT NULL, request_hash TEXT,
        PRIMARY KEY (conversation_id, idempotency_key));
    `,
  },
  {
    name: '002_conversation_turns',
    sql: `
      CREATE TABLE conversation_turns (ticket BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        conversation_id TEXT NOT NULL, expires_at TEXT NOT NULL);
      CREATE INDEX conversation_turns_conversation ON conversation_turns(conversation_id, ticket);
    `,
  },
  {
    // One workflow at a time per resource (an order, a profile); see `Store.lockResources`.
    name: '003_resource_locks',
    sql: `
      CREATE TABLE resource_locks (resource TEXT PRIMARY KEY, workflow_id TEXT NOT NULL,
        acquired_at TEXT NOT NULL);
      CREATE INDEX resource_locks_workflow ON resource_locks(workflow_id);
    `,
  },
  CHANGE_TRIGGERS,
  RATE_LIMIT_TABLE,
];

/**
 * Applies the migrations of one component that the database has not seen, all in one transaction
 * under an advisory lock (PostgreSQL's DDL is transactional: a failed start leaves no half schema).
 * Creates `schema` first when given.
 */
export async function migratePg(
  pool: PgPool,
  component: string,
  migrations: readonly PgMigration[],
  schema?: string,
): Promise<void> {
  await inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    if (schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(`CREATE TABLE IF NOT EXISTS keel_migrations (component TEXT NOT NULL,
      name TEXT NOT NULL, position INTEGER NOT NULL, PRIMARY KEY (component, name))`);
    const { rows } = await client.query<{ name: string }>(
      'SELECT name FROM keel_migrations WHERE component = $1 ORDER BY position',
      [component],
    );
    rows.forEach(({ name }, index) => {
      if (migrations[index]?.name !== name) {
        throw new StoreError(
          `Database has migration "${name}" for ${component} that this version of keel does not know; ` +
            'it was written by a newer keel. Upgrade keel or use another database.',
        );
      }
    });
    for (const [offset, migration] of migrations.slice(rows.length).entries()) {
      await client.query(migration.sql);
      await client.query('INSERT INTO keel_migrations (component, name, position) VALUES ($1, $2, $3)', [
        component,
        migration.name,
        rows.length + offset,
      ]);
    }
  });
}

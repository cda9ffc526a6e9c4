import type pg from 'pg';
import { EscalationNotFoundError, LeaseLostError, StoreError, WorkflowNotFoundError } from '../errors.js';
import type { LlmCallRecord } from '../llm-call.js';
import { pgFence } from './lease-fence.js';
import { pgConversations as conv } from './pg-conversations.js';
import {
  asStoreError,
  inTransaction,
  openPgPool,
  type PgOptions,
  type PgPool,
  type PgQueryable,
  query,
} from './pg-database.js';
import { migratePg, PG_STORE_MIGRATIONS } from './pg-migrations.js';
import { appendEventsSql, PG_SQL } from './pg-statements.js';
import { parseJson, type Row, toEscalation, toLlmCall, toStep, toWorkflow } from './sqlite-rows.js';
import type {
  Checkpoint,
  ConversationChange,
  ConversationRecord,
  ConversationReply,
  DecisionWrite,
  EscalationRecord,
  EscalationStatus,
  JournalEvent,
  LeaseClaim,
  MessageRecord,
  NewEvent,
  NewMessage,
  SavedResponse,
  StepRecord,
  Store,
  StoreStats,
  Transition,
  WorkflowFilter,
  WorkflowRecord,
  WorkflowStatus,
} from './store.js';

const json = (value: unknown): string | null =>
  value === null || value === undefined ? null : JSON.stringify(value);
const flag = (value: boolean | undefined): number | null => (value === undefined ? null : value ? 1 : 0);

/**
 * The shared store: PostgreSQL, for several keel instances on one database. Same contract as
 * `SqliteStore` (one conformance suite runs against both): every multi-row change is one
 * transaction, leases are taken by a conditional UPDATE that concurrent claimers queue on.
 */
export class PgStore implements Store {
  readonly pool: PgPool;
  readonly #ownsPool: boolean;
  #closed = false;

  /** Opens a pool on `url` and applies pending migrations (safe when instances start at once). */
  static async open(url: string, options: PgOptions = {}): Promise<PgStore> {
    const pool = openPgPool(url, options);
    try {
      await migratePg(pool, 'store', PG_STORE_MIGRATIONS, options.schema);
      return new PgStore(pool, true);
    } catch (error) {
      await pool.end();
      throw error;
    }
  }

  /** Migrates and uses a pool the caller opened (so the sandbox shop can share it). */
  static async over(pool: PgPool, schema?: string): Promise<PgStore> {
    await migratePg(pool, 'store', PG_STORE_MIGRATIONS, schema);
    return new PgStore(pool, false);
  }

  private constructor(pool: PgPool, ownsPool: boolean) {
    this.pool = pool;
    this.#ownsPool = ownsPool;
  }

  async createWorkflow(w: WorkflowRecord, event: NewEvent, reply?: ConversationReply): Promise<void> {
    await this.#tx(async (db) => {
      await db.query(PG_SQL.insertWorkflow, [
        w.id,
        w.customerId,
        w.conversationId,
        w.intent,
        w.status,
        json(w.plan),
        w.cursor,
        w.degraded ? 1 : 0,
        json(w.outcome),
        w.createdAt,
        w.updatedAt,
        w.leaseOwner,
        w.leaseExpiresAt,
      ]);
      await append(db, [event]);
      if (reply) await conv.reply(db, w.id, reply);
    });
  }

  async getWorkflow(id: string): Promise<WorkflowRecord | null> {
    const { rows } = await query(this.pool, 'SELECT * FROM workflows WHERE id = $1', [id]);
    return rows[0] ? toWorkflow(rows[0]) : null;
  }

  async listWorkflows(filter: WorkflowFilter = {}): Promise<WorkflowRecord[]> {
    const statuses = filter.status === undefined ? null : [filter.status].flat();
    const { rows } = await query(
      this.pool,
      `SELECT * FROM workflows WHERE ($1::text IS NULL OR customer_id = $1)
         AND ($2::text[] IS NULL OR status = ANY($2)) ORDER BY created_at, id LIMIT $3`,
      [filter.customerId ?? null, statuses, filter.limit ?? null],
    );
    return rows.map(toWorkflow);
  }

  async checkpointStep(args: Checkpoint): Promise<number> {
    const { step, events } = args;
    const output = json(step.output);
    const error = json(step.error);
    const outcome = json(args.outcome);
    const data = events.map((event) => json(event.data));
    await this.#tx(async (db) => {
      // The workflow first: a checkpoint of an unknown one is WorkflowNotFoundError, not a foreign key failure.
      const moved = await db.query(PG_SQL.moveCursor, [
        step.workflowId,
        args.cursor,
        args.status ?? null,
        flag(args.degraded),
        outcome,
        step.finishedAt,
        args.owner ?? null,
      ]);
      if (moved.rowCount !== 1) {
        const found = await db.query('SELECT 1 FROM workflows WHERE id = $1', [step.workflowId]);
        if (found.rowCount === 0) throw new WorkflowNotFoundError(step.workflowId);
        throw new LeaseLostError(step.workflowId, args.owner ?? '');
      }
      await db.query(PG_SQL.upsertStep, [
        step.workflowId,
        step.index,
        step.stepId,
        step.tool,
        step.status,
        step.attempts,
        output,
        error,
        step.finishedAt,
      ]);
      await append(db, events, data);
      if (args.reply) await conv.reply(db, step.workflowId, args.reply);
    });
    const sizes = [output, error, outcome, ...data].map((text) => text?.length ?? 0);
    return sizes.reduce((a, b) => a + b, 0);
  }

  async steps(workflowId: string): Promise<StepRecord[]> {
    const sql = 'SELECT * FROM steps WHERE workflow_id = $1 ORDER BY step_index';
    return (await query(this.pool, sql, [workflowId])).rows.map(toStep);
  }

  async appendEvents(events: NewEvent[]): Promise<void> {
    await this.#tx((db) => append(db, events));
  }

  async journal(workflowId: string): Promise<JournalEvent[]> {
    const sql = 'SELECT * FROM journal WHERE workflow_id = $1 ORDER BY seq';
    return (await query(this.pool, sql, [workflowId])).rows.map((row: Row) => ({
      // BIGINT comes back as a string; a journal passes 2^53 events long after this code is gone.
      seq: Number(row.seq),
      workflowId: row.workflow_id as string,
      at: row.at as string,
      type: row.type as string,
      stepId: (row.step_id as string | null) ?? null,
      data: parseJson<Record<string, unknown>>(row.data_json),
    }));
  }

  async transition(change: Transition): Promise<boolean> {
    return this.#tx(async (db) => {
      await pgFence(db, change.workflowId, change.owner);
      const { rows } = await db.query<{ status: WorkflowStatus }>(
        'SELECT status FROM workflows WHERE id = $1 FOR NO KEY UPDATE',
        [change.workflowId],
      );
      const current = rows[0];
      if (!current) throw new WorkflowNotFoundError(change.workflowId);
      if (!change.from.includes(current.status)) return false;
      await db.query(PG_SQL.transition, [
        change.workflowId,
        change.to,
        change.cursor ?? null,
        flag(change.degraded),
        change.outcome !== undefined,
        json(change.outcome),
        change.event.at,
      ]);
      await append(db, [change.event]);
      if (change.reply) await conv.reply(db, change.workflowId, change.reply);
      return true;
    });
  }

  async openEscalation(
    e: EscalationRecord,
    event: NewEvent,
    reply?: ConversationReply,
    owner?: string,
  ): Promise<void> {
    await this.#tx(async (db) => {
      await pgFence(db, e.workflowId, owner);
      await db.query(PG_SQL.insertEscalation, [
        e.id,
        e.workflowId,
        e.stepId,
        e.kind,
        e.reasonKind,
        e.reason,
        json(e.details),
        e.status,
        e.createdAt,
        e.decidedAt,
        e.decidedBy,
        e.note,
      ]);
      await db.query(PG_SQL.transition, [
        e.workflowId,
        'waiting_for_human',
        null,
        null,
        false,
        null,
        e.createdAt,
      ]);
      await append(db, [event]);
      if (reply) await conv.reply(db, e.workflowId, reply);
    });
  }

  async getEscalation(id: string): Promise<EscalationRecord | null> {
    return escalation(this.pool, id);
  }

  async listEscalations(
    filter: { status?: EscalationStatus; workflowId?: string } = {},
  ): Promise<EscalationRecord[]> {
    const { rows } = await query(
      this.pool,
      `SELECT * FROM escalations WHERE ($1::text IS NULL OR status = $1)
         AND ($2::text IS NULL OR workflow_id = $2) ORDER BY position`,
      [filter.status ?? null, filter.workflowId ?? null],
    );
    return rows.map(toEscalation);
  }

  async decideEscalation(args: DecisionWrite): Promise<{ applied: boolean; escalation: EscalationRecord }> {
    return this.#tx(async (db) => {
      const status = args.decision === 'approve' ? 'approved' : 'rejected';
      const decided = await db.query(PG_SQL.decide, [args.id, status, args.at, args.decidedBy, args.note]);
      const found = await escalation(db, args.id);
      if (!found) throw new EscalationNotFoundError(args.id);
      if (decided.rowCount === 0) return { applied: false, escalation: found };
      await db.query(PG_SQL.transition, [
        found.workflowId,
        args.nextStatus,
        null,
        null,
        Boolean(args.outcome),
        json(args.outcome),
        args.at,
      ]);
      await append(db, [
        {
          workflowId: found.workflowId,
          at: args.at,
          type: `escalation.${status}`,
          stepId: found.stepId,
          data: { escalationId: args.id, decidedBy: args.decidedBy, note: args.note },
        },
      ]);
      return { applied: true, escalation: found };
    });
  }

  async claim(args: LeaseClaim): Promise<boolean> {
    const { workflowId, owner, expiresAt, now } = args;
    const taken = await query(this.pool, PG_SQL.claimFree, [workflowId, owner, expiresAt, now]);
    if (taken.rowCount === 1) return true;
    const { rows } = await query(
      this.pool,
      'SELECT lease_owner AS owner, lease_expires_at AS "expiresAt" FROM workflows WHERE id = $1',
      [workflowId],
    );
    const lease = rows[0] as { owner: string | null; expiresAt: string | null } | undefined;
    if (!lease) throw new WorkflowNotFoundError(workflowId);
    // Held by another owner until a later time (or freed since): take it only from a dead owner.
    if (lease.owner === null || lease.expiresAt === null) return this.claim(args);
    if (args.isAlive(lease.owner)) return false;
    const fromDead = [workflowId, owner, expiresAt, lease.owner, lease.expiresAt];
    return (await query(this.pool, PG_SQL.claimFromDead, fromDead)).rowCount === 1;
  }

  async release(workflowId: string, owner: string): Promise<void> {
    await query(
      this.pool,
      'UPDATE workflows SET lease_owner = NULL, lease_expires_at = NULL WHERE id = $1 AND lease_owner = $2',
      [workflowId, owner],
    );
  }

  async createConversation(
    conversation: Omit<ConversationRecord, 'pendingPlan' | 'lastWorkflowId'>,
  ): Promise<ConversationRecord> {
    return this.#tx((db) => conv.create(db, conversation));
  }

  async getConversation(id: string): Promise<ConversationRecord | null> {
    return this.#read((db) => conv.get(db, id));
  }

  async messages(conversationId: string): Promise<MessageRecord[]> {
    return this.#read((db) => conv.messages(db, conversationId));
  }

  async appendMessage(message: NewMessage, change?: ConversationChange): Promise<MessageRecord> {
    return this.#tx(async (db) => {
      const appended = await conv.append(db, message);
      if (change) await conv.update(db, message.conversationId, change);
      return appended;
    });
  }

  async updateConversation(id: string, change: ConversationChange): Promise<void> {
    await this.#read((db) => conv.update(db, id, change));
  }

  async unansweredWorkflows(before: string): Promise<string[]> {
    return this.#read((db) => conv.unansweredWorkflows(db, before));
  }

  async queueTurn(conversationId: string, expiresAt: string): Promise<number> {
    const { rows } = await query<{ ticket: string }>(
      this.pool,
      'INSERT INTO conversation_turns (conversation_id, expires_at) VALUES ($1, $2) RETURNING ticket',
      [conversationId, expiresAt],
    );
    return Number(rows[0]?.ticket);
  }

  async isTurnFirst(conversationId: string, ticket: number, now: string): Promise<boolean> {
    const { rows } = await query(
      this.pool,
      'SELECT 1 FROM conversation_turns WHERE conversation_id = $1 AND ticket < $2 AND expires_at > $3 LIMIT 1',
      [conversationId, ticket, now],
    );
    return rows.length === 0;
  }

  async endTurn(ticket: number): Promise<void> {
    await query(this.pool, 'DELETE FROM conversation_turns WHERE ticket = $1', [ticket]);
  }

  async savedResponse(conversationId: string, key: string): Promise<SavedResponse | null> {
    return this.#read((db) => conv.savedResponse(db, conversationId, key));
  }

  async saveResponse(
    conversationId: string,
    key: string,
    saved: { response: unknown; requestHash: string },
    at: string,
  ): Promise<void> {
    await this.#read((db) => conv.saveResponse(db, conversationId, key, saved, at));
  }

  async recordLlmCall(c: LlmCallRecord): Promise<void> {
    await query(this.pool, PG_SQL.insertLlmCall, [
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
  }

  async llmCalls(filter: { conversationId?: string } = {}): Promise<LlmCallRecord[]> {
    const sql = 'SELECT * FROM llm_calls WHERE ($1::text IS NULL OR conversation_id = $1) ORDER BY position';
    return (await query(this.pool, sql, [filter.conversationId ?? null])).rows.map(toLlmCall);
  }

  async stats(): Promise<StoreStats> {
    const count = async (table: string) => {
      const sql = `SELECT status AS k, count(*)::int AS n FROM ${table} GROUP BY status`;
      const { rows } = await query<{ k: string; n: number }>(this.pool, sql);
      return Object.fromEntries(rows.map((r) => [r.k, r.n]));
    };
    const [workflows, escalations, modelCalls, tokens] = await Promise.all([
      count('workflows'),
      count('escalations'),
      count('llm_calls'),
      query<StoreStats['tokens']>(this.pool, PG_SQL.tokens),
    ]);
    return { workflows, escalations, modelCalls, tokens: tokens.rows[0] as StoreStats['tokens'] };
  }

  async ping(): Promise<void> {
    if (this.#closed) throw new StoreError('The database does not answer: the store is closed');
    try {
      await this.pool.query('SELECT 1');
    } catch (error) {
      throw new StoreError(`The database does not answer: ${(error as Error).message}`, { cause: error });
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#ownsPool) await this.pool.end();
  }

  #tx<T>(fn: (db: pg.PoolClient) => Promise<T>): Promise<T> {
    return inTransaction(this.pool, fn);
  }

  /** One statement of the conversation half, on the pool, its failures as StoreError. */
  async #read<T>(fn: (db: PgQueryable) => Promise<T>): Promise<T> {
    try {
      return await fn(this.pool);
    } catch (error) {
      throw asStoreError(error);
    }
  }
}

async function escalation(db: PgQueryable, id: string): Promise<EscalationRecord | null> {
  const { rows } = await query(db, 'SELECT * FROM escalations WHERE id = $1', [id]);
  return rows[0] ? toEscalation(rows[0]) : null;
}

/** Appends journal events in one statement; `data` is their JSON, when already serialised. */
async function append(db: PgQueryable, events: NewEvent[], data = events.map((e) => json(e.data))) {
  if (events.length === 0) return;
  const values = events.flatMap((e, i) => [e.workflowId, e.at, e.type, e.stepId, data[i]]);
  await db.query(appendEventsSql(events.length), values);
}

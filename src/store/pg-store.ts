import type pg from 'pg';
import { StoreError } from '../errors.js';
import type { LlmCallRecord } from '../llm-call.js';
import { checkpointJson } from './json-columns.js';
import { pgConversations as conv } from './pg-conversations.js';
import {
  asStoreError,
  inTransaction,
  openPgPool,
  type PgOptions,
  type PgPool,
  type PgQueryable,
} from './pg-database.js';
import { pgEscalations } from './pg-escalations.js';
import { pgJournal } from './pg-journal.js';
import { pgLeases } from './pg-leases.js';
import { pgLlmCalls } from './pg-llm-calls.js';
import { migratePg, PG_STORE_MIGRATIONS } from './pg-migrations.js';
import { lockPgResources, pgResourceLocks } from './pg-resource-locks.js';
import { pgStats } from './pg-stats.js';
import { pgTurns } from './pg-turns.js';
import { pgWorkflows } from './pg-workflows.js';
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
  ResourceLock,
  ResourceLockRequest,
  ResourceLockResult,
  SavedResponse,
  StepRecord,
  Store,
  StoreStats,
  Transition,
  WorkflowFilter,
  WorkflowRecord,
} from './store.js';

/**
 * The shared store: PostgreSQL, for several keel instances on one database. Same contract as
 * `SqliteStore` (one conformance suite runs against both): every multi-row change is one
 * transaction, leases are taken by a conditional UPDATE that concurrent claimers queue on. The
 * statements live in one module per table family; this class says which run in one transaction.
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
    await this.#tx((db) => pgWorkflows.create(db, w, event, reply));
  }

  async getWorkflow(id: string): Promise<WorkflowRecord | null> {
    return pgWorkflows.get(this.pool, id);
  }

  async listWorkflows(filter: WorkflowFilter = {}): Promise<WorkflowRecord[]> {
    return pgWorkflows.list(this.pool, filter);
  }

  async checkpointStep(args: Checkpoint): Promise<number> {
    // Serialised first: a value JSON cannot hold throws as itself (not a StoreError), taking no connection.
    const columns = checkpointJson(args);
    await this.#tx((db) => pgWorkflows.checkpoint(db, args, columns));
    return columns.size;
  }

  async steps(workflowId: string): Promise<StepRecord[]> {
    return pgWorkflows.steps(this.pool, workflowId);
  }

  async appendEvents(events: NewEvent[]): Promise<void> {
    await this.#tx((db) => pgJournal.append(db, events));
  }

  async journal(workflowId: string): Promise<JournalEvent[]> {
    return pgJournal.read(this.pool, workflowId);
  }

  async transition(change: Transition): Promise<boolean> {
    return this.#tx((db) => pgWorkflows.transition(db, change));
  }

  async openEscalation(
    e: EscalationRecord,
    event: NewEvent,
    reply?: ConversationReply,
    owner?: string,
  ): Promise<void> {
    await this.#tx((db) => pgEscalations.open(db, e, event, reply, owner));
  }

  async getEscalation(id: string): Promise<EscalationRecord | null> {
    return pgEscalations.get(this.pool, id);
  }

  async listEscalations(
    filter: { status?: EscalationStatus; workflowId?: string } = {},
  ): Promise<EscalationRecord[]> {
    return pgEscalations.list(this.pool, filter);
  }

  async decideEscalation(args: DecisionWrite): Promise<{ applied: boolean; escalation: EscalationRecord }> {
    return this.#tx((db) => pgEscalations.decide(db, args));
  }

  async claim(args: LeaseClaim): Promise<boolean> {
    return pgLeases.claim(this.pool, args);
  }

  async release(workflowId: string, owner: string): Promise<void> {
    await pgLeases.release(this.pool, workflowId, owner);
  }

  async lockResources(request: ResourceLockRequest): Promise<ResourceLockResult> {
    return lockPgResources(this.pool, request);
  }

  async resourceLocks(workflowId?: string): Promise<ResourceLock[]> {
    return pgResourceLocks(this.pool, workflowId);
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
    return pgTurns.queue(this.pool, conversationId, expiresAt);
  }

  async isTurnFirst(conversationId: string, ticket: number, now: string): Promise<boolean> {
    return pgTurns.isFirst(this.pool, conversationId, ticket, now);
  }

  async endTurn(ticket: number): Promise<void> {
    await pgTurns.end(this.pool, ticket);
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
    await pgLlmCalls.record(this.pool, c);
  }

  async llmCalls(filter: { conversationId?: string } = {}): Promise<LlmCallRecord[]> {
    return pgLlmCalls.list(this.pool, filter);
  }

  async stats(): Promise<StoreStats> {
    return pgStats(this.pool);
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

import { StoreError } from '../errors.js';
import type { LlmCallRecord } from '../llm-call.js';
import { type DatabaseOptions, openDatabase, type SqliteDatabase } from './database.js';
import { checkpointJson } from './json-columns.js';
import { migrate, STORE_MIGRATIONS } from './migrations.js';
import { SqliteConversations } from './sqlite-conversations.js';
import { SqliteEscalations } from './sqlite-escalations.js';
import { SqliteJournal } from './sqlite-journal.js';
import { SqliteLeases } from './sqlite-leases.js';
import { asStoreError, listWorkflows, llmCalls, stats } from './sqlite-queries.js';
import { SqliteResourceLocks } from './sqlite-resource-locks.js';
import { prepareStatements, type SqliteStatements } from './sqlite-statements.js';
import { SqliteTurns } from './sqlite-turns.js';
import { SqliteWorkflows } from './sqlite-workflows.js';
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
 * The embedded store: one SQLite file in WAL mode, every checkpoint one transaction. The
 * statements live in one module per table family; this class says which run in one transaction.
 */
export class SqliteStore implements Store {
  readonly db: SqliteDatabase;
  readonly #ownsDb: boolean;
  readonly #sql: SqliteStatements;
  readonly #conversations: SqliteConversations;
  readonly #journal: SqliteJournal;
  readonly #workflows: SqliteWorkflows;
  readonly #escalations: SqliteEscalations;
  readonly #leases: SqliteLeases;
  readonly #turns: SqliteTurns;
  readonly #locks: SqliteResourceLocks;
  // Built once: db.transaction() per write costs more than some of the writes it wraps.
  readonly #inTransaction: ReturnType<SqliteDatabase['transaction']>;

  /** Opens a file (or `:memory:`) and applies pending migrations. */
  static open(path: string, options: DatabaseOptions = {}): SqliteStore {
    return new SqliteStore(openDatabase(path, options), true);
  }

  /** Uses a connection the caller opened with `openDatabase` (so the sandbox shop can share it). */
  constructor(db: SqliteDatabase, ownsDb = false) {
    this.db = db;
    this.#ownsDb = ownsDb;
    migrate(db, 'store', STORE_MIGRATIONS);
    this.#sql = prepareStatements(db);
    this.#conversations = new SqliteConversations(db);
    this.#journal = new SqliteJournal(this.#sql);
    this.#locks = new SqliteResourceLocks(db);
    this.#workflows = new SqliteWorkflows(this.#sql, this.#journal, this.#conversations, this.#locks);
    this.#escalations = new SqliteEscalations(this.#sql, this.#journal, this.#conversations, this.#locks);
    this.#leases = new SqliteLeases(this.#sql);
    this.#turns = new SqliteTurns(db);
    this.#inTransaction = db.transaction((fn: () => unknown) => fn());
  }

  async createWorkflow(w: WorkflowRecord, event: NewEvent, reply?: ConversationReply): Promise<void> {
    this.#tx(() => this.#workflows.create(w, event, reply));
  }

  async getWorkflow(id: string): Promise<WorkflowRecord | null> {
    return this.#workflows.get(id);
  }

  async listWorkflows(filter: WorkflowFilter = {}): Promise<WorkflowRecord[]> {
    return listWorkflows(this.db, filter);
  }

  async checkpointStep(args: Checkpoint): Promise<number> {
    // Serialised before the transaction, so the write lock is held only for the writes.
    const columns = checkpointJson(args);
    this.#tx(() => this.#workflows.checkpoint(args, columns));
    return columns.size;
  }

  async steps(workflowId: string): Promise<StepRecord[]> {
    return this.#workflows.steps(workflowId);
  }

  async appendEvents(events: NewEvent[]): Promise<void> {
    this.#tx(() => this.#journal.append(events));
  }

  async journal(workflowId: string): Promise<JournalEvent[]> {
    return this.#journal.read(workflowId);
  }

  async transition(change: Transition): Promise<boolean> {
    return this.#tx(() => this.#workflows.transition(change));
  }

  async openEscalation(
    e: EscalationRecord,
    event: NewEvent,
    reply?: ConversationReply,
    owner?: string,
  ): Promise<void> {
    this.#tx(() => this.#escalations.open(e, event, reply, owner));
  }

  async getEscalation(id: string): Promise<EscalationRecord | null> {
    return this.#escalations.get(id);
  }

  async listEscalations(
    filter: { status?: EscalationStatus; workflowId?: string } = {},
  ): Promise<EscalationRecord[]> {
    return this.#escalations.list(filter);
  }

  async decideEscalation(args: DecisionWrite): Promise<{ applied: boolean; escalation: EscalationRecord }> {
    return this.#tx(() => this.#escalations.decide(args));
  }

  async createConversation(
    conversation: Omit<ConversationRecord, 'pendingPlan' | 'lastWorkflowId'>,
  ): Promise<ConversationRecord> {
    return this.#tx(() => this.#conversations.create(conversation));
  }

  async getConversation(id: string): Promise<ConversationRecord | null> {
    return this.#conversations.get(id);
  }

  async messages(conversationId: string): Promise<MessageRecord[]> {
    return this.#conversations.messages(conversationId);
  }

  async appendMessage(message: NewMessage, change?: ConversationChange): Promise<MessageRecord> {
    return this.#tx(() => {
      const appended = this.#conversations.append(message);
      if (change) this.#conversations.update(message.conversationId, change);
      return appended;
    });
  }

  async updateConversation(id: string, change: ConversationChange): Promise<void> {
    this.#tx(() => this.#conversations.update(id, change));
  }

  async unansweredWorkflows(before: string): Promise<string[]> {
    return this.#conversations.unansweredWorkflows(before);
  }

  async queueTurn(conversationId: string, expiresAt: string): Promise<number> {
    return this.#turns.queue(conversationId, expiresAt);
  }

  async isTurnFirst(conversationId: string, ticket: number, now: string): Promise<boolean> {
    return this.#turns.isFirst(conversationId, ticket, now);
  }

  async endTurn(ticket: number): Promise<void> {
    this.#turns.end(ticket);
  }

  async savedResponse(conversationId: string, key: string): Promise<SavedResponse | null> {
    return this.#conversations.savedResponse(conversationId, key);
  }

  async saveResponse(
    conversationId: string,
    key: string,
    saved: { response: unknown; requestHash: string },
    at: string,
  ): Promise<void> {
    this.#tx(() => this.#conversations.saveResponse(conversationId, key, saved, at));
  }

  async recordLlmCall(call: LlmCallRecord): Promise<void> {
    this.#sql.insertLlmCall.run(call);
  }

  async lockResources(request: ResourceLockRequest): Promise<ResourceLockResult> {
    return this.#tx(() => this.#locks.lock(request));
  }

  async resourceLocks(workflowId?: string): Promise<ResourceLock[]> {
    return this.#locks.held(workflowId);
  }

  async claim(args: LeaseClaim): Promise<boolean> {
    return this.#tx(() => this.#leases.claim(args));
  }

  async release(workflowId: string, owner: string): Promise<void> {
    this.#leases.release(workflowId, owner);
  }

  async llmCalls(filter: { conversationId?: string } = {}): Promise<LlmCallRecord[]> {
    return llmCalls(this.db, filter);
  }

  async stats(): Promise<StoreStats> {
    return stats(this.db);
  }

  async ping(): Promise<void> {
    try {
      this.#sql.ping.get();
    } catch (error) {
      throw new StoreError(`The database does not answer: ${(error as Error).message}`, { cause: error });
    }
  }

  async close(): Promise<void> {
    if (this.#ownsDb && this.db.open) this.db.close();
  }

  #tx<T>(fn: () => T): T {
    try {
      return this.#inTransaction.immediate(fn) as T;
    } catch (error) {
      throw asStoreError(error);
    }
  }
}

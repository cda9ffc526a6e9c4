import { EscalationNotFoundError, LeaseLostError, StoreError, WorkflowNotFoundError } from '../errors.js';
import type { LlmCallRecord } from '../llm-call.js';
import { type DatabaseOptions, openDatabase, type SqliteDatabase } from './database.js';
import { fence } from './lease-fence.js';
import { migrate, STORE_MIGRATIONS } from './migrations.js';
import { SqliteConversations } from './sqlite-conversations.js';
import {
  asStoreError,
  heldByAnother,
  json,
  type Lease,
  listWorkflows,
  llmCalls,
  stats,
} from './sqlite-queries.js';
import { type Row, toEscalation, toJournalEvent, toStep, toWorkflow } from './sqlite-rows.js';
import { prepareStatements } from './sqlite-statements.js';
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

type StatusRow = { status: WorkflowStatus; lease_owner: string | null };

/** The embedded store: one SQLite file in WAL mode, every checkpoint one transaction. */
export class SqliteStore implements Store {
  readonly db: SqliteDatabase;
  readonly #ownsDb: boolean;
  readonly #sql: ReturnType<typeof prepareStatements>;
  readonly #conversations: SqliteConversations;
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
    this.#inTransaction = db.transaction((fn: () => unknown) => fn());
  }

  async createWorkflow(w: WorkflowRecord, event: NewEvent, reply?: ConversationReply): Promise<void> {
    this.#tx(() => {
      this.#sql.insertWorkflow.run({
        ...w,
        plan: json(w.plan),
        degraded: w.degraded ? 1 : 0,
        outcome: json(w.outcome),
      });
      this.#append(event);
      if (reply) this.#conversations.reply(w.id, reply);
    });
  }

  async getWorkflow(id: string): Promise<WorkflowRecord | null> {
    const row = this.#sql.getWorkflow.get(id) as Row | undefined;
    return row ? toWorkflow(row) : null;
  }

  async listWorkflows(filter: WorkflowFilter = {}): Promise<WorkflowRecord[]> {
    return listWorkflows(this.db, filter);
  }

  async checkpointStep(args: Checkpoint): Promise<number> {
    const { step, events } = args;
    const output = json(step.output);
    const error = json(step.error);
    const outcome = json(args.outcome);
    const data = events.map((event) => json(event.data));
    this.#tx(() => {
      // The workflow first: an unknown one is WorkflowNotFoundError, not a foreign-key failure.
      const changed = this.#sql.moveCursor.run({
        id: step.workflowId,
        cursor: args.cursor,
        status: args.status ?? null,
        degraded: args.degraded === undefined ? null : args.degraded ? 1 : 0,
        outcome,
        at: step.finishedAt,
        owner: args.owner ?? null,
      }).changes;
      if (changed !== 1) {
        if (!this.#sql.getStatus.get(step.workflowId)) throw new WorkflowNotFoundError(step.workflowId);
        throw new LeaseLostError(step.workflowId, args.owner ?? '');
      }
      this.#sql.upsertStep.run({ ...step, output, error });
      for (const [i, event] of events.entries()) this.#sql.appendEvent.run({ ...event, data: data[i] });
      if (args.reply) this.#conversations.reply(step.workflowId, args.reply);
    });
    const sizes = [output, error, outcome, ...data].map((text) => text?.length ?? 0);
    return sizes.reduce((a, b) => a + b, 0);
  }

  async steps(workflowId: string): Promise<StepRecord[]> {
    return (this.#sql.steps.all(workflowId) as Row[]).map(toStep);
  }

  async appendEvents(events: NewEvent[]): Promise<void> {
    this.#tx(() => {
      for (const event of events) this.#append(event);
    });
  }

  async journal(workflowId: string): Promise<JournalEvent[]> {
    return (this.#sql.journal.all(workflowId) as Row[]).map(toJournalEvent);
  }

  async transition(change: Transition): Promise<boolean> {
    return this.#tx(() => {
      const current = this.#sql.getStatus.get(change.workflowId) as StatusRow | undefined;
      fence(current, change.workflowId, change.owner);
      if (!current) throw new WorkflowNotFoundError(change.workflowId);
      if (!change.from.includes(current.status)) return false;
      this.#sql.transition.run({
        id: change.workflowId,
        status: change.to,
        cursor: change.cursor ?? null,
        degraded: change.degraded === undefined ? null : change.degraded ? 1 : 0,
        setOutcome: change.outcome === undefined ? 0 : 1,
        outcome: json(change.outcome),
        at: change.event.at,
      });
      this.#append(change.event);
      if (change.reply) this.#conversations.reply(change.workflowId, change.reply);
      return true;
    });
  }

  async openEscalation(
    e: EscalationRecord,
    event: NewEvent,
    reply?: ConversationReply,
    owner?: string,
  ): Promise<void> {
    this.#tx(() => {
      fence(this.#sql.getStatus.get(e.workflowId) as StatusRow | undefined, e.workflowId, owner);
      this.#sql.insertEscalation.run({ ...e, details: json(e.details) });
      this.#sql.transition.run({
        id: e.workflowId,
        status: 'waiting_for_human',
        cursor: null,
        degraded: null,
        setOutcome: 0,
        outcome: null,
        at: e.createdAt,
      });
      this.#append(event);
      if (reply) this.#conversations.reply(e.workflowId, reply);
    });
  }

  async getEscalation(id: string): Promise<EscalationRecord | null> {
    return this.#escalation(id);
  }

  #escalation(id: string): EscalationRecord | null {
    const row = this.#sql.getEscalation.get(id) as Row | undefined;
    return row ? toEscalation(row) : null;
  }

  async listEscalations(
    filter: { status?: EscalationStatus; workflowId?: string } = {},
  ): Promise<EscalationRecord[]> {
    const rows = this.#sql.listEscalations.all({
      status: filter.status ?? null,
      workflow: filter.workflowId ?? null,
    }) as Row[];
    return rows.map(toEscalation);
  }

  async decideEscalation(args: DecisionWrite): Promise<{ applied: boolean; escalation: EscalationRecord }> {
    return this.#tx(() => {
      const status = args.decision === 'approve' ? 'approved' : 'rejected';
      const changed = this.#sql.decide.run({ ...args, status }).changes;
      const escalation = this.#escalation(args.id);
      if (!escalation) throw new EscalationNotFoundError(args.id);
      if (changed === 0) return { applied: false, escalation };
      this.#sql.transition.run({
        id: escalation.workflowId,
        status: args.nextStatus,
        cursor: null,
        degraded: null,
        setOutcome: args.outcome ? 1 : 0,
        outcome: json(args.outcome),
        at: args.at,
      });
      this.#append({
        workflowId: escalation.workflowId,
        at: args.at,
        type: `escalation.${status}`,
        stepId: escalation.stepId,
        data: { escalationId: args.id, decidedBy: args.decidedBy, note: args.note },
      });
      return { applied: true, escalation };
    });
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
    const sql = 'INSERT INTO conversation_turns (conversation_id, expires_at) VALUES (?, ?)';
    return Number(this.db.prepare(sql).run(conversationId, expiresAt).lastInsertRowid);
  }

  async isTurnFirst(conversationId: string, ticket: number, now: string): Promise<boolean> {
    const ahead = this.db
      .prepare(
        'SELECT 1 FROM conversation_turns WHERE conversation_id = ? AND ticket < ? AND expires_at > ? LIMIT 1',
      )
      .get(conversationId, ticket, now);
    return ahead === undefined;
  }

  async endTurn(ticket: number): Promise<void> {
    this.db.prepare('DELETE FROM conversation_turns WHERE ticket = ?').run(ticket);
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

  async claim(args: LeaseClaim): Promise<boolean> {
    return this.#tx(() => {
      const lease = this.#sql.getLease.get(args.workflowId) as Lease | undefined;
      if (!lease) throw new WorkflowNotFoundError(args.workflowId);
      if (heldByAnother(lease, args)) return false;
      this.#sql.setLease.run({ id: args.workflowId, owner: args.owner, expiresAt: args.expiresAt });
      return true;
    });
  }

  async release(workflowId: string, owner: string): Promise<void> {
    this.#sql.release.run(workflowId, owner);
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

  #append(event: NewEvent): void {
    this.#sql.appendEvent.run({ ...event, data: json(event.data) });
  }

  #tx<T>(fn: () => T): T {
    try {
      return this.#inTransaction.immediate(fn) as T;
    } catch (error) {
      throw asStoreError(error);
    }
  }
}

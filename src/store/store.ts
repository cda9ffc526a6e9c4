/**
 * `src/store`: the asynchronous `Store` port (here) that the agent persists through (workflows,
 * steps, journal, escalations, leases, conversations, idempotent responses, model calls), its
 * SQLite (`SqliteStore`) and PostgreSQL (`PgStore`) implementations, each a class that delegates to
 * one module per table family (`sqlite-workflows.ts`, `pg-escalations.ts`, ...), and the versioned
 * migrations. It may import `src/tools` types and the shared top-level modules, never the agent, a
 * planner, a domain or an adapter.
 */
import type { LlmCallRecord, LlmCallRecorder } from '../llm-call.js';
import type {
  ConversationChange,
  ConversationRecord,
  ConversationReply,
  MessageRecord,
  NewMessage,
  SavedResponse,
} from './conversation-records.js';
import type { ResourceLock, ResourceLockRequest, ResourceLockResult } from './resource-lock-records.js';
import type {
  Checkpoint,
  DecisionWrite,
  EscalationRecord,
  EscalationStatus,
  JournalEvent,
  LeaseClaim,
  NewEvent,
  StepRecord,
  StoreStats,
  Transition,
  WorkflowFilter,
  WorkflowRecord,
} from './workflow-records.js';

export { Change, type ChangeFeed, LocalChangeFeed } from './change-feed.js';
export {
  CONVERSATION_STATUSES,
  type ConversationChange,
  type ConversationRecord,
  type ConversationReply,
  type ConversationStatus,
  conversationStatusOf,
  type MessageRecord,
  type NewMessage,
  type SavedResponse,
} from './conversation-records.js';
export {
  holdsLocks,
  LOCK_HOLDING_STATUSES,
  lockOrder,
  ResourceBusyError,
  type ResourceLock,
  type ResourceLockRequest,
  type ResourceLockResult,
} from './resource-lock-records.js';
export {
  type Checkpoint,
  DECISIONS,
  type Decision,
  type DecisionWrite,
  ESCALATION_KINDS,
  ESCALATION_REASONS,
  type EscalationKind,
  type EscalationReasonKind,
  type EscalationRecord,
  type EscalationStatus,
  type JournalEvent,
  type LeaseClaim,
  type NewEvent,
  RESUMABLE_STATUSES,
  STEP_STATUSES,
  type StepRecord,
  type StepStatus,
  type StoreStats,
  TERMINAL_STATUSES,
  type Transition,
  WORKFLOW_STATUSES,
  type WorkflowFilter,
  type WorkflowOutcomeDetail,
  type WorkflowRecord,
  type WorkflowStatus,
} from './workflow-records.js';

/**
 * The `Store` port: everything keel persists (workflows, their steps and journal, escalations,
 * leases, conversations, messages, idempotent responses, model calls), behind one asynchronous
 * interface so that SQLite (embedded) and PostgreSQL (shared) implement the same contract. Every
 * method that changes more than one row is one atomic change on the implementation's side; no
 * caller ever holds a transaction open across an `await`.
 */
export interface Store extends LlmCallRecorder {
  // Workflows

  /**
   * One transaction: the workflow row (with its lease, when set), its first journal event, and,
   * for a workflow that settles at once (it asks the customer), the agent's reply.
   */
  createWorkflow(workflow: WorkflowRecord, event: NewEvent, reply?: ConversationReply): Promise<void>;
  getWorkflow(id: string): Promise<WorkflowRecord | null>;
  /** Oldest first. */
  listWorkflows(filter?: WorkflowFilter): Promise<WorkflowRecord[]>;
  /**
   * One transaction: the step row, the workflow's cursor (and status, when given), journal events
   * and, when the checkpoint settles the workflow, the agent's reply. A step is acknowledged only
   * after this resolves. Resolves to the bytes of payload written. Rejects with
   * WorkflowNotFoundError for an unknown workflow, and with LeaseLostError when `owner` is given and
   * no longer holds the lease, changing nothing.
   */
  checkpointStep(args: Checkpoint): Promise<number>;
  steps(workflowId: string): Promise<StepRecord[]>;
  /** Appends events in one transaction. */
  appendEvents(events: NewEvent[]): Promise<void>;
  /** In the order they were appended. */
  journal(workflowId: string): Promise<JournalEvent[]>;
  /**
   * One transaction: the status change (only if the workflow is in one of `from`), its event and
   * the reply, when given. Resolves to false, changing nothing, when the workflow is in another state;
   * rejects with LeaseLostError, changing nothing, when `owner` is given and no longer holds the lease.
   */
  transition(change: Transition): Promise<boolean>;

  // Escalations

  /**
   * One transaction: the escalation row, the workflow to `waiting_for_human` (its lease cleared), a
   * journal event and the agent's reply, when given. With `owner`, rejects with LeaseLostError,
   * changing nothing, when that executor no longer holds the workflow's lease.
   */
  openEscalation(
    escalation: EscalationRecord,
    event: NewEvent,
    reply?: ConversationReply,
    owner?: string,
  ): Promise<void>;
  getEscalation(id: string): Promise<EscalationRecord | null>;
  /** Oldest first. */
  listEscalations(filter?: { status?: EscalationStatus; workflowId?: string }): Promise<EscalationRecord[]>;
  /**
   * Records a decision once, with the workflow's next status and an `escalation.<status>` event, in
   * one transaction. Resolves to `applied: false` when the escalation was already decided (the
   * stored decision wins). Rejects with EscalationNotFoundError for an unknown id.
   */
  decideEscalation(args: DecisionWrite): Promise<{ applied: boolean; escalation: EscalationRecord }>;

  // Leases

  /**
   * Takes the lease on a workflow for `owner` until `expiresAt`, unless another owner holds a lease
   * that has not expired at `now` and `isAlive` says it still runs. Atomic against other claims
   * (a row lock in PostgreSQL). Resolves to whether the lease is now `owner`'s.
   */
  claim(args: LeaseClaim): Promise<boolean>;
  /** Gives up `owner`'s lease, e.g. when it stops before the workflow finished. */
  release(workflowId: string, owner: string): Promise<void>;

  // Resource locks

  /**
   * Takes every resource of the request for its workflow, or none: one transaction, the keys taken
   * in sorted order (so two workflows asking for overlapping sets cannot deadlock), atomic against
   * every other taker on the database. Re-entrant: the workflow's own locks are its again (a resumed
   * or recovered workflow). A lock held by a workflow no longer in `LOCK_HOLDING_STATUSES` is free.
   * Resolves to the first resource another workflow holds, changing nothing, when one does. The
   * locks are released with the change that moves their workflow out of those states (a transition,
   * a checkpoint or a decision), in its transaction.
   */
  lockResources(request: ResourceLockRequest): Promise<ResourceLockResult>;
  /** The locks held now, by resource, those of one workflow when given. */
  resourceLocks(workflowId?: string): Promise<ResourceLock[]>;

  // Conversations

  createConversation(
    conversation: Omit<ConversationRecord, 'pendingPlan' | 'lastWorkflowId'>,
  ): Promise<ConversationRecord>;
  getConversation(id: string): Promise<ConversationRecord | null>;
  /** A conversation's messages in order. */
  messages(conversationId: string): Promise<MessageRecord[]>;
  /**
   * One transaction: appends a message with the conversation's next sequence number and applies
   * `change` to the conversation, when given.
   */
  appendMessage(message: NewMessage, change?: ConversationChange): Promise<MessageRecord>;
  /** Changes a conversation's status, pending plan or last workflow; an unknown id changes nothing. */
  updateConversation(id: string, change: ConversationChange): Promise<void>;
  /**
   * Workflows started from a conversation that stopped running before `before` and that no agent
   * message answers, oldest first. Replies are written with the change that settles a workflow, so
   * only a database written by a keel from before that has any.
   */
  unansweredWorkflows(before: string): Promise<string[]>;
  /**
   * Queues a turn on a conversation: a ticket, in arrival order across every instance on the
   * database, that counts until `expiresAt` (a dead instance's turn stops blocking then). Messages
   * of one conversation are handled one at a time and in order by waiting for `isTurnFirst`; no
   * database lock is held while a turn runs (it calls the model).
   */
  queueTurn(conversationId: string, expiresAt: string): Promise<number>;
  /** Whether no unexpired turn queued before `ticket` on its conversation is left at `now`. */
  isTurnFirst(conversationId: string, ticket: number, now: string): Promise<boolean>;
  /** Ends a turn (answered, failed or given up), so the next one runs. */
  endTurn(ticket: number): Promise<void>;
  /** The response a request with this idempotency key got before, if any. */
  savedResponse(conversationId: string, key: string): Promise<SavedResponse | null>;
  /** Keeps the first response for a key; a second save for the same key changes nothing. */
  saveResponse(
    conversationId: string,
    key: string,
    saved: { response: unknown; requestHash: string },
    at: string,
  ): Promise<void>;

  // Operations

  recordLlmCall(call: LlmCallRecord): Promise<void>;
  /** Model calls, oldest first, for cost and latency reports. */
  llmCalls(filter?: { conversationId?: string }): Promise<LlmCallRecord[]>;
  /** Counts for metrics: workflows, escalations and model calls by status, and model tokens. */
  stats(): Promise<StoreStats>;
  /** Answers a trivial query, so a health check proves the store is reachable; rejects with StoreError when not. */
  ping(): Promise<void>;
  /** Closes what the store opened; a second call does nothing. */
  close(): Promise<void>;
}

/** The searches the console runs and its audit entries, on the console's store (see `console-store.ts`). */
export type { ConversationSearchQuery, NewAuditEntry, WorkflowSearch } from './console-store.js';

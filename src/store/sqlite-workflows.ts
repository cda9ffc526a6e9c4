import { LeaseLostError, WorkflowNotFoundError } from '../errors.js';
import type { ConversationReply } from './conversation-records.js';
import { type CheckpointJson, flag, json } from './json-columns.js';
import { fence, type StatusRow } from './lease-fence.js';
import type { SqliteConversations } from './sqlite-conversations.js';
import type { SqliteJournal } from './sqlite-journal.js';
import type { SqliteResourceLocks } from './sqlite-resource-locks.js';
import { type Row, toStep, toWorkflow } from './sqlite-rows.js';
import type { SqliteStatements } from './sqlite-statements.js';
import type { Checkpoint, NewEvent, StepRecord, Transition, WorkflowRecord } from './workflow-records.js';

/**
 * The workflow half of `SqliteStore`: rows, steps and status moves. The writes are synchronous and
 * run inside the store's transactions, so a move, its journal events and the reply it reports
 * commit together.
 */
export class SqliteWorkflows {
  readonly #sql: SqliteStatements;
  readonly #journal: SqliteJournal;
  readonly #conversations: SqliteConversations;
  readonly #locks: SqliteResourceLocks;

  constructor(
    sql: SqliteStatements,
    journal: SqliteJournal,
    conversations: SqliteConversations,
    locks: SqliteResourceLocks,
  ) {
    this.#locks = locks;
    this.#sql = sql;
    this.#journal = journal;
    this.#conversations = conversations;
  }

  create(w: WorkflowRecord, event: NewEvent, reply?: ConversationReply): void {
    this.#sql.insertWorkflow.run({
      ...w,
      plan: json(w.plan),
      degraded: w.degraded ? 1 : 0,
      outcome: json(w.outcome),
    });
    this.#journal.append([event]);
    if (reply) this.#conversations.reply(w.id, reply);
  }

  get(id: string): WorkflowRecord | null {
    const row = this.#sql.getWorkflow.get(id) as Row | undefined;
    return row ? toWorkflow(row) : null;
  }

  /** `columns` are the checkpoint's JSON, serialised by the caller before the transaction opened. */
  checkpoint(args: Checkpoint, columns: CheckpointJson): void {
    const { step, events } = args;
    const { output, error, outcome, data } = columns;
    // The workflow first: an unknown one is WorkflowNotFoundError, not a foreign-key failure.
    const changed = this.#sql.moveCursor.run({
      id: step.workflowId,
      cursor: args.cursor,
      status: args.status ?? null,
      degraded: flag(args.degraded),
      outcome,
      at: step.finishedAt,
      owner: args.owner ?? null,
    }).changes;
    if (changed !== 1) {
      if (!this.#sql.getStatus.get(step.workflowId)) throw new WorkflowNotFoundError(step.workflowId);
      throw new LeaseLostError(step.workflowId, args.owner ?? '');
    }
    this.#sql.upsertStep.run({ ...step, output, error });
    this.#locks.settle(step.workflowId, args.status);
    this.#journal.append(events, data);
    if (args.reply) this.#conversations.reply(step.workflowId, args.reply);
  }

  steps(workflowId: string): StepRecord[] {
    return (this.#sql.steps.all(workflowId) as Row[]).map(toStep);
  }

  transition(change: Transition): boolean {
    const current = this.#sql.getStatus.get(change.workflowId) as StatusRow | undefined;
    fence(current, change.workflowId, change.owner);
    if (!current) throw new WorkflowNotFoundError(change.workflowId);
    if (!change.from.includes(current.status)) return false;
    this.#sql.transition.run({
      id: change.workflowId,
      status: change.to,
      cursor: change.cursor ?? null,
      degraded: flag(change.degraded),
      setOutcome: change.outcome === undefined ? 0 : 1,
      outcome: json(change.outcome),
      at: change.event.at,
    });
    this.#locks.settle(change.workflowId, change.to);
    this.#journal.append([change.event]);
    if (change.reply) this.#conversations.reply(change.workflowId, change.reply);
    return true;
  }
}

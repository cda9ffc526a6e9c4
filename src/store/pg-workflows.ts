import { LeaseLostError, WorkflowNotFoundError } from '../errors.js';
import type { ConversationReply } from './conversation-records.js';
import { type CheckpointJson, flag, json } from './json-columns.js';
import { pgFence } from './lease-fence.js';
import { pgConversations as conv } from './pg-conversations.js';
import { type PgQueryable, query } from './pg-database.js';
import { pgJournal } from './pg-journal.js';
import { settlePgLocks } from './pg-resource-locks.js';
import { PG_SQL } from './pg-statements.js';
import { toStep, toWorkflow } from './sqlite-rows.js';
import type {
  Checkpoint,
  NewEvent,
  StepRecord,
  Transition,
  WorkflowFilter,
  WorkflowRecord,
  WorkflowStatus,
} from './workflow-records.js';

/**
 * The workflow half of `PgStore`: rows, steps and status moves. The writes run on the client of
 * the store's transaction, so a move, its journal events and the reply it reports commit together.
 */
export const pgWorkflows = {
  async create(
    db: PgQueryable,
    w: WorkflowRecord,
    event: NewEvent,
    reply?: ConversationReply,
  ): Promise<void> {
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
    await pgJournal.append(db, [event]);
    if (reply) await conv.reply(db, w.id, reply);
  },

  async get(db: PgQueryable, id: string): Promise<WorkflowRecord | null> {
    const { rows } = await query(db, 'SELECT * FROM workflows WHERE id = $1', [id]);
    return rows[0] ? toWorkflow(rows[0]) : null;
  },

  async list(db: PgQueryable, filter: WorkflowFilter): Promise<WorkflowRecord[]> {
    const statuses = filter.status === undefined ? null : [filter.status].flat();
    const { rows } = await query(
      db,
      `SELECT * FROM workflows WHERE ($1::text IS NULL OR customer_id = $1)
         AND ($2::text[] IS NULL OR status = ANY($2)) ORDER BY created_at, id LIMIT $3`,
      [filter.customerId ?? null, statuses, filter.limit ?? null],
    );
    return rows.map(toWorkflow);
  },

  /** `columns` are the checkpoint's JSON, serialised by the caller before the transaction opened. */
  async checkpoint(db: PgQueryable, args: Checkpoint, columns: CheckpointJson): Promise<void> {
    const { step, events } = args;
    const { output, error, outcome, data } = columns;
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
    await settlePgLocks(db, step.workflowId, args.status);
    await pgJournal.append(db, events, data);
    if (args.reply) await conv.reply(db, step.workflowId, args.reply);
  },

  async steps(db: PgQueryable, workflowId: string): Promise<StepRecord[]> {
    const sql = 'SELECT * FROM steps WHERE workflow_id = $1 ORDER BY step_index';
    return (await query(db, sql, [workflowId])).rows.map(toStep);
  },

  /** Call inside a transaction: the row lock holds the status read until the move commits. */
  async transition(db: PgQueryable, change: Transition): Promise<boolean> {
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
    await settlePgLocks(db, change.workflowId, change.to);
    await pgJournal.append(db, [change.event]);
    if (change.reply) await conv.reply(db, change.workflowId, change.reply);
    return true;
  },
};

import { EscalationNotFoundError } from '../errors.js';
import type { ConversationReply } from './conversation-records.js';
import { json } from './json-columns.js';
import { pgFence } from './lease-fence.js';
import { pgConversations as conv } from './pg-conversations.js';
import { type PgQueryable, query } from './pg-database.js';
import { pgJournal } from './pg-journal.js';
import { settlePgLocks } from './pg-resource-locks.js';
import { PG_SQL } from './pg-statements.js';
import { toEscalation } from './sqlite-rows.js';
import type { DecisionWrite, EscalationRecord, EscalationStatus, NewEvent } from './workflow-records.js';

/**
 * The escalations of `PgStore`. Opening and deciding one also moves its workflow, so those run on
 * the client of the store's transaction.
 */
export const pgEscalations = {
  async open(
    db: PgQueryable,
    e: EscalationRecord,
    event: NewEvent,
    reply?: ConversationReply,
    owner?: string,
  ): Promise<void> {
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
    await pgJournal.append(db, [event]);
    if (reply) await conv.reply(db, e.workflowId, reply);
  },

  async get(db: PgQueryable, id: string): Promise<EscalationRecord | null> {
    const { rows } = await query(db, 'SELECT * FROM escalations WHERE id = $1', [id]);
    return rows[0] ? toEscalation(rows[0]) : null;
  },

  async list(
    db: PgQueryable,
    filter: { status?: EscalationStatus; workflowId?: string },
  ): Promise<EscalationRecord[]> {
    const { rows } = await query(
      db,
      `SELECT * FROM escalations WHERE ($1::text IS NULL OR status = $1)
         AND ($2::text IS NULL OR workflow_id = $2) ORDER BY position`,
      [filter.status ?? null, filter.workflowId ?? null],
    );
    return rows.map(toEscalation);
  },

  /** Call inside a transaction: the decision, the workflow's move and its event commit together. */
  async decide(
    db: PgQueryable,
    args: DecisionWrite,
  ): Promise<{ applied: boolean; escalation: EscalationRecord }> {
    const status = args.decision === 'approve' ? 'approved' : 'rejected';
    const decided = await db.query(PG_SQL.decide, [args.id, status, args.at, args.decidedBy, args.note]);
    const found = await pgEscalations.get(db, args.id);
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
    await settlePgLocks(db, found.workflowId, args.nextStatus);
    await pgJournal.append(db, [
      {
        workflowId: found.workflowId,
        at: args.at,
        type: `escalation.${status}`,
        stepId: found.stepId,
        data: { escalationId: args.id, decidedBy: args.decidedBy, note: args.note },
      },
    ]);
    return { applied: true, escalation: found };
  },
};

import { EscalationNotFoundError } from '../errors.js';
import type { ConversationReply } from './conversation-records.js';
import { json } from './json-columns.js';
import { fence, type StatusRow } from './lease-fence.js';
import type { SqliteConversations } from './sqlite-conversations.js';
import type { SqliteJournal } from './sqlite-journal.js';
import type { SqliteResourceLocks } from './sqlite-resource-locks.js';
import { type Row, toEscalation } from './sqlite-rows.js';
import type { SqliteStatements } from './sqlite-statements.js';
import type { DecisionWrite, EscalationRecord, EscalationStatus, NewEvent } from './workflow-records.js';

/**
 * The escalations of `SqliteStore`. Opening and deciding one also moves its workflow: call those
 * inside the store's transaction.
 */
export class SqliteEscalations {
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

  open(e: EscalationRecord, event: NewEvent, reply?: ConversationReply, owner?: string): void {
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
    this.#journal.append([event]);
    if (reply) this.#conversations.reply(e.workflowId, reply);
  }

  get(id: string): EscalationRecord | null {
    const row = this.#sql.getEscalation.get(id) as Row | undefined;
    return row ? toEscalation(row) : null;
  }

  list(filter: { status?: EscalationStatus; workflowId?: string }): EscalationRecord[] {
    const rows = this.#sql.listEscalations.all({
      status: filter.status ?? null,
      workflow: filter.workflowId ?? null,
    }) as Row[];
    return rows.map(toEscalation);
  }

  decide(args: DecisionWrite): { applied: boolean; escalation: EscalationRecord } {
    const status = args.decision === 'approve' ? 'approved' : 'rejected';
    const changed = this.#sql.decide.run({ ...args, status }).changes;
    const escalation = this.get(args.id);
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
    this.#locks.settle(escalation.workflowId, args.nextStatus);
    this.#journal.append([
      {
        workflowId: escalation.workflowId,
        at: args.at,
        type: `escalation.${status}`,
        stepId: escalation.stepId,
        data: { escalationId: args.id, decidedBy: args.decidedBy, note: args.note },
      },
    ]);
    return { applied: true, escalation };
  }
}

import { LeaseLostError } from '../errors.js';
import type { PgQueryable } from './pg-database.js';
import type { WorkflowStatus } from './store.js';

/** A workflow's status and lease holder, as the fence reads them. */
export type StatusRow = { status: WorkflowStatus; lease_owner: string | null };

/**
 * Refuses a write by an executor that no longer holds the workflow's lease (another instance took
 * it over after it expired): the write must change nothing, so the stalled executor cannot settle,
 * pause or fail a workflow the new owner runs. No owner given: an unfenced write (a staff decision,
 * a test). No row: the caller reports the unknown workflow its own way.
 */
export function fence(
  row: { lease_owner: string | null } | undefined,
  workflowId: string,
  owner?: string,
): void {
  if (owner === undefined || row === undefined) return;
  if (row.lease_owner !== owner) throw new LeaseLostError(workflowId, owner);
}

/** `fence` on PostgreSQL, inside the caller's transaction: the row stays locked until it commits. */
export async function pgFence(db: PgQueryable, workflowId: string, owner?: string): Promise<void> {
  if (owner === undefined) return;
  const { rows } = await db.query<{ lease_owner: string | null }>(
    'SELECT lease_owner FROM workflows WHERE id = $1 FOR NO KEY UPDATE',
    [workflowId],
  );
  fence(rows[0], workflowId, owner);
}

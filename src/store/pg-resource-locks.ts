import { WorkflowNotFoundError } from '../errors.js';
import { inTransaction, type PgPool, type PgQueryable, query } from './pg-database.js';
import {
  holdsLocks,
  lockOrder,
  ResourceBusyError,
  type ResourceLock,
  type ResourceLockRequest,
  type ResourceLockResult,
} from './resource-lock-records.js';
import type { WorkflowStatus } from './workflow-records.js';

/**
 * Inserts the lock, or row-locks the one there and answers its holder. Concurrent takers of one
 * resource queue on its row (or on its key in the unique index), and take keys sorted, so they
 * cannot wait on each other in a circle.
 */
const TAKE = `INSERT INTO resource_locks (resource, workflow_id, acquired_at) VALUES ($1, $2, $3)
  ON CONFLICT (resource) DO UPDATE SET resource = excluded.resource RETURNING workflow_id`;

/**
 * The PostgreSQL half of `Store.lockResources`: one transaction that takes the keys in order and
 * rolls back, holding nothing, at the first one a live workflow holds.
 */
export async function lockPgResources(
  pool: PgPool,
  request: ResourceLockRequest,
): Promise<ResourceLockResult> {
  const { workflowId, at } = request;
  try {
    await inTransaction(pool, async (db) => {
      if (!(await statusOf(db, workflowId))) throw new WorkflowNotFoundError(workflowId);
      for (const resource of lockOrder(request.resources)) {
        const { rows } = await db.query<{ workflow_id: string }>(TAKE, [resource, workflowId, at]);
        const holder = rows[0]?.workflow_id ?? workflowId;
        if (holder === workflowId) continue;
        const status = await statusOf(db, holder);
        if (status && holdsLocks(status)) throw new ResourceBusyError(resource, holder);
        // Its holder finished (or is gone) without a release: the lock is stale, so it is taken over.
        await db.query('UPDATE resource_locks SET workflow_id = $2, acquired_at = $3 WHERE resource = $1', [
          resource,
          workflowId,
          at,
        ]);
      }
    });
    return { acquired: true };
  } catch (error) {
    if (!(error instanceof ResourceBusyError)) throw error;
    return { acquired: false, resource: error.resource, heldBy: error.heldBy };
  }
}

/** The locks held now, by resource, those of one workflow when given. */
export async function pgResourceLocks(db: PgQueryable, workflowId?: string): Promise<ResourceLock[]> {
  const { rows } = await query<ResourceLock>(
    db,
    `SELECT resource, workflow_id AS "workflowId", acquired_at AS "acquiredAt" FROM resource_locks
      WHERE ($1::text IS NULL OR workflow_id = $1) ORDER BY resource`,
    [workflowId ?? null],
  );
  return rows;
}

/**
 * Inside the caller's transaction: frees a workflow's locks when it moves to `status` (if given)
 * that holds none. The rows are locked in key order first, as takers lock them, so a release and a
 * taker never deadlock.
 */
export async function settlePgLocks(
  db: PgQueryable,
  workflowId: string,
  status: WorkflowStatus | undefined,
): Promise<void> {
  if (status === undefined || holdsLocks(status)) return;
  await db.query(
    `DELETE FROM resource_locks WHERE resource IN (SELECT resource FROM resource_locks
      WHERE workflow_id = $1 ORDER BY resource FOR UPDATE)`,
    [workflowId],
  );
}

async function statusOf(db: PgQueryable, workflowId: string): Promise<WorkflowStatus | null> {
  const { rows } = await db.query<{ status: WorkflowStatus }>('SELECT status FROM workflows WHERE id = $1', [
    workflowId,
  ]);
  return rows[0]?.status ?? null;
}

import { WorkflowNotFoundError } from '../errors.js';
import type { SqliteDatabase } from './database.js';
import {
  holdsLocks,
  lockOrder,
  type ResourceLock,
  type ResourceLockRequest,
  type ResourceLockResult,
} from './resource-lock-records.js';
import type { WorkflowStatus } from './workflow-records.js';

type Holder = { workflowId: string; status: WorkflowStatus | null };

/**
 * The SQLite half of `Store.lockResources`. Its writes run inside the store's immediate
 * transactions, which SQLite runs one at a time across every connection to the file: the check
 * and the take cannot interleave with another taker's.
 */
export class SqliteResourceLocks {
  readonly #holder;
  readonly #status;
  readonly #take;
  readonly #free;
  readonly #all;
  readonly #of;

  constructor(db: SqliteDatabase) {
    this.#holder = db.prepare(
      `SELECT l.workflow_id AS workflowId, w.status AS status FROM resource_locks l
         LEFT JOIN workflows w ON w.id = l.workflow_id WHERE l.resource = ?`,
    );
    this.#status = db.prepare('SELECT status FROM workflows WHERE id = ?');
    // Re-taken by its own workflow, a lock keeps the time it was first taken.
    this.#take = db.prepare(
      `INSERT INTO resource_locks (resource, workflow_id, acquired_at) VALUES (@resource, @workflowId, @at)
       ON CONFLICT (resource) DO UPDATE SET workflow_id = excluded.workflow_id,
         acquired_at = CASE WHEN resource_locks.workflow_id = excluded.workflow_id
           THEN resource_locks.acquired_at ELSE excluded.acquired_at END`,
    );
    this.#free = db.prepare('DELETE FROM resource_locks WHERE workflow_id = ?');
    const columns = 'resource, workflow_id AS workflowId, acquired_at AS acquiredAt';
    this.#all = db.prepare(`SELECT ${columns} FROM resource_locks ORDER BY resource`);
    this.#of = db.prepare(`SELECT ${columns} FROM resource_locks WHERE workflow_id = ? ORDER BY resource`);
  }

  /** Inside the caller's transaction: all of the request's resources, or the first one held. */
  lock(request: ResourceLockRequest): ResourceLockResult {
    const { workflowId, at } = request;
    if (!this.#status.get(workflowId)) throw new WorkflowNotFoundError(workflowId);
    const resources = lockOrder(request.resources);
    for (const resource of resources) {
      const holder = this.#holder.get(resource) as Holder | undefined;
      if (holder && holder.workflowId !== workflowId && holder.status && holdsLocks(holder.status)) {
        return { acquired: false, resource, heldBy: holder.workflowId };
      }
    }
    for (const resource of resources) this.#take.run({ resource, workflowId, at });
    return { acquired: true };
  }

  held(workflowId?: string): ResourceLock[] {
    return (workflowId === undefined ? this.#all.all() : this.#of.all(workflowId)) as ResourceLock[];
  }

  /** Inside the caller's transaction: frees a workflow's locks when it moves to `status` (if given) that holds none. */
  settle(workflowId: string, status: WorkflowStatus | undefined): void {
    if (status !== undefined && !holdsLocks(status)) this.#free.run(workflowId);
  }
}

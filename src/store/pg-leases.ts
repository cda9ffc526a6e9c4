import { WorkflowNotFoundError } from '../errors.js';
import { type PgQueryable, query } from './pg-database.js';
import { PG_SQL } from './pg-statements.js';
import type { LeaseClaim } from './workflow-records.js';

/**
 * The workflow leases of `PgStore`: each statement runs on its own, outside a transaction, because
 * the conditional UPDATEs (`PG_SQL.claimFree`, `claimFromDead`) are the whole of the race.
 */
export const pgLeases = {
  async claim(db: PgQueryable, args: LeaseClaim): Promise<boolean> {
    const { workflowId, owner, expiresAt, now } = args;
    const taken = await query(db, PG_SQL.claimFree, [workflowId, owner, expiresAt, now]);
    if (taken.rowCount === 1) return true;
    const { rows } = await query(
      db,
      'SELECT lease_owner AS owner, lease_expires_at AS "expiresAt" FROM workflows WHERE id = $1',
      [workflowId],
    );
    const lease = rows[0] as { owner: string | null; expiresAt: string | null } | undefined;
    if (!lease) throw new WorkflowNotFoundError(workflowId);
    // Held by another owner until a later time (or freed since): take it only from a dead owner.
    if (lease.owner === null || lease.expiresAt === null) return pgLeases.claim(db, args);
    if (args.isAlive(lease.owner)) return false;
    const fromDead = [workflowId, owner, expiresAt, lease.owner, lease.expiresAt];
    return (await query(db, PG_SQL.claimFromDead, fromDead)).rowCount === 1;
  },

  async release(db: PgQueryable, workflowId: string, owner: string): Promise<void> {
    await query(
      db,
      'UPDATE workflows SET lease_owner = NULL, lease_expires_at = NULL WHERE id = $1 AND lease_owner = $2',
      [workflowId, owner],
    );
  },
};

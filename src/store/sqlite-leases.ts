import { WorkflowNotFoundError } from '../errors.js';
import type { SqliteStatements } from './sqlite-statements.js';
import type { LeaseClaim } from './workflow-records.js';

export type Lease = { owner: string | null; expiresAt: string | null };

/** Another owner's lease holds while it has not expired and that owner still runs. */
export function heldByAnother(lease: Lease, claim: LeaseClaim): boolean {
  if (lease.owner === null || lease.owner === claim.owner) return false;
  return lease.expiresAt !== null && lease.expiresAt > claim.now && claim.isAlive(lease.owner);
}

/** The workflow leases of `SqliteStore`: a claim reads and takes the lease in one transaction. */
export class SqliteLeases {
  readonly #sql: SqliteStatements;

  constructor(sql: SqliteStatements) {
    this.#sql = sql;
  }

  /** Call inside the store's (immediate) transaction, so no other claim runs between read and take. */
  claim(args: LeaseClaim): boolean {
    const lease = this.#sql.getLease.get(args.workflowId) as Lease | undefined;
    if (!lease) throw new WorkflowNotFoundError(args.workflowId);
    if (heldByAnother(lease, args)) return false;
    this.#sql.setLease.run({ id: args.workflowId, owner: args.owner, expiresAt: args.expiresAt });
    return true;
  }

  release(workflowId: string, owner: string): void {
    this.#sql.release.run(workflowId, owner);
  }
}

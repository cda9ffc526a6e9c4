import { KeelError } from '../errors.js';
import type { WorkflowStatus } from './workflow-records.js';

/**
 * What the store keeps of resource locks: one row per resource (retail: `order:ORD-1001`), held by
 * one workflow, so two workflows never interleave their steps on one order.
 */

/**
 * States in which a workflow holds its locks: it runs, waits for a person (the order is in use
 * while staff decide, for days if need be) or undoes its steps. A change to any other state
 * releases them in the same transaction, and a lock whose holder is in another state (or gone) is
 * free to take, so a lock can never outlive its workflow.
 */
export const LOCK_HOLDING_STATUSES: readonly WorkflowStatus[] = [
  'planned',
  'running',
  'waiting_for_human',
  'compensating',
];

/** A request for every resource a workflow touches; see `Store.lockResources`. */
export interface ResourceLockRequest {
  workflowId: string;
  /** Resource keys, any order, duplicates allowed; the store takes them sorted. */
  resources: readonly string[];
  at: string;
}

/** Whether the workflow now holds every resource asked for, or which one another workflow holds. */
export type ResourceLockResult = { acquired: true } | { acquired: false; resource: string; heldBy: string };

/** One held lock. */
export interface ResourceLock {
  resource: string;
  workflowId: string;
  acquiredAt: string;
}

/** The keys of a request, once each, in the one order every workflow takes them in. */
export function lockOrder(resources: readonly string[]): string[] {
  return [...new Set(resources)].sort();
}

/** Whether a workflow in this state keeps its locks. */
export function holdsLocks(status: WorkflowStatus): boolean {
  return LOCK_HOLDING_STATUSES.includes(status);
}

/**
 * A resource a workflow must hold (an order, a profile) is held by another workflow that has not
 * finished: two workflows never interleave their steps on one resource. The workflow that asked
 * is refused before any write, and the one holding it goes on untouched. (Beside the locks rather
 * than in `errors.ts`, as `keel/testing`'s errors are beside their doubles.)
 */
export class ResourceBusyError extends KeelError {
  readonly code = 'RESOURCE_BUSY';
  constructor(
    readonly resource: string,
    readonly heldBy: string,
  ) {
    super(`${resource} is in use by workflow "${heldBy}"; try again once it has finished`);
  }
}

import type { Clock } from '../runtime.js';
import type { Store, WorkflowRecord } from '../store/store.js';
import { ownerAlive } from './lease.js';

export interface LeaseHolderOptions {
  store: Store;
  /** This executor's name in leases (`host/pid/id`). */
  owner: string;
  /** How long a lease holds without renewal. */
  leaseMs: number;
  clock: Clock;
}

/**
 * The leases one executor holds on the workflows it runs: claimed with an expiry, renewed once
 * half of it has passed (one write per half-lease, not per step), and taken over by another
 * instance when they expire or their process is gone.
 */
export class LeaseHolder {
  readonly owner: string;
  readonly #store: Store;
  readonly #leaseMs: number;
  readonly #clock: Clock;
  /** When this executor's lease on each workflow it runs ends, as far as it knows. */
  readonly #until = new Map<string, number>();

  constructor(options: LeaseHolderOptions) {
    this.owner = options.owner;
    this.#store = options.store;
    this.#leaseMs = options.leaseMs;
    this.#clock = options.clock;
  }

  /** The expiry of a lease taken at `now`. */
  expiresAt(now: Date): string {
    return new Date(now.getTime() + this.#leaseMs).toISOString();
  }

  /** Whether this executor runs the workflow: it holds the lease, or has just claimed it. */
  async hold(record: WorkflowRecord): Promise<boolean> {
    if (record.leaseOwner !== this.owner) return this.claim(record.id);
    if (record.leaseExpiresAt && !this.#until.has(record.id))
      this.#until.set(record.id, Date.parse(record.leaseExpiresAt));
    return true;
  }

  /**
   * Another executor may run this workflow (a server beside a CLI, another instance on the same
   * database): only the lease holder does, unless its lease ran out or its process is gone.
   */
  async claim(workflowId: string): Promise<boolean> {
    const now = this.#clock.now();
    const until = now.getTime() + this.#leaseMs;
    const taken = await this.#store.claim({
      workflowId,
      owner: this.owner,
      now: now.toISOString(),
      expiresAt: new Date(until).toISOString(),
      isAlive: ownerAlive,
    });
    if (taken) this.#until.set(workflowId, until);
    else this.#until.delete(workflowId);
    return taken;
  }

  /**
   * Before each step: renews the lease once half of it has passed; false when another executor
   * took the workflow over after it expired.
   */
  keep(workflowId: string): true | Promise<boolean> {
    const until = this.#until.get(workflowId);
    // Answered without a promise while the lease is fresh: the executor asks before every step.
    if (until !== undefined && until - this.#clock.now().getTime() > this.#leaseMs / 2) return true;
    return this.claim(workflowId);
  }

  /** The executor stopped working on the workflow (the lease itself stays in the store). */
  forget(workflowId: string): void {
    this.#until.delete(workflowId);
  }
}

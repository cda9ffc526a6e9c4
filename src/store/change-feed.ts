import { z } from 'zod';

/**
 * A change written to the store, named by ids only (a NOTIFY payload must stay small); whoever
 * cares loads the rest from the store. `reset`: changes may have been missed (a lost connection),
 * so readers should look at everything they show again.
 */
export const Change = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('journal'),
    workflowId: z.string(),
    conversationId: z.string().nullable(),
    seq: z.number(),
    type: z.string(),
  }),
  z.object({ kind: z.literal('message'), conversationId: z.string(), seq: z.number() }),
  z.object({ kind: z.literal('reset') }),
]);
export type Change = z.infer<typeof Change>;

/**
 * Changes made by every instance on a shared database, for live views (a customer's stream, the
 * console's queue) on whichever instance the viewer is connected to. This instance's own changes
 * come too; readers deduplicate against what they already showed.
 */
export interface ChangeFeed {
  /** Whether changes of other processes arrive (false: only this process writes, or nobody tells). */
  readonly shared: boolean;
  subscribe(listener: (change: Change) => void): () => void;
  /** Stops listening; a second call does nothing. */
  close(): Promise<void>;
}

/**
 * The feed of a store no other process shares (SQLite): nothing arrives from elsewhere. The
 * process's own progress reaches its views through the agent's events; another process on the
 * same file (a CLI decision) is seen by the views' polling.
 */
export class LocalChangeFeed implements ChangeFeed {
  readonly shared = false;
  readonly #listeners = new Set<(change: Change) => void>();

  /** Delivers a change to this process's listeners (tests, or an embedding that has its own source). */
  publish(change: Change): void {
    for (const listener of this.#listeners) listener(change);
  }

  subscribe(listener: (change: Change) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.#listeners.clear();
  }
}

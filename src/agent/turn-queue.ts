/**
 * Runs tasks one at a time per key (per conversation), in the order they arrive; a failed task
 * does not stop the ones after it. A key whose queue runs empty is forgotten, so a long-running
 * service holds entries only for conversations with a message in flight.
 */
export class TurnQueue {
  readonly #tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const next = previous.catch(() => {}).then(task);
    this.#tails.set(key, next);
    // Only the last task queued may remove the entry; an earlier one finishing leaves it be.
    const prune = () => {
      if (this.#tails.get(key) === next) this.#tails.delete(key);
    };
    next.then(prune, prune);
    return next;
  }

  /** Keys with a task running or queued. */
  get size(): number {
    return this.#tails.size;
  }
}

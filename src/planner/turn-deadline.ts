import type { Clock } from '../runtime.js';

/**
 * The moment one customer turn's model path must be over, read on the injected clock. Every model
 * attempt, retry wait and repair asks it how much time is left, so no provider answer (a stall, a
 * `Retry-After: 300`) can hold a turn longer than the turn timeout.
 */
export class TurnDeadline {
  readonly #clock: Clock;
  /** Epoch milliseconds. */
  readonly endsAt: number;

  constructor(clock: Clock, timeoutMs: number) {
    this.#clock = clock;
    this.endsAt = clock.now().getTime() + timeoutMs;
  }

  /** Milliseconds left, never negative. */
  remainingMs(): number {
    return Math.max(0, this.endsAt - this.#clock.now().getTime());
  }

  get expired(): boolean {
    return this.remainingMs() === 0;
  }
}

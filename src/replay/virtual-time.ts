import type { Clock, Sleep } from '../runtime.js';

interface Timer {
  due: number;
  seq: number;
  resolve: () => void;
}

/**
 * A clock and a sleep that share virtual time. Sleeping never waits for real: whenever the event
 * loop has nothing else to do, the earliest pending sleep wakes and the clock jumps to its due
 * time. So a 30-second backoff takes microseconds, a timeout still fires before a slower tool, and
 * every run sees the same times.
 */
export class VirtualTime {
  #now: number;
  #seq = 0;
  #timers: Timer[] = [];
  #pumpScheduled = false;
  /** Every duration asked of `sleep`, in order. */
  readonly sleeps: number[] = [];

  readonly #autoAdvance: boolean;

  /**
   * @param options.autoAdvance When false, sleeps wake only through `advance`, for tests that hold
   * a step in flight on purpose. @default true
   */
  constructor(start: Date | string = '2026-01-15T12:00:00.000Z', options: { autoAdvance?: boolean } = {}) {
    this.#now = new Date(start).getTime();
    this.#autoAdvance = options.autoAdvance ?? true;
  }

  readonly clock: Clock = { now: () => new Date(this.#now) };

  readonly sleep: Sleep = (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      this.sleeps.push(ms);
      const timer: Timer = { due: this.#now + Math.max(0, ms), seq: this.#seq++, resolve: () => {} };
      const onAbort = () => {
        this.#timers = this.#timers.filter((t) => t !== timer);
        reject(signal?.reason);
      };
      timer.resolve = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#timers.push(timer);
      this.#schedulePump();
    });

  /** Moves the clock forward by hand (e.g. "90 days later"), waking any sleep that falls due. */
  advance(ms: number): void {
    this.#now += ms;
    for (const timer of this.#timers.filter((t) => t.due <= this.#now)) {
      this.#timers = this.#timers.filter((t) => t !== timer);
      timer.resolve();
    }
  }

  /** Sleeps that have not woken yet. */
  get pending(): number {
    return this.#timers.length;
  }

  #schedulePump(): void {
    if (this.#pumpScheduled || !this.#autoAdvance) return;
    this.#pumpScheduled = true;
    setImmediate(() => this.#pump());
  }

  #pump(): void {
    this.#pumpScheduled = false;
    const next = this.#timers.reduce<Timer | undefined>(
      (best, t) => (!best || t.due < best.due || (t.due === best.due && t.seq < best.seq) ? t : best),
      undefined,
    );
    if (!next) return;
    this.#timers = this.#timers.filter((t) => t !== next);
    this.#now = Math.max(this.#now, next.due);
    next.resolve();
    if (this.#timers.length > 0) this.#schedulePump();
  }
}

import { randomUUID } from 'node:crypto';

/** The source of time for everything keel decides (windows, deadlines, journal timestamps). */
export interface Clock {
  now(): Date;
}

/** Makes ids. Injected so that a test's journal is the same on every run. */
export interface Ids {
  next(prefix: string): string;
}

/** Waits `ms`, or rejects with the signal's reason when it aborts first. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** A number in [0, 1); used for retry jitter. */
export type Random = () => number;

/** Time, ids and randomness, passed to whatever needs them instead of read from globals. */
export interface Runtime {
  clock: Clock;
  sleep: Sleep;
  ids: Ids;
  random: Random;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * A plain timer that rejects with the signal's own reason. Cheaper than timers/promises, which
 * builds a new AbortError with a stack trace for every cancelled wait, and every step attempt
 * cancels one (its timeout).
 */
export const systemSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

export const uuidIds: Ids = {
  next: (prefix) => `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 20)}`,
};

/** The runtime of a real process: wall clock, real timers, random ids and jitter. */
export function systemRuntime(): Runtime {
  return { clock: systemClock, sleep: systemSleep, ids: uuidIds, random: Math.random };
}

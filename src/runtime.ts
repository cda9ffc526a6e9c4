import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';

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

export const systemSleep: Sleep = async (ms, signal) => {
  await delay(ms, undefined, signal ? { signal } : undefined);
};

export const uuidIds: Ids = {
  next: (prefix) => `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 20)}`,
};

/** The runtime of a real process: wall clock, real timers, random ids and jitter. */
export function systemRuntime(): Runtime {
  return { clock: systemClock, sleep: systemSleep, ids: uuidIds, random: Math.random };
}

import type { Sleep } from '../runtime.js';

/** The work's value if it settles within `ms` (on the injected sleep), else `pending`. */
export async function settleWithin<T>(
  work: Promise<T>,
  ms: number,
  sleep: Sleep,
): Promise<{ done: true; value: T } | { done: false }> {
  const stop = new AbortController();
  const timer = sleep(ms, stop.signal).then(
    () => ({ done: false as const }),
    () => ({ done: false as const }),
  );
  try {
    return await Promise.race([work.then((value) => ({ done: true as const, value })), timer]);
  } finally {
    stop.abort();
  }
}

/** What the customer hears when the steps outlast the turn; the outcome follows in the conversation. */
export const IN_PROGRESS_REPLY =
  "I'm working on it, and it is taking longer than usual. I'll post the outcome here as soon as it's done.";

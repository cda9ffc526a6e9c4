import type { Recovery } from './create-agent.js';

/** Starts and stops a repeating timer; `setInterval` in a server, a manual one in tests. */
export interface Ticker {
  every(ms: number, fn: () => void): () => void;
}

export interface TakeoverOptions {
  /** Claims and finishes every resumable workflow whose lease is free, expired or held by a dead process. */
  recover: () => Promise<Recovery>;
  /** How often to look; half a lease, so a dead instance's work waits at most 1.5 leases. */
  everyMs: number;
  ticker: Ticker;
  onRecovered?: (recovery: Recovery) => void;
  onError?: (error: unknown) => void;
}

/** The running sweep: `sweep` runs one now (skipped when one is in flight), `stop` ends the timer. */
export interface Takeover {
  sweep(): Promise<void>;
  stop(): void;
}

/**
 * Takes over the workflows of instances that died, for as long as this one runs: a recovery at
 * start only covers the instances dead by then, so one that dies later (a SIGKILL, a lost machine)
 * would leave its workflows unfinished until some instance restarted. One sweep at a time: a sweep
 * finishes the workflows it claimed, which can outlast the interval.
 */
export function startTakeover(options: TakeoverOptions): Takeover {
  let running: Promise<void> | null = null;
  const sweep = (): Promise<void> => {
    if (running) return running;
    running = options
      .recover()
      .then((recovery) => {
        if (recovery.resumed.length > 0 || recovery.repliedLate.length > 0) options.onRecovered?.(recovery);
      })
      .catch((error: unknown) => options.onError?.(error))
      .finally(() => {
        running = null;
      });
    return running;
  };
  const stopTimer = options.ticker.every(options.everyMs, () => void sweep());
  return { sweep, stop: stopTimer };
}

/** Node's timers, unref'd so a sweep never keeps a process alive on its own. */
export const intervalTicker: Ticker = {
  every(ms, fn) {
    const timer = setInterval(fn, ms);
    timer.unref();
    return () => clearInterval(timer);
  },
};

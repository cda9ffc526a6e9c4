import type { Store } from '../src/store/store.js';
import { elapsedUs } from './stats.js';

/** Total microseconds and calls per store method. */
export type MethodTimes = Map<string, { us: number; calls: number }>;

/**
 * Wraps a store so that every method call is timed until its promise settles. Methods run on the
 * real store (its private fields stay reachable); only the executor sees the wrapper.
 */
export function timedStore(store: Store): { store: Store; times: MethodTimes } {
  const times: MethodTimes = new Map();
  const wrapped = new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      const record = (start: bigint) => {
        const entry = times.get(property) ?? { us: 0, calls: 0 };
        entry.us += elapsedUs(start);
        entry.calls += 1;
        times.set(property, entry);
      };
      return (...args: unknown[]) => {
        const start = process.hrtime.bigint();
        const result = (value as (...a: unknown[]) => unknown).apply(target, args);
        if (result instanceof Promise) return result.finally(() => record(start));
        record(start);
        return result;
      };
    },
  });
  return { store: wrapped, times };
}

import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * The budget a request spends: its verified customer, or staff, once authentication has run;
 * otherwise (no token, a token that failed, health checks) the client's IP. Keying on the raw
 * Authorization header would give `bearer T`, `BEARER T` and `Bearer  T` a budget each and never
 * count failed attempts, so token guessing would be free.
 */
export function rateLimitKey(request: FastifyRequest): string {
  const principal = request.principal as FastifyRequest['principal'] | undefined;
  if (principal?.kind === 'customer') return `customer:${principal.customerId}`;
  if (principal?.kind === 'staff') return 'staff';
  return `ip:${request.ip}`;
}

/** Counts requests where every instance sees them (PostgreSQL's `PgRateCounter`). */
export interface RateCounter {
  hit(key: string, windowMs: number, nowMs: number): Promise<{ count: number; resetInMs: number }>;
}

const WINDOW_MS = 60_000;

/**
 * The limiter's store over a shared counter, in the shape @fastify/rate-limit constructs (a class
 * with `incr` and `child`). A counter that fails lets the request through with the error logged
 * by the plugin: the database being down is answered by every route anyway.
 */
function sharedStore(counter: RateCounter, now: () => number) {
  return class SharedRateStore {
    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void) {
      counter.hit(key, WINDOW_MS, now()).then(
        ({ count, resetInMs }) => callback(null, { current: count, ttl: resetInMs }),
        (error: Error) => callback(error),
      );
    }
    child() {
      return this;
    }
  };
}

/**
 * Registers the limiter on every route. Its hook is route-level, so it runs after the scope's
 * authentication hook has identified the caller. With `counter`, requests are counted in the
 * database, so the budget holds across instances; otherwise in this process's memory.
 */
export async function registerRateLimit(
  app: FastifyInstance,
  max: number,
  counter?: RateCounter,
  now: () => number = Date.now,
): Promise<void> {
  await app.register(rateLimit, {
    max,
    timeWindow: WINDOW_MS,
    ...(counter ? { store: sharedStore(counter, now) } : {}),
    keyGenerator: rateLimitKey,
    // Thrown to the error handler, which answers it in the documented shape.
    errorResponseBuilder: (_request, context) =>
      Object.assign(new Error(`Too many requests; try again in ${context.after}`), { statusCode: 429 }),
  });
}

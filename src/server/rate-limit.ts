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

/**
 * Registers the limiter on every route. Its hook is route-level, so it runs after the scope's
 * authentication hook has identified the caller.
 */
export async function registerRateLimit(app: FastifyInstance, max: number): Promise<void> {
  await app.register(rateLimit, {
    max,
    timeWindow: '1 minute',
    keyGenerator: rateLimitKey,
    // Thrown to the error handler, which answers it in the documented shape.
    errorResponseBuilder: (_request, context) =>
      Object.assign(new Error(`Too many requests; try again in ${context.after}`), { statusCode: 429 }),
  });
}

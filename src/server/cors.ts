import type { FastifyInstance } from 'fastify';
import { ConfigError } from '../errors.js';

/** What a browser may send to the API: the widget's calls, SSE resumption, idempotent retries. */
const ALLOW_HEADERS = 'Authorization, Content-Type, Idempotency-Key, Accept, Last-Event-ID';
const ALLOW_METHODS = 'GET, POST, OPTIONS';
/** Response headers a page may read: the rate limiter's, so a widget can back off. */
const EXPOSE_HEADERS = 'Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset';
const PREFLIGHT_MAX_AGE_S = 600;

/**
 * KEEL_ALLOWED_ORIGINS: comma-separated origins (`https://shop.example`) whose pages may call the
 * API; none when unset. Each must be a bare http(s) origin, so a typo fails at start.
 */
export function allowedOriginsFromEnv(value: string | undefined): string[] {
  const origins = (value ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const origin of origins) {
    let parsed: URL | null = null;
    try {
      parsed = new URL(origin);
    } catch {}
    if (!parsed || !/^https?:$/.test(parsed.protocol) || parsed.origin !== origin.replace(/\/$/, '')) {
      throw new ConfigError(
        `KEEL_ALLOWED_ORIGINS must list origins like https://shop.example (scheme, host, optional port; no path), got "${origin}"`,
      );
    }
  }
  return origins.map((o) => o.replace(/\/$/, ''));
}

/**
 * CORS for the listed origins: their preflights are answered (204) before authentication and rate
 * limiting, and their requests carry `Access-Control-Allow-Origin`. Other origins get no CORS
 * header, so browsers keep their pages out; requests without an Origin are not affected.
 */
export function registerCors(app: FastifyInstance, origins: readonly string[]): void {
  const allowed = new Set(origins);
  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    if (!origin || allowed.size === 0) return;
    // The answer depends on the Origin, so caches must keep one per origin.
    void reply.header('vary', 'Origin');
    if (!allowed.has(origin)) return;
    void reply.header('access-control-allow-origin', origin);
    if (request.method === 'OPTIONS' && request.headers['access-control-request-method']) {
      return reply
        .status(204)
        .header('access-control-allow-methods', ALLOW_METHODS)
        .header('access-control-allow-headers', ALLOW_HEADERS)
        .header('access-control-max-age', String(PREFLIGHT_MAX_AGE_S))
        .send();
    }
    void reply.header('access-control-expose-headers', EXPOSE_HEADERS);
  });
}

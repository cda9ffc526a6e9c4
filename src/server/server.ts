/**
 * `src/server`: the HTTP adapter (Fastify): the chat-widget API, the staff API, server-sent
 * events, health and metrics; errors answered through the error table in `error-handler.ts`. It
 * may import `src/agent` (the app it serves), `src/planner` types, the error table and the store's
 * port (`store/store.ts`), never the store's internals, the CLI or `src/testing`.
 */
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { KeelApp } from '../agent/keel-app.js';
import { InputError, type UnauthorizedError } from '../errors.js';
import { type AuthConfig, identify, type Principal } from './auth.js';
import { registerCors } from './cors.js';
import { sendClientError, sendError, sendNotFound } from './error-handler.js';
import { createMetrics } from './metrics.js';
import { type RateCounter, registerRateLimit } from './rate-limit.js';
import { conversationRoutes, staffRoutes } from './routes/index.js';
import { registerConsoleApi } from './routes/register-console.js';
import { type WebOptions, webRoutes } from './routes/web.js';
import type { SupportDesk } from './support/support-desk.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
  }
}

export interface ServerOptions {
  keel: KeelApp;
  auth: AuthConfig;
  /** @default a silent logger */
  logger?: Logger;
  /** Largest request body in bytes. @default 64 KiB */
  bodyLimit?: number;
  /** Requests per minute per customer, for staff, and per IP for unauthenticated callers. @default 120 */
  rateLimit?: number;
  /** Counts requests in a database every instance shares (`PgRateCounter`). @default in memory, per instance */
  rateCounter?: RateCounter;
  /** Origins whose web pages may call the API (CORS). @default none */
  allowedOrigins?: readonly string[];
  /** Customers, orders and conversations for the console's API; without it those routes are absent. */
  support?: SupportDesk;
  /** The built console and widget, served with a strict Content-Security-Policy. */
  web?: WebOptions;
}

/** The HTTP service: the chat widget's API, the staff API, health and metrics. */
export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const { keel } = options;
  const app: FastifyInstance = Fastify({
    ...(options.logger ? { loggerInstance: options.logger as FastifyBaseLogger } : { logger: false }),
    bodyLimit: options.bodyLimit ?? 64 * 1024,
    // Ids come from the runtime, so logs and tests line up.
    genReqId: () => keel.runtime.ids.next('req'),
    // Errors raised before a route is found (bad %-escape, over-long id) and by Node's parser
    // (431) answer in the same shape as every other error.
    frameworkErrors: sendError,
    clientErrorHandler: sendClientError,
  });
  app.setErrorHandler(sendError);
  app.setNotFoundHandler(sendNotFound);
  // An empty JSON body (a widget that always sets the header) is no body, not an error.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    if (body === '') return done(null, undefined);
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(new InputError('The request body is not valid JSON'), undefined);
    }
  });
  registerCors(app, options.allowedOrigins ?? []);
  const now = () => keel.runtime.clock.now().getTime();
  await registerRateLimit(app, options.rateLimit ?? 120, options.rateCounter, now);
  const metrics = createMetrics(keel);
  // Probes and scrapes are not limited: behind a proxy they share an IP with unauthenticated
  // traffic, and a token guesser must not get an instance taken out of the load balancer.
  // 200 even when degraded: a bad model key is no reason for a load balancer to drop the
  // instance (turns still get answers, from the offline planner); the body says what is wrong.
  const unlimited = { config: { rateLimit: false } };
  app.get('/healthz', unlimited, async () => {
    await keel.store.ping();
    return keel.modelHealth.status();
  });
  app.get('/metrics', unlimited, async (_request, reply) =>
    reply.type(metrics.contentType).send(await metrics.scrape()),
  );
  await app.register(async (v1) => {
    // Who is calling is settled before the rate limiter (a route-level hook, so it runs next)
    // picks the budget; a failed authentication spends the IP's budget, then is refused.
    const failures = new WeakMap<object, UnauthorizedError>();
    v1.addHook('onRequest', async (request) => {
      const identity = await identify(request.headers.authorization, options.auth);
      if ('principal' in identity) request.principal = identity.principal;
      else failures.set(request, identity.error);
    });
    v1.addHook('preParsing', async (request) => {
      const failure = failures.get(request);
      if (failure) throw failure;
    });
    conversationRoutes(v1, keel);
    staffRoutes(v1, keel);
    if (options.support) registerConsoleApi(v1, keel, options.support);
  });
  if (options.web) webRoutes(app, options.web);
  return app;
}

import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { KeelApp } from '../agent/keel-app.js';
import { InputError } from '../errors.js';
import { type AuthConfig, authenticate, type Principal } from './auth.js';
import { sendError } from './error-handler.js';
import { createMetrics } from './metrics.js';
import { conversationRoutes } from './routes/conversations.js';
import { staffRoutes } from './routes/staff.js';

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
  /** Requests per minute per caller. @default 120 */
  rateLimit?: number;
}

/** The HTTP service: the chat widget's API, the staff API, health and metrics. */
export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const { keel } = options;
  const app: FastifyInstance = Fastify({
    ...(options.logger ? { loggerInstance: options.logger as FastifyBaseLogger } : { logger: false }),
    bodyLimit: options.bodyLimit ?? 64 * 1024,
    // Ids come from the runtime, so logs and tests line up.
    genReqId: () => keel.runtime.ids.next('req'),
  });
  app.setErrorHandler(sendError);
  // An empty JSON body (a widget that always sets the header) is no body, not an error.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    if (body === '') return done(null, undefined);
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(new InputError('The request body is not valid JSON'), undefined);
    }
  });
  app.setNotFoundHandler((request, reply) =>
    reply
      .status(404)
      .send({ error: { code: 'NOT_FOUND', message: `No route ${request.method} ${request.url}` } }),
  );
  await app.register(rateLimit, {
    max: options.rateLimit ?? 120,
    timeWindow: '1 minute',
    keyGenerator: (request) => request.headers.authorization ?? request.ip,
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      error: { code: 'RATE_LIMITED', message: `Too many requests; try again in ${context.after}` },
    }),
  });
  const metrics = createMetrics(keel);
  app.get('/healthz', async () => {
    keel.store.ping();
    return { status: 'ok' };
  });
  app.get('/metrics', async (_request, reply) =>
    reply.type(metrics.contentType).send(await metrics.scrape()),
  );
  await app.register(async (v1) => {
    v1.addHook('onRequest', async (request) => {
      request.principal = await authenticate(request.headers.authorization, options.auth);
    });
    conversationRoutes(v1, keel);
    staffRoutes(v1, keel);
  });
  return app;
}

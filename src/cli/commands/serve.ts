import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Logger } from 'pino';
import type { KeelApp } from '../../agent/keel-app.js';
import { intervalTicker, startTakeover } from '../../agent/takeover.js';
import { packagePath } from '../../assets.js';
import { leaseMsFromEnv } from '../../config/engine-env.js';
import { llmConfigFromEnv } from '../../config/llm-env.js';
import { DEFAULT_LEASE_MS } from '../../defaults.js';
import type { RetailKeelApp } from '../../domains/retail/open-retail-keel.js';
import { retailSupportDesk } from '../../domains/retail/support/retail-support-desk.js';
import { ConfigError, InputError } from '../../errors.js';
import { ServerRecorder } from '../../replay/server-recorder.js';
import { systemClock } from '../../runtime.js';
import { mintCustomerToken } from '../../server/auth.js';
import { allowedOriginsFromEnv } from '../../server/cors.js';
import { buildServer } from '../../server/server.js';
import {
  startEscalationWebhook,
  type WebhookConfig,
  webhookFromEnv,
} from '../../server/support/escalation-webhook.js';
import { PgRateCounter } from '../../store/pg-rate-counter.js';
import { PgStore } from '../../store/pg-store.js';
import { openRetailApp } from '../app.js';
import { chooseDatabase, describeDatabase } from '../database-choice.js';
import { type CliIo, COMMON_OPTIONS, EXIT, println } from '../io.js';
import { createLogger } from '../logger.js';
import { openConsoleStore } from '../open-console-store.js';

const DRAIN_TIMEOUT_MS = 15_000;

function serverRecorder(io: CliIo, dir: string): ServerRecorder {
  const config = llmConfigFromEnv(io.env);
  const faults = io.env.KEEL_SANDBOX_FAULTS;
  return new ServerRecorder({
    dir,
    clock: io.runtime?.clock ?? systemClock,
    planner: config ? 'llm' : 'offline',
    model: config?.model ?? null,
    env: {
      KEEL_CONFIRM_WRITES: '1',
      ...(faults ? { KEEL_SANDBOX_FAULTS: faults } : {}),
    },
  });
}

/**
 * The environment the customer-facing service opens keel with: KEEL_CONFIRM_WRITES is for staff
 * channels (`keel chat`, a library's own), so here every write waits for the customer's yes
 * whatever it says.
 */
export function customerFacingEnv(env: CliIo['env']): CliIo['env'] {
  const { KEEL_CONFIRM_WRITES: _, ...rest } = env;
  return rest;
}

/** A positive whole number from the environment, or undefined when unset; a typo stops the start. */
function positiveInt(env: CliIo['env'], name: string): number | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  const value = Number(raw);
  // A limit that silently fell back to a default (NaN does, in the rate limiter) is worse than none.
  if (!Number.isInteger(value) || value <= 0)
    throw new ConfigError(`${name} must be a positive whole number, got "${env[name]}"`);
  return value;
}

/** One probe call before listening; a failure stops start-up with the cause, never by default. */
async function checkModel(keel: KeelApp, io: CliIo): Promise<void> {
  try {
    if (keel.planner.name !== 'llm')
      throw new ConfigError('--check-model needs a model: set OPENAI_API_KEY or OPENAI_BASE_URL');
    await keel.checkModel();
  } catch (error) {
    await keel.close();
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`--check-model: the model probe failed: ${(error as Error).message}`, {
      cause: error,
    });
  }
  println(io.stdout, `model check passed (${keel.planner.name} planner answered a probe call)`);
}

/** The service's settings from flags and environment; a bad value stops the start. */
function serveSettings(values: { port?: string | undefined; host?: string | undefined }, io: CliIo) {
  const port = Number(values.port ?? io.env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new InputError(`--port must be 0-65535, got "${values.port}"`);
  const bodyLimit = positiveInt(io.env, 'KEEL_MAX_BODY_BYTES');
  const rateLimit = positiveInt(io.env, 'KEEL_RATE_LIMIT');
  return {
    port,
    host: values.host ?? io.env.KEEL_HOST ?? '127.0.0.1',
    allowedOrigins: allowedOriginsFromEnv(io.env.KEEL_ALLOWED_ORIGINS),
    limits: { ...(bodyLimit ? { bodyLimit } : {}), ...(rateLimit ? { rateLimit } : {}) },
    secret: io.env.KEEL_SECRET || randomBytes(32).toString('hex'),
    staffToken: io.env.KEEL_STAFF_TOKEN || randomBytes(24).toString('hex'),
    webhook: webhookFromEnv(io.env),
  };
}

/**
 * What the console and the widget need: the support desk over the console's store (named staff's
 * tokens, takeovers, audit, search; on SQLite or PostgreSQL alike), the built pages (demo tokens
 * only in development: with KEEL_SECRET set, tokens come from the shop's backend) and
 * KEEL_ESCALATION_WEBHOOK, posting each escalation that opens until `stopWebhook`.
 */
async function consoleWiring(
  keel: RetailKeelApp,
  io: CliIo,
  settings: { secret: string; webhook: WebhookConfig | null },
  logger: Logger,
) {
  const { secret, webhook } = settings;
  const pages = { root: packagePath('dist/web'), demoSecret: io.env.KEEL_SECRET ? null : secret };
  const staff = await openConsoleStore(keel);
  const support = retailSupportDesk({ store: keel.store, shop: keel.shop, console: staff });
  return {
    support,
    staffNameOf: (token: string) => staff.staffNameOf(token),
    pages,
    stopWebhook: webhook
      ? startEscalationWebhook({ keel, desk: support, config: webhook, logger })
      : () => {},
  };
}

/** Says where the service listens and, for a development run, the credentials it made up. */
async function announce(io: CliIo, line: string, secret: string, staffToken: string): Promise<void> {
  println(io.stdout, line);
  if (!io.env.KEEL_SECRET) {
    println(
      io.stdout,
      'KEEL_SECRET is not set: generated one for this run. A demo customer token for C-1001:',
    );
    println(io.stdout, `  ${await mintCustomerToken(secret, 'C-1001')}`);
  }
  if (!io.env.KEEL_STAFF_TOKEN)
    println(io.stdout, `KEEL_STAFF_TOKEN is not set: staff token for this run: ${staffToken}`);
}

/** Serves until SIGTERM or SIGINT, then drains: steps in flight finish, a hard stop after a while. */
function serveUntilSignal(
  keel: KeelApp,
  server: { close(): Promise<unknown> },
  logger: Logger,
): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      logger.info({ signal }, 'draining: finishing steps in flight, then closing');
      keel.stop();
      const hard = setTimeout(() => keel.stop({ abort: true }), DRAIN_TIMEOUT_MS);
      hard.unref();
      void server.close().then(
        () => resolve(),
        () => resolve(),
      );
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
}

/** `keel serve`: the chat-widget backend and staff API on the embedded defaults. */
export async function serveCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...COMMON_OPTIONS,
      port: { type: 'string' },
      host: { type: 'string' },
      'check-model': { type: 'boolean', default: false },
    },
  });
  const { port, host, allowedOrigins, limits, secret, staffToken, webhook } = serveSettings(values, io);
  const logger = createLogger(io.env, Boolean(io.stdout.isTTY));
  const database = chooseDatabase(io.cwd, io.env, values);
  const recorder = io.env.KEEL_RECORD_DIR
    ? serverRecorder(io, resolve(io.cwd, io.env.KEEL_RECORD_DIR))
    : null;
  const keel = await openRetailApp(database, {
    ...(recorder ? { observer: recorder, fetch: recorder.fetch(globalThis.fetch) } : {}),
    env: customerFacingEnv(io.env),
    confirmWrites: true,
    logger,
    ...(io.runtime ? { runtime: io.runtime } : {}),
  });
  if (values['check-model']) await checkModel(keel, io);
  const web = await consoleWiring(keel, io, { secret, webhook }, logger);
  const server = await buildServer({
    keel,
    auth: { secret, staffToken, staffNameOf: web.staffNameOf },
    logger,
    allowedOrigins,
    support: web.support,
    web: web.pages,
    // On PostgreSQL the budget is counted in the database, so it holds across instances.
    ...(keel.store instanceof PgStore ? { rateCounter: new PgRateCounter(keel.store.pool) } : {}),
    ...limits,
  });
  const address = await server.listen({ port, host });
  const listening = `keel listening on ${address} (${describeDatabase(database)}, planner ${keel.planner.name})`;
  await announce(io, listening, secret, staffToken);
  // Interrupted workflows resume in the background, now and every half lease for as long as this
  // instance runs (another instance may die at any time); waiting ones stay waiting. Replies owed
  // by workflows that ended just before a crash are posted too.
  const takeover = startTakeover({
    recover: () => keel.recover(),
    everyMs: (leaseMsFromEnv(io.env) ?? DEFAULT_LEASE_MS) / 2,
    ticker: intervalTicker,
    onRecovered: ({ resumed, repliedLate }) =>
      logger.debug({ seen: resumed.length, repliedLate: repliedLate.length }, 'takeover sweep'),
    onError: (error) => logger.error({ err: error }, 'recovery failed'),
  });
  void takeover.sweep();
  await serveUntilSignal(keel, server, logger);
  takeover.stop();
  web.stopWebhook();
  await keel.close();
  println(io.stdout, 'keel stopped');
  return EXIT.completed;
}

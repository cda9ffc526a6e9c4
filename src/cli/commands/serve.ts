import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { KeelApp } from '../../agent/keel-app.js';
import { packagePath } from '../../assets.js';
import { openRetailKeel } from '../../domains/retail/open-retail-keel.js';
import { retailSupportDesk } from '../../domains/retail/support/retail-support-desk.js';
import { ConfigError, InputError } from '../../errors.js';
import { llmConfigFromEnv } from '../../planner/llm-config.js';
import { ServerRecorder } from '../../replay/server-recorder.js';
import { systemClock } from '../../runtime.js';
import { mintCustomerToken } from '../../server/auth.js';
import { allowedOriginsFromEnv } from '../../server/cors.js';
import { buildServer } from '../../server/server.js';
import { startEscalationWebhook, webhookFromEnv } from '../../server/support/escalation-webhook.js';
import { StaffStore } from '../../store/staff-store.js';
import { type CliIo, COMMON_OPTIONS, EXIT, println } from '../io.js';
import { createLogger } from '../logger.js';

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
      KEEL_CONFIRM_WRITES: io.env.KEEL_CONFIRM_WRITES ?? '1',
      ...(faults ? { KEEL_SANDBOX_FAULTS: faults } : {}),
    },
  });
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
    await keel.checkModel();
  } catch (error) {
    keel.close();
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`--check-model: the model probe failed: ${(error as Error).message}`, {
      cause: error,
    });
  }
  println(io.stdout, `model check passed (${keel.planner.name} planner answered a probe call)`);
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
  const port = Number(values.port ?? io.env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new InputError(`--port must be 0-65535, got "${values.port}"`);
  const host = values.host ?? io.env.KEEL_HOST ?? '127.0.0.1';
  const allowedOrigins = allowedOriginsFromEnv(io.env.KEEL_ALLOWED_ORIGINS);
  const webhook = webhookFromEnv(io.env);
  const bodyLimit = positiveInt(io.env, 'KEEL_MAX_BODY_BYTES');
  const rateLimit = positiveInt(io.env, 'KEEL_RATE_LIMIT');
  const secret = io.env.KEEL_SECRET || randomBytes(32).toString('hex');
  const staffToken = io.env.KEEL_STAFF_TOKEN || randomBytes(24).toString('hex');
  const logger = createLogger(io.env, Boolean(io.stdout.isTTY));
  const dbPath = values.db === ':memory:' ? values.db : resolve(io.cwd, values.db);
  const recorder = io.env.KEEL_RECORD_DIR
    ? serverRecorder(io, resolve(io.cwd, io.env.KEEL_RECORD_DIR))
    : null;
  const keel = openRetailKeel({
    ...(recorder ? { observer: recorder, fetch: recorder.fetch(globalThis.fetch) } : {}),
    dbPath,
    env: io.env,
    logger,
    ...(io.runtime ? { runtime: io.runtime } : {}),
  });
  if (values['check-model']) await checkModel(keel, io);
  const staff = new StaffStore(keel.db);
  const support = retailSupportDesk(keel.db, keel.shop);
  const stopWebhook = webhook
    ? startEscalationWebhook({ keel, desk: support, config: webhook, logger })
    : () => {};
  const server = await buildServer({
    keel,
    auth: { secret, staffToken, staffNameOf: (token) => staff.nameOf(token) },
    logger,
    allowedOrigins,
    support,
    // Demo tokens only in development: with KEEL_SECRET set, tokens come from the shop's backend.
    web: { root: packagePath('dist/web'), demoSecret: io.env.KEEL_SECRET ? null : secret },
    ...(bodyLimit ? { bodyLimit } : {}),
    ...(rateLimit ? { rateLimit } : {}),
  });
  const address = await server.listen({ port, host });
  println(io.stdout, `keel listening on ${address} (db ${dbPath}, planner ${keel.planner.name})`);
  if (!io.env.KEEL_SECRET) {
    println(
      io.stdout,
      'KEEL_SECRET is not set: generated one for this run. A demo customer token for C-1001:',
    );
    println(io.stdout, `  ${await mintCustomerToken(secret, 'C-1001')}`);
  }
  if (!io.env.KEEL_STAFF_TOKEN)
    println(io.stdout, `KEEL_STAFF_TOKEN is not set: staff token for this run: ${staffToken}`);
  // Interrupted workflows resume in the background; waiting ones stay waiting.
  // Replies owed by workflows that ended just before a crash are posted too.
  keel
    .recover()
    .then(({ resumed, repliedLate }) => {
      if (resumed.length > 0 || repliedLate.length > 0)
        logger.info({ recovered: resumed.length, repliedLate: repliedLate.length }, 'recovered workflows');
    })
    .catch((error: unknown) => logger.error({ err: error }, 'recovery failed'));
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      logger.info({ signal }, 'draining: finishing steps in flight, then closing');
      keel.executor.stop();
      const hard = setTimeout(() => keel.executor.abort(), DRAIN_TIMEOUT_MS);
      hard.unref();
      void server.close().then(resolve, resolve);
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  stopWebhook();
  keel.close();
  println(io.stdout, 'keel stopped');
  return EXIT.completed;
}

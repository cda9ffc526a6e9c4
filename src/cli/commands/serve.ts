import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openKeel } from '../../agent/keel-app.js';
import { InputError } from '../../errors.js';
import { llmConfigFromEnv } from '../../planner/llm-config.js';
import { ServerRecorder } from '../../replay/server-recorder.js';
import { systemClock } from '../../runtime.js';
import { mintCustomerToken } from '../../server/auth.js';
import { buildServer } from '../../server/server.js';
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

/** `keel serve`: the chat-widget backend and staff API on the embedded defaults. */
export async function serveCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { ...COMMON_OPTIONS, port: { type: 'string' }, host: { type: 'string' } },
  });
  const port = Number(values.port ?? io.env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new InputError(`--port must be 0-65535, got "${values.port}"`);
  const host = values.host ?? io.env.KEEL_HOST ?? '127.0.0.1';
  const secret = io.env.KEEL_SECRET || randomBytes(32).toString('hex');
  const staffToken = io.env.KEEL_STAFF_TOKEN || randomBytes(24).toString('hex');
  const logger = createLogger(io.env, Boolean(io.stdout.isTTY));
  const dbPath = values.db === ':memory:' ? values.db : resolve(io.cwd, values.db);
  const recorder = io.env.KEEL_RECORD_DIR
    ? serverRecorder(io, resolve(io.cwd, io.env.KEEL_RECORD_DIR))
    : null;
  const keel = openKeel({
    ...(recorder ? { observer: recorder, fetch: recorder.fetch(globalThis.fetch) } : {}),
    dbPath,
    env: io.env,
    logger,
    ...(io.runtime ? { runtime: io.runtime } : {}),
  });
  const server = await buildServer({
    keel,
    auth: { secret, staffToken },
    logger,
    ...(io.env.KEEL_MAX_BODY_BYTES ? { bodyLimit: Number(io.env.KEEL_MAX_BODY_BYTES) } : {}),
    ...(io.env.KEEL_RATE_LIMIT ? { rateLimit: Number(io.env.KEEL_RATE_LIMIT) } : {}),
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
  keel.close();
  println(io.stdout, 'keel stopped');
  return EXIT.completed;
}

import { type KeelApp, type KeelAppOptions, keelRuntime, openKeel } from '../../agent/keel-app.js';
import { keelSettingsFromEnv } from '../../config/engine-env.js';
import { ConfigError } from '../../errors.js';
import { PgChangeFeed } from '../../store/pg-change-feed.js';
import type { PgOptions } from '../../store/pg-database.js';
import { PgStore } from '../../store/pg-store.js';
import type { ToolRegistry } from '../../tools/registry.js';
import { createRetailDomain, type RetailDomain } from './index.js';
import { PgSandboxShop } from './sandbox/pg-sandbox-shop.js';
import { SandboxShop } from './sandbox/sandbox-shop.js';
import type { Shop } from './shop.js';

export interface RetailKeelOptions extends Omit<KeelAppOptions<RetailDomain>, 'domain'> {
  /** A shop of the caller's; otherwise the sandbox shop, kept in keel's own SQLite file. */
  shop?: Shop;
  /** The retail tools plus any of the caller's own. @default createRetailRegistry() */
  registry?: ToolRegistry;
  /** Sandbox faults; overrides KEEL_SANDBOX_FAULTS. */
  faults?: string;
  /** Seed folder for a new sandbox shop. @default fixtures/shop */
  seedDir?: string;
  /**
   * Read for KEEL_SANDBOX_FAULTS and the engine's settings (`keelSettingsFromEnv`: the model,
   * KEEL_SQLITE_SYNCHRONOUS, KEEL_LEASE_MS, KEEL_CONFIDENCE_THRESHOLD, KEEL_CONFIRM_WRITES,
   * KEEL_TURN_TIMEOUT_MS); a variable that is set wins over the option it sets. @default {}
   */
  env?: Record<string, string | undefined>;
}

/** keel serving the retail domain, with the shop it acts on at hand. */
export interface RetailKeelApp extends KeelApp<RetailDomain> {
  shop: Shop;
}

/**
 * keel wired for retail: the sandbox shop over the same SQLite file (with KEEL_SANDBOX_FAULTS)
 * unless a shop is given. What the `keel` command, the HTTP server and replay open.
 */
export function openRetailKeel(options: RetailKeelOptions): RetailKeelApp {
  const { shop, registry, faults, seedDir, env = {}, ...rest } = options;
  const app = openKeel<RetailDomain>({
    ...withEnvironment(rest, env),
    domain: ({ db, runtime }) =>
      createRetailDomain({
        shop:
          shop ??
          new SandboxShop({
            db,
            clock: runtime.clock,
            sleep: runtime.sleep,
            ids: runtime.ids,
            faults: faults ?? env.KEEL_SANDBOX_FAULTS ?? '',
            ...(seedDir ? { seedDir } : {}),
          }),
        ...(registry ? { registry } : {}),
        clock: runtime.clock,
      }),
  });
  return Object.assign(app, { shop: app.domain.ports.shop });
}

/**
 * keel wired for retail on PostgreSQL (`KEEL_DATABASE_URL`): the store and, unless a shop is
 * given, the sandbox shop share one database, so several instances share workflows,
 * conversations and one shop. Migrations (and the shop's seed) run once however many start at once.
 */
export async function openRetailKeelOnPostgres(
  url: string,
  options: Omit<RetailKeelOptions, 'dbPath'> & { pg?: PgOptions },
): Promise<RetailKeelApp> {
  const { shop, registry, faults, seedDir, pg, env = {}, ...rest } = options;
  const settings = withEnvironment(rest, env);
  const runtime = keelRuntime(options.runtime);
  const store = await PgStore.open(url, pg);
  let changes: PgChangeFeed | undefined;
  try {
    changes = await PgChangeFeed.open(url, {
      ...(pg?.schema ? { schema: pg.schema } : {}),
      onError: (error) =>
        rest.logger?.warn({ err: error }, 'the change feed lost its connection; reconnecting'),
    });
    const shared =
      shop ??
      (await PgSandboxShop.open({
        pool: store.pool,
        clock: runtime.clock,
        sleep: runtime.sleep,
        ids: runtime.ids,
        faults: faults ?? env.KEEL_SANDBOX_FAULTS ?? '',
        ...(seedDir ? { seedDir } : {}),
      }));
    const domain = createRetailDomain({
      shop: shared,
      ...(registry ? { registry } : {}),
      clock: runtime.clock,
    });
    const app = openKeel<RetailDomain>({ ...settings, runtime, store, domain, changes });
    return Object.assign(app, { shop: shared });
  } catch (error) {
    await changes?.close();
    await store.close();
    throw error;
  }
}

/**
 * The engine's options: the caller's, with what the environment sets over them. Read before
 * anything opens, so a bad value stops the start with nothing to close.
 */
function withEnvironment<T extends Omit<KeelAppOptions<RetailDomain>, 'domain'>>(
  options: T,
  env: Record<string, string | undefined>,
): T {
  const settings = { ...options, ...keelSettingsFromEnv(env) };
  if (settings.planner === 'llm' && !settings.llm)
    throw new ConfigError('--planner llm needs OPENAI_API_KEY or OPENAI_BASE_URL');
  return settings;
}

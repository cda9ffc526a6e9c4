import { type KeelApp, type KeelAppOptions, openKeel } from '../../agent/keel-app.js';
import type { ToolRegistry } from '../../tools/registry.js';
import { createRetailDomain, type RetailDomain } from './index.js';
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
  const { shop, registry, faults, seedDir, ...rest } = options;
  const app = openKeel<RetailDomain>({
    ...rest,
    domain: ({ db, runtime, env }) =>
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

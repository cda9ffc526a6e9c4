import { resolve } from 'node:path';
import {
  openRetailKeel,
  type RetailKeelApp,
  type RetailKeelOptions,
} from '../domains/retail/open-retail-keel.js';
import type { CliIo } from './io.js';
import { createErrorLogger } from './logger.js';

/** Opens the app for one command and closes it afterwards, whatever happens. */
export async function withApp<T>(
  io: CliIo,
  options: { db: string } & Partial<RetailKeelOptions>,
  fn: (app: RetailKeelApp) => Promise<T>,
): Promise<T> {
  const { db, ...rest } = options;
  const app = openRetailKeel({
    env: io.env,
    logger: createErrorLogger(io.stderr),
    ...(io.runtime ? { runtime: io.runtime } : {}),
    ...rest,
    dbPath: db === ':memory:' ? db : resolve(io.cwd, db),
  });
  try {
    return await fn(app);
  } finally {
    app.close();
  }
}

import { SignJWT } from 'jose';
import { openRetailKeel } from '../../src/domains/retail/open-retail-keel.js';
import { retailSupportDesk } from '../../src/domains/retail/support/retail-support-desk.js';
import { mintCustomerToken } from '../../src/server/auth.js';
import type { WebOptions } from '../../src/server/routes/web.js';
import { buildServer } from '../../src/server/server.js';
import { SqliteConsoleStore } from '../../src/store/sqlite-console-store.js';
import { sequentialIds, VirtualTime } from '../../src/testing/index.js';
import { TEST_NOW } from './shop-harness.js';

export const SECRET = 'test-secret-that-is-long-enough-for-hs256';
export const STAFF = 'staff-token-for-tests';

/** The HTTP service over an in-memory keel on virtual time, driven with `inject` (no port). */
export async function createServerHarness(
  options: {
    confirmWrites?: boolean;
    rateLimit?: number;
    bodyLimit?: number;
    allowedOrigins?: string[];
    /** Serve the built pages from here (the console's API is always on). */
    web?: WebOptions;
  } = {},
) {
  const time = new VirtualTime(TEST_NOW);
  const keel = openRetailKeel({
    dbPath: ':memory:',
    env: {},
    planner: 'offline',
    confirmWrites: options.confirmWrites ?? false,
    runtime: { clock: time.clock, sleep: time.sleep, ids: sequentialIds() },
  });
  if (!keel.db) throw new Error('the server harness runs on SQLite');
  const staff = new SqliteConsoleStore(keel.db);
  const app = await buildServer({
    keel,
    auth: { secret: SECRET, staffToken: STAFF, staffNameOf: (token) => staff.staffNameOf(token) },
    support: retailSupportDesk({ store: keel.store, shop: keel.shop, console: staff }),
    ...(options.web ? { web: options.web } : {}),
    ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
    ...(options.bodyLimit ? { bodyLimit: options.bodyLimit } : {}),
    ...(options.allowedOrigins ? { allowedOrigins: options.allowedOrigins } : {}),
  });
  const tokens = new Map<string, string>();
  const bearer = async (who: string) => {
    if (who === 'staff') return `Bearer ${STAFF}`;
    if (who.startsWith('ks_')) return `Bearer ${who}`;
    if (!tokens.has(who)) tokens.set(who, await mintCustomerToken(SECRET, who));
    return `Bearer ${tokens.get(who)}`;
  };
  const call = async (
    method: 'GET' | 'POST',
    url: string,
    who: string | null,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const response = await app.inject({
      method,
      url,
      headers: { ...(who ? { authorization: await bearer(who) } : {}), ...headers },
      ...(body === undefined
        ? {}
        : typeof body === 'string'
          ? {
              payload: body,
              headers: {
                'content-type': 'application/json',
                ...(who ? { authorization: await bearer(who) } : {}),
                ...headers,
              },
            }
          : { payload: body as object }),
    });
    return {
      status: response.statusCode,
      body: response.headers['content-type']?.toString().includes('json') ? response.json() : response.body,
      headers: response.headers,
    };
  };
  return {
    app,
    keel,
    staff,
    time,
    call,
    close: async () => {
      await app.close();
      await keel.close();
    },
  };
}

/** A token signed with another key, or already expired: both must be refused with 401. */
export async function badTokens(): Promise<string[]> {
  const wrongKey = await mintCustomerToken('another-secret-entirely-0123456789', 'C-1001');
  const expired = await new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('C-1001')
    .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
    .sign(new TextEncoder().encode(SECRET));
  return [wrongKey, expired, 'not.a.jwt'];
}

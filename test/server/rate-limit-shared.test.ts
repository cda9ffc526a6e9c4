import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerRateLimit } from '../../src/server/rate-limit.js';
import '../../src/server/server.js';
import { PgRateCounter } from '../../src/store/pg-rate-counter.js';
import { PgStore } from '../../src/store/pg-store.js';
import { PG_SKIP_REASON, TEST_DATABASE_URL, testSchema } from '../helpers/pg-test-database.js';

const schema = testSchema('keel_rate');
const T0 = Date.parse('2026-03-01T09:00:00.000Z');

describe.skipIf(!TEST_DATABASE_URL)(
  `rate limits counted in PostgreSQL hold across instances (${TEST_DATABASE_URL ? 'PostgreSQL' : PG_SKIP_REASON})`,
  () => {
    let stores: PgStore[] = [];
    beforeAll(async () => {
      stores = await Promise.all(
        [0, 1].map(() => PgStore.open(TEST_DATABASE_URL ?? '', { schema: schema.name, max: 2 })),
      );
    });
    afterAll(async () => {
      await Promise.all(stores.map((s) => s.close()));
      await schema.drop();
    });

    it('counts one key across counters on two pools, per fixed window, apart from other keys', async () => {
      const [a, b] = stores.map((s) => new PgRateCounter(s.pool));
      if (!a || !b) throw new Error('two counters');
      expect(await a.hit('k1', 60_000, T0 + 1_000)).toEqual({ count: 1, resetInMs: 59_000 });
      expect(await b.hit('k1', 60_000, T0 + 2_000)).toEqual({ count: 2, resetInMs: 58_000 });
      expect((await a.hit('k2', 60_000, T0 + 3_000)).count).toBe(1);
      const together = await Promise.all(
        Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).hit('k1', 60_000, T0 + 4_000)),
      );
      expect(together.map((h) => h.count).sort((x, y) => x - y)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
      // The next window starts over, and the one before is swept away.
      expect(await a.hit('k1', 60_000, T0 + 61_000)).toEqual({ count: 1, resetInMs: 59_000 });
      const { rows } = (await stores[0]?.pool.query(
        'SELECT count(*)::int AS n FROM rate_limit_hits WHERE window_start < $1',
        [T0 + 60_000],
      )) ?? { rows: [] };
      expect(rows[0]?.n).toBe(0);
    });

    it('refuses the request over the budget whichever instance it reaches', async () => {
      const apps: FastifyInstance[] = [];
      for (const store of stores) {
        const app = Fastify();
        await registerRateLimit(app, 3, new PgRateCounter(store.pool), () => T0 + 120_000);
        app.get('/ping', async () => ({ ok: true }));
        apps.push(app);
      }
      const statuses: number[] = [];
      for (let i = 0; i < 5; i += 1)
        statuses.push((await apps[i % 2]?.inject({ method: 'GET', url: '/ping' }))?.statusCode ?? 0);
      // Counted in memory, each instance would have let 3 through: 5 answers, no refusal.
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      await Promise.all(apps.map((app) => app.close()));
    });
  },
);

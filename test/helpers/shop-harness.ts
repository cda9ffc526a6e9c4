import { readFileSync } from 'node:fs';
import { Executor } from '../../src/agent/executor.js';
import { replyForDomain } from '../../src/agent/reply.js';
import { createRetailDomain } from '../../src/domains/retail/index.js';
import { SandboxShop } from '../../src/domains/retail/sandbox/sandbox-shop.js';
import { openDatabase } from '../../src/store/database.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import type { NewEvent } from '../../src/store/store.js';
import { seededRandom, sequentialIds, VirtualTime } from '../../src/testing/index.js';

/** The instant the sandbox is seeded at in tests; "delivered 10 days ago" is relative to it. */
export const TEST_NOW = '2026-11-24T12:00:00.000Z';

/** The retail domain over a fresh, seeded in-memory sandbox shop, on virtual time. */
export function createShopHarness(options: { faults?: string } = {}) {
  const db = openDatabase(':memory:');
  const time = new VirtualTime(TEST_NOW);
  const ids = sequentialIds();
  const shop = new SandboxShop({
    db,
    clock: time.clock,
    sleep: time.sleep,
    ids,
    faults: options.faults ?? '',
  });
  const domain = createRetailDomain({ shop, clock: time.clock });
  const store = new SqliteStore(db);
  const events: NewEvent[] = [];
  const make = () =>
    new Executor({
      registry: domain.registry,
      store,
      ports: { shop },
      ownership: domain,
      runtime: { clock: time.clock, sleep: time.sleep, ids, random: seededRandom(3) },
      onEvent: (event) => events.push(event),
      replyFor: replyForDomain(domain),
    });
  const count = (table: string, where = '1 = 1', ...params: unknown[]) =>
    (db.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${where}`).get(...params) as { n: number }).n;
  return { db, time, shop, domain, store, events, executor: make(), restart: make, count };
}

/** A plan from fixtures/plans. */
export function fixturePlan(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`../../fixtures/plans/${name}.json`, import.meta.url), 'utf8'));
}

/** ORD-1103 paid 25.00 USD of its 159.00 with C-1026's gift card, the rest with the Mastercard. */
export function payPartWithGiftCard(h: ReturnType<typeof createShopHarness>): void {
  const pay = h.db.prepare("INSERT INTO shop_payments VALUES ('ORD-1103', ?, ?, 'gift card', ?)");
  pay.run('pm-1026-gift', 2500, '2026-11-20T00:00:00.000Z');
  pay.run('pm-1026-mc', -2500, '2026-11-20T00:00:00.000Z');
}

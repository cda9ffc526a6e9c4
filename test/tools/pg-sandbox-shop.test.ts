import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgSandboxShop } from '../../src/domains/retail/sandbox/pg-sandbox-shop.js';
import { SandboxShop } from '../../src/domains/retail/sandbox/sandbox-shop.js';
import type { Shop } from '../../src/domains/retail/shop.js';
import { openDatabase } from '../../src/store/database.js';
import { openPgPool, type PgPool } from '../../src/store/pg-database.js';
import { sequentialIds, VirtualTime } from '../../src/testing/index.js';
import { PG_SKIP_REASON, TEST_DATABASE_URL, testSchema } from '../helpers/pg-test-database.js';
import { TEST_NOW } from '../helpers/shop-harness.js';

const schema = testSchema('keel_shop');
const pools: PgPool[] = [];
const pool = () => {
  const opened = openPgPool(TEST_DATABASE_URL ?? '', { schema: schema.name, max: 3 });
  pools.push(opened);
  return opened;
};
const runtime = () => {
  const time = new VirtualTime(TEST_NOW);
  return { clock: time.clock, sleep: time.sleep, ids: sequentialIds() };
};

/** Every Shop method, happy and refused, with repeated keys; each result or error message, in order. */
async function script(shop: Shop): Promise<unknown[]> {
  const key = (k: string) => ({ key: k });
  const rainShell = {
    customerId: 'C-1026',
    orderId: 'ORD-1103',
    sku: 'SKU-RAIN-M',
    quantity: 1,
    methodId: null,
  };
  const steps: (() => Promise<unknown>)[] = [
    () => shop.getOrder('C-1001', 'ORD-1001'),
    () => shop.getOrder('C-1002', 'ORD-1001'),
    () => shop.listOrders('C-1001'),
    () => shop.getCustomerEmail('C-1001'),
    () => shop.trackShipment('C-1003', 'ORD-1005'),
    () =>
      shop.createReturnLabel({ customerId: 'C-1001', orderId: 'ORD-1001', skus: ['SKU-TEE-BLU'] }, key('k1')),
    () =>
      shop.createReturnLabel({ customerId: 'C-1001', orderId: 'ORD-1001', skus: ['SKU-TEE-BLU'] }, key('k1')),
    () => shop.createReturnLabel({ customerId: 'C-1002', orderId: 'ORD-1004', skus: ['X'] }, key('k2')),
    () => shop.markItemsReturning({ orderId: 'ORD-1001', skus: ['SKU-TEE-BLU'] }, key('k3')),
    () => shop.markItemsReturning({ orderId: 'ORD-1001', skus: ['NOPE'] }, key('k3b')),
    () =>
      shop.scheduleRefund(
        { customerId: 'C-1001', orderId: 'ORD-1001', amountCents: 1000, reason: 'r' },
        key('k4'),
      ),
    () =>
      shop.scheduleRefund(
        { customerId: 'C-1001', orderId: 'ORD-1001', amountCents: 1000, reason: 'r' },
        key('k4'),
      ),
    () =>
      shop.scheduleRefund(
        { customerId: 'C-1001', orderId: 'ORD-1001', amountCents: 9_999_999, reason: 'r' },
        key('k5'),
      ),
    () => shop.voidReturnLabel({ labelId: 'lbl_1' }, key('k1')),
    () => shop.listRefunds('C-1001', 'ORD-1001'),
    () => shop.cancelRefund({ refundId: 'rf_2' }, key('k6')),
    () =>
      shop.sendEmail(
        { customerId: 'C-1001', orderId: 'ORD-1001', template: 't', subject: 's', body: 'b' },
        key('k7'),
      ),
    () =>
      shop.sendEmail(
        { customerId: 'C-1002', orderId: 'ORD-1001', template: 't', subject: 's', body: 'b' },
        key('k8'),
      ),
    () =>
      shop.changeShippingAddress(
        {
          customerId: 'C-1002',
          orderId: 'ORD-1004',
          address: { line1: '1 A St', city: 'B', postalCode: '1', country: 'US' } as never,
        },
        key('k9'),
      ),
    () => shop.cancelOrder({ customerId: 'C-1002', orderId: 'ORD-1004', reason: 'r' }, key('k10')),
    () => shop.cancelOrder({ customerId: 'C-1002', orderId: 'ORD-1004', reason: 'r' }, key('k11')),
    () => shop.restoreInventory({ orderId: 'ORD-1001', skus: ['SKU-TEE-BLU'] }, key('k12')),
    // Undoing a mark that a later write marked again leaves that later mark alone.
    () => shop.markItemsReturning({ orderId: 'ORD-1007', skus: ['SKU-TEE-BLU', 'SKU-JEANS-32'] }, key('m1')),
    () => shop.markItemsReturning({ orderId: 'ORD-1007', skus: ['SKU-JEANS-32'] }, key('m2')),
    () =>
      shop.restoreInventory(
        { orderId: 'ORD-1007', skus: ['SKU-TEE-BLU', 'SKU-JEANS-32'], markedBy: 'm1' },
        key('m1:undo'),
      ),
    () => shop.describeOrder('ORD-1007'),
    () =>
      shop.restoreInventory({ orderId: 'ORD-1007', skus: ['SKU-JEANS-32'], markedBy: 'm2' }, key('m2:undo')),
    () => shop.describeOrder('ORD-1007'),
    () => shop.describeOrder('ORD-1001'),
    () => shop.describeOrder('ORD-1004'),
    () => shop.findWrite('k4'),
    () => shop.findWrite('never-sent'),
    // The desk: catalogue, profiles, staff lookup, exchanges, order changes, refunds to a gift card.
    () => shop.listProducts(),
    () => shop.getProfile('C-1026'),
    () => shop.getProfile('C-0000'),
    () => shop.findCustomers({ email: 'ruth.alvarez@example.com' }),
    () => shop.findCustomers({ name: 'Sam Lee', postalCode: '10001' }),
    () =>
      shop.changeDefaultAddress(
        {
          customerId: 'C-1025',
          address: { name: 'J', line1: '1 A St', line2: null, city: 'B', postalCode: '12', country: 'US' },
        },
        key('d1'),
      ),
    () => shop.exchangeItem({ ...rainShell, newSku: 'SKU-RAIN-L' }, key('x0')),
    () => shop.exchangeItem({ ...rainShell, newSku: 'SKU-RAIN-XL' }, key('x1')),
    () => shop.exchangeItem({ ...rainShell, newSku: 'SKU-RAIN-XL' }, key('x1')),
    () => shop.exchangeItem({ ...rainShell, newSku: 'SKU-RAIN-XL' }, key('x2')),
    () => shop.listExchanges('C-1026', 'ORD-1103'),
    () => shop.cancelExchange({ exchangeId: 'exc_1' }, key('x3')),
    () => shop.cancelExchange({ exchangeId: 'exc_404' }, key('x4')),
    () =>
      shop.changeOrderItems(
        {
          customerId: 'C-1025',
          orderId: 'ORD-1102',
          changes: [
            { sku: 'SKU-TEE-BLU-S', newSku: 'SKU-TEE-GRN-S', quantity: null },
            { sku: 'SKU-BAG', newSku: null, quantity: null },
          ],
          methodId: null,
        },
        key('c1'),
      ),
    () => shop.revertOrderChange({ changeId: 'chg_1' }, key('c2')),
    () => shop.revertOrderChange({ changeId: 'chg_1' }, key('c3')),
    () =>
      shop.changeOrderPayment(
        { customerId: 'C-1026', orderId: 'ORD-1106', methodId: 'pm-1026-gift' },
        key('p1'),
      ),
    () =>
      shop.changeOrderPayment(
        { customerId: 'C-1026', orderId: 'ORD-1106', methodId: 'pm-1025-visa' },
        key('p2'),
      ),
    () => shop.revertOrderChange({ changeId: 'chg_2' }, key('p3')),
    () =>
      shop.scheduleRefund(
        {
          customerId: 'C-1026',
          orderId: 'ORD-1103',
          amountCents: 500,
          reason: 'r',
          methodId: 'pm-1026-gift',
        },
        key('g1'),
      ),
    () => shop.getProfile('C-1026'),
    () => shop.cancelRefund({ refundId: 'rf_3' }, key('g2')),
    () => shop.getProfile('C-1026'),
    // A difference other than the one the plan's check quoted is refused, and nothing changes.
    () =>
      shop.exchangeItem(
        {
          customerId: 'C-1025',
          orderId: 'ORD-1101',
          sku: 'SKU-TRAIL-9',
          newSku: 'SKU-TRAIL-10',
          quantity: 1,
          methodId: null,
          differenceCents: 500,
        },
        key('q1'),
      ),
    () => shop.listExchanges('C-1025', 'ORD-1101'),
    () =>
      shop.changeOrderItems(
        {
          customerId: 'C-1025',
          orderId: 'ORD-1102',
          changes: [{ sku: 'SKU-BAG', newSku: null, quantity: null }],
          methodId: null,
          differenceCents: 0,
        },
        key('q2'),
      ),
    () => shop.describeOrder('ORD-1103'),
    () => shop.describeOrder('ORD-1102'),
    () => shop.listProducts(),
  ];
  const out: unknown[] = [];
  for (const step of steps) out.push(await step().catch((error: Error) => `${error.name}: ${error.message}`));
  return out;
}

describe.skipIf(!TEST_DATABASE_URL)(
  `PgSandboxShop (${TEST_DATABASE_URL ? 'PostgreSQL' : PG_SKIP_REASON})`,
  () => {
    let shop: PgSandboxShop;
    beforeAll(async () => {
      shop = await PgSandboxShop.open({ pool: pool(), schema: schema.name, ...runtime() });
    });
    afterAll(async () => {
      for (const p of pools) await p.end();
      await schema.drop();
    });

    it('has the same seed and answers every call exactly as the SQLite sandbox does', async () => {
      const sqlite = new SandboxShop({ db: openDatabase(':memory:'), ...runtime() });
      const expected = await script(sqlite);
      expect(expected.filter((r) => typeof r === 'string' && r.includes('Error')).length).toBeGreaterThan(4);
      expect(expected.filter((r) => typeof r === 'string' && /not the .* quoted/.test(r))).toEqual([
        'PermanentToolError: The price difference for ORD-1101 is now 0.00 USD, not the 5.00 USD quoted; nothing was changed',
        'PermanentToolError: The price difference for ORD-1102 is now -145.00 USD, not the 0.00 USD quoted; nothing was changed',
      ]);
      expect(await script(shop)).toEqual(expected);
    });

    it('seeds once when instances start at once, and changes things once for a key sent to both', async () => {
      // Each instance makes its own ids, as real ones do (random); sequential ones would collide here.
      const instance = (n: number) => ({
        ...runtime(),
        ids: { next: (prefix: string) => `${prefix}_i${n}_${Math.random().toString(36).slice(2)}` },
      });
      const shops = await Promise.all(
        [1, 2, 3].map((n) => PgSandboxShop.open({ pool: pool(), ...instance(n) })),
      );
      expect(await shops[2]?.listOrders('C-1003')).toEqual(await shop.listOrders('C-1003'));
      const refund = (s: Shop, key: string, amountCents: number) =>
        s.scheduleRefund({ customerId: 'C-1003', orderId: 'ORD-1006', amountCents, reason: 'r' }, { key });
      const same = await Promise.all(shops.map((s) => refund(s, 'same-key', 100)));
      expect(new Set(same.map((r) => r.refundId)).size).toBe(1);
      // Two refunds that each fit but not together, on two instances at once: the order's lock lets one through.
      const total = (await shop.getOrder('C-1003', 'ORD-1006'))?.totalCents ?? 0;
      const both = await Promise.allSettled([
        refund(shops[0] as Shop, 'a', total - 150),
        refund(shops[1] as Shop, 'b', total - 150),
      ]);
      expect(both.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      expect(await shop.listRefunds('C-1003', 'ORD-1006')).toHaveLength(2);
    });
  },
);

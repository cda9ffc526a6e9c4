import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnKeel } from '../helpers/keel-process.js';

const FIXTURES = new URL('../../fixtures/shop/', import.meta.url).pathname;

/**
 * A seed folder for `count` customers C-2001…, each with one delivered, returnable order
 * (ORD-2001…, one tee, under the refund approval limit), so every conversation has an order of
 * its own and no two workflows touch one order. Products are the fixtures'.
 */
export function returnableSeed(dir: string, count: number): { customer: string; order: string }[] {
  const cases = Array.from({ length: count }, (_, i) => ({
    customer: `C-${2001 + i}`,
    order: `ORD-${2001 + i}`,
  }));
  const customers = cases.map(({ customer }, i) => ({
    id: customer,
    name: `Customer ${i + 1}`,
    email: `customer${i + 1}@example.com`,
    phone: null,
    address: {
      name: `Customer ${i + 1}`,
      line1: `${i + 1} Main St`,
      line2: null,
      city: 'Portland',
      postalCode: '97205',
      country: 'US',
    },
  }));
  const orders = cases.map(({ customer, order }, i) => ({
    id: order,
    customerId: customer,
    status: 'delivered',
    placedDaysAgo: 9,
    shippedDaysAgo: 7,
    deliveredDaysAgo: 5,
    carrier: 'UPS',
    trackingNumber: `1Z999AA1000000${2001 + i}`,
    items: [{ sku: 'SKU-TEE-BLU', quantity: 1 }],
  }));
  writeFileSync(join(dir, 'customers.json'), JSON.stringify(customers));
  writeFileSync(join(dir, 'orders.json'), JSON.stringify(orders));
  writeFileSync(join(dir, 'products.json'), readFileSync(join(FIXTURES, 'products.json')));
  return cases;
}

export type Instance = ReturnType<typeof spawnKeel> & { url: string; pid: number };

/** `count` `keel serve` processes on one database URL, each on a port of its own. */
export async function startInstances(
  count: number,
  databaseUrl: string,
  env: Record<string, string>,
): Promise<{ instances: Instance[]; stop: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'keel-instances-'));
  const instances: Instance[] = [];
  const started = Array.from({ length: count }, () =>
    spawnKeel(['serve', '--port', '0', '--database-url', databaseUrl], env, dir),
  );
  const stop = async () => {
    await Promise.all(
      started.map(async (instance) => {
        if (instance.child.exitCode === null && instance.child.signalCode === null) {
          instance.child.kill('SIGKILL');
          await instance.exited;
        }
      }),
    );
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (const process of started) {
      const [, url = ''] = await process.waitFor(/keel listening on (http:\/\/\S+)/, 60_000);
      instances.push(Object.assign(process, { url, pid: process.child.pid ?? 0 }));
    }
    return { instances, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** A customer's calls to one instance's chat API. */
export async function call(
  base: string,
  token: string,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

import { describe, expect, it } from 'vitest';
import { type FaultPlan, parseFaults } from '../../src/domains/retail/sandbox/faults.js';
import { SandboxShop } from '../../src/domains/retail/sandbox/sandbox-shop.js';
import { ConfigError, RetryableToolError } from '../../src/errors.js';
import type { Sleep } from '../../src/runtime.js';
import { openDatabase, type SqliteDatabase } from '../../src/store/database.js';
import { sequentialIds } from '../../src/testing/index.js';

const clock = { now: () => new Date('2026-11-24T12:00:00Z') };

/** A sleep that records each wait and resolves at once, or rejects when the signal has aborted. */
function recordingSleep() {
  const calls: { ms: number; signal: AbortSignal | undefined }[] = [];
  const sleep: Sleep = async (ms, signal) => {
    calls.push({ ms, signal });
    signal?.throwIfAborted();
  };
  return { calls, sleep };
}

function openShop(faults: FaultPlan | string, options: { db?: SqliteDatabase; sleep?: Sleep } = {}) {
  const db = options.db ?? openDatabase(':memory:');
  const sleep = options.sleep ?? recordingSleep().sleep;
  const shop = new SandboxShop({ db, clock, sleep, ids: sequentialIds(), faults });
  const count = (table: string) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  return { db, shop, count };
}

const label = { customerId: 'C-1001', orderId: 'ORD-1001', skus: ['SKU-TEE-BLU'] };
const email = { customerId: 'C-1001', orderId: 'ORD-1001', template: 'return', subject: 'S', body: 'B' };

describe('parseFaults', () => {
  it('parses several tools, several settings for one tool, and spaces around entries', () => {
    expect(
      parseFaults(
        'create_return_label:fail=2, send_confirmation_email:fail=always,schedule_refund:fail=1:delay=200',
      ),
    ).toEqual({
      create_return_label: { fail: 2 },
      send_confirmation_email: { fail: 'always' },
      schedule_refund: { fail: 1, delayMs: 200 },
    });
  });

  it('reads an empty text as no faults, and merges entries that name the same tool', () => {
    expect(parseFaults('')).toEqual({});
    expect(parseFaults('lookup_order:fail=1,lookup_order:delay=5')).toEqual({
      lookup_order: { fail: 1, delayMs: 5 },
    });
  });

  it('names the valid tools when a fault names an unknown one', () => {
    expect(() => parseFaults('refund_everything:fail=1')).toThrow(
      /Unknown fault target "refund_everything".*valid: lookup_order, create_return_label/,
    );
    // Shop method names are not tool names, and unfaultable methods have none.
    expect(() => parseFaults('createReturnLabel:fail=1')).toThrow(ConfigError);
    expect(() => parseFaults('describe_order:fail=1')).toThrow(ConfigError);
  });

  it.each([
    'create_return_label',
    'create_return_label:',
    'create_return_label:fail',
    'create_return_label:fail=',
    'create_return_label:fail=-1',
    'create_return_label:fail=1.5',
    'create_return_label:fail=sometimes',
    'create_return_label:fail=always=1',
    'schedule_refund:delay=always',
    'schedule_refund:delay=3s',
    'schedule_refund:slow=1',
    'schedule_refund:fail=1:',
  ])('rejects "%s" with a ConfigError', (text) => {
    expect(() => parseFaults(text)).toThrow(ConfigError);
  });

  it('checks a plan given as an object as strictly as a parsed one', () => {
    expect(() => openShop({ lookup_order: { fail: -1 } })).toThrow(ConfigError);
    expect(() => openShop({ lookup_order: { fail: 1, slow: true } } as FaultPlan)).toThrow(ConfigError);
    expect(() => openShop({ lookup_orders: { fail: 1 } } as FaultPlan)).toThrow(ConfigError);
    expect(() => openShop('lookup_order:nope=1')).toThrow(ConfigError);
  });
});

describe('SandboxShop faults', () => {
  it('fails the first N calls as retryable and unchanged, then lets calls through', async () => {
    const { shop, count } = openShop('create_return_label:fail=2');
    for (const attempt of [1, 2]) {
      const error = await shop.createReturnLabel(label, { key: 'k' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RetryableToolError);
      expect((error as RetryableToolError).message).toBe(
        'Sandbox fault: create_return_label is unavailable (injected)',
      );
      expect((error as RetryableToolError).details).toMatchObject({ injected: true, call: attempt });
    }
    expect(count('shop_return_labels')).toBe(0);
    expect((await shop.createReturnLabel(label, { key: 'k' })).status).toBe('active');
    expect(count('shop_return_labels')).toBe(1);
  });

  it('fails every call with fail=always and leaves other tools alone', async () => {
    const { shop, count } = openShop({ send_confirmation_email: { fail: 'always' } });
    for (const key of ['a', 'b', 'c']) {
      await expect(shop.sendEmail(email, { key })).rejects.toBeInstanceOf(RetryableToolError);
    }
    expect(count('shop_emails')).toBe(0);
    expect(await shop.getOrder('C-1001', 'ORD-1001')).not.toBeNull();
  });

  it('faults reads under the name of the tool that makes them', async () => {
    const { shop } = openShop('lookup_order:fail=1,track_shipment:fail=1,get_refund_status:fail=1');
    await expect(shop.getOrder('C-1001', 'ORD-1001')).rejects.toThrow('lookup_order is unavailable');
    await expect(shop.trackShipment('C-1003', 'ORD-1005')).rejects.toThrow('track_shipment is unavailable');
    await expect(shop.listRefunds('C-1001', 'ORD-1001')).rejects.toThrow('get_refund_status is unavailable');
    expect(await shop.getCustomerEmail('C-1001')).toBe('maya.patel@example.com');
    expect(await shop.describeOrder('ORD-1001')).not.toBeNull();
  });

  it('fails even a repeated key, because the fault stands for the remote system being down', async () => {
    const { db, shop } = openShop('');
    await shop.sendEmail(email, { key: 'wf_1:email' });
    const down = openShop('send_confirmation_email:fail=always', { db }).shop;
    await expect(down.sendEmail(email, { key: 'wf_1:email' })).rejects.toBeInstanceOf(RetryableToolError);
  });

  it('counts calls per shop instance', async () => {
    const db = openDatabase(':memory:');
    for (const shop of [
      openShop('lookup_order:fail=1', { db }).shop,
      openShop('lookup_order:fail=1', { db }).shop,
    ]) {
      await expect(shop.getOrder('C-1001', 'ORD-1001')).rejects.toBeInstanceOf(RetryableToolError);
      expect(await shop.getOrder('C-1001', 'ORD-1001')).not.toBeNull();
    }
  });

  it('waits a delay with the injected sleep and the call signal, then acts', async () => {
    const { calls, sleep } = recordingSleep();
    const { shop, count } = openShop('schedule_refund:delay=3000', { sleep });
    const signal = new AbortController().signal;
    await shop.scheduleRefund({ ...label, amountCents: 100, reason: 'x' }, { key: 'k', signal });
    expect(calls).toEqual([{ ms: 3000, signal }]);
    expect(count('shop_refunds')).toBe(1);
  });

  it('changes nothing when the call is aborted during a delay', async () => {
    const { shop, count } = openShop('schedule_refund:delay=3000');
    const refund = { ...label, amountCents: 100, reason: 'x' };
    const aborted = AbortSignal.abort(new Error('step timed out'));
    await expect(shop.scheduleRefund(refund, { key: 'a', signal: aborted })).rejects.toThrow(
      'step timed out',
    );
    // A sleep that ignores the signal: the shop still checks it before acting.
    const controller = new AbortController();
    const deaf = openShop('schedule_refund:delay=3000', {
      sleep: async () => controller.abort(new Error('late')),
    });
    await expect(deaf.shop.scheduleRefund(refund, { key: 'b', signal: controller.signal })).rejects.toThrow(
      'late',
    );
    expect(count('shop_refunds') + deaf.count('shop_refunds')).toBe(0);
  });
});

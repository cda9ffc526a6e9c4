import { describe, expect, it } from 'vitest';
import { createCli } from '../helpers/cli-harness.js';

// The retail desk's canonical cases through `keel run` (offline planner, sandbox shop, staff
// channel) and `keel shop show`. `--yes` for keel run comes with the consent work; keel run acts
// as staff, whose run is the confirmation.
describe('keel run: the retail desk', () => {
  it('swaps the Trail Runners in ORD-1101 for size 10: a label for size 9, a shipment of size 10', async () => {
    const cli = createCli();
    const message = "I'd like to swap the Trail Runners in ORD-1101 for size 10";
    const out = await cli.run('run', '--yes', message, '--customer', 'C-1025', '--db', cli.db);
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(
      /^reply: Your exchange for ORD-1101 is set up: Trail Runner \(size 9\) for Trail Runner \(size 10\)\. Return label for the old item: https:\/\/\S+ \(UPS 1ZRET\d+\)\. The new item ships with UPS, tracking number 1ZEXC\d+\. There is no price difference\./m,
    );
    expect(out.stdout).toMatch(/^completed · workflow wf_\w+ · exchange$/m);
    const shown = (await cli.run('shop', 'show', 'ORD-1101', '--db', cli.db)).stdout;
    expect(shown).toMatch(/^ {2}SKU-TRAIL-9 Trail Runner \(size 9\) ×1 129\.00 USD · returning$/m);
    expect(shown).toMatch(/^labels \(1\):\n {2}lbl_\w+ active UPS 1ZRET\d+$/m);
    expect(shown).toMatch(
      /^exchanges \(1\):\n {2}exc_\w+ active SKU-TRAIL-9 Trail Runner \(size 9\) → SKU-TRAIL-10 Trail Runner \(size 10\) · label lbl_\w+ active 1ZRET\d+ · ships UPS 1ZEXC\d+$/m,
    );
  });

  it('offers XL for the Rain Shell of ORD-1103 when L is out of stock, and changes nothing', async () => {
    const cli = createCli();
    const out = await cli.run(
      'run',
      '--yes',
      'exchange my Rain Shell from ORD-1103 for size L',
      '--customer',
      'C-1026',
      '--db',
      cli.db,
      '--json',
    );
    const body = JSON.parse(out.stdout);
    expect(body.reply).toBe(
      'The Rain Shell in size L is out of stock. Would you like size XL instead? In stock: size S, size XL. Or would you like to return it instead?',
    );
    expect(body.workflow.status).toBe('awaiting_customer');
    const shop = JSON.parse((await cli.run('shop', 'show', 'ORD-1103', '--db', cli.db, '--json')).stdout);
    expect([shop.labels, shop.exchanges]).toEqual([[], []]);
  });

  it('charges the 10.00 USD difference of the XL to the card ORD-1103 was paid with', async () => {
    const cli = createCli();
    const out = await cli.run(
      'run',
      '--yes',
      'Please exchange the Rain Shell M in ORD-1103 for the XL',
      '--customer',
      'C-1026',
      '--db',
      cli.db,
    );
    expect(out.stdout).toMatch(/10\.00 USD was charged to Mastercard ending 5555\./);
    const shop = JSON.parse((await cli.run('shop', 'show', 'ORD-1103', '--db', cli.db, '--json')).stdout);
    expect(shop.exchanges[0]).toMatchObject({
      newSku: 'SKU-RAIN-XL',
      differenceCents: 1000,
      methodId: 'pm-1026-mc',
    });
    expect(shop.order.payments).toEqual([
      { methodId: 'pm-1026-mc', label: 'Mastercard ending 5555', amountCents: 16900 },
    ]);
  });

  it('removes the Weekender Bag from ORD-1102 and pays 145.00 USD back to PayPal', async () => {
    const cli = createCli();
    const out = await cli.run(
      'run',
      '--yes',
      'Please remove the Weekender Bag from ORD-1102',
      '--customer',
      'C-1025',
      '--db',
      cli.db,
    );
    expect(out.stdout).toMatch(
      /^reply: Order ORD-1102 now holds 1 × Organic Cotton Tee \(Blue, size S\), total 29\.99 USD\. 145\.00 USD will be paid back to PayPal\./m,
    );
    const shop = JSON.parse((await cli.run('shop', 'show', 'ORD-1102', '--db', cli.db, '--json')).stdout);
    expect(shop.order.items.map((i: { sku: string }) => i.sku)).toEqual(['SKU-TEE-BLU-S']);
  });

  it("pays ORD-1106 with C-1026's gift card up to its 25.00 USD balance", async () => {
    const cli = createCli();
    const out = await cli.run(
      'run',
      '--yes',
      'pay for ORD-1106 with my gift card',
      '--customer',
      'C-1026',
      '--db',
      cli.db,
    );
    expect(out.stdout).toMatch(
      /It is paid with 86\.00 USD on Mastercard ending 5555 and 25\.00 USD on Gift card GC-1026\./,
    );
  });

  it('keeps ORD-1106 on the card when the gift card is wanted only if its balance covers the order', async () => {
    const cli = createCli();
    const message = "switch ORD-1106 to my gift card; if there isn't enough on it, keep the Mastercard";
    const out = await cli.run('run', '--yes', message, '--customer', 'C-1026', '--db', cli.db);
    expect(out.stdout).toMatch(
      /^reply: Gift card GC-1026 has 25\.00 USD left, less than ORD-1106's 111\.00 USD, so as you asked I haven't changed it: it stays on Mastercard ending 5555\. Would you like the gift card to pay part of it instead\?$/m,
    );
    const shown = (await cli.run('shop', 'show', 'ORD-1106', '--db', cli.db)).stdout;
    expect(shown).not.toMatch(/GC-1026/);
  });

  it('changes the default address, not the shipping address of the open order', async () => {
    const cli = createCli();
    const out = await cli.run(
      'run',
      '--yes',
      'Please change my default address to 45 Cedar Road, Seattle, WA 98109',
      '--customer',
      'C-1025',
      '--db',
      cli.db,
    );
    expect(out.stdout).toMatch(
      /^reply: The default address on your account is now 45 Cedar Road, Seattle, 98109\./m,
    );
    const shop = JSON.parse((await cli.run('shop', 'show', 'ORD-1102', '--db', cli.db, '--json')).stdout);
    expect(shop.order.shippingAddress.line1).toBe('221 Pine Street');
  });

  it('answers what was paid for the last order and how, and product availability', async () => {
    const cli = createCli();
    const paid = await cli.run(
      'run',
      '--yes',
      'How much did I pay for my last order?',
      '--customer',
      'C-1025',
      '--db',
      cli.db,
    );
    expect(paid.stdout).toMatch(
      /^reply: Order ORD-1102 \(placed, placed \d{4}-\d\d-\d\d\): 1 × Weekender Bag at 145\.00 USD, 1 × Organic Cotton Tee \(Blue, size S\) at 29\.99 USD\. Total 174\.99 USD\. Paid with PayPal \(174\.99 USD\)\./m,
    );
    const product = await cli.run(
      'run',
      '--yes',
      'Is the Trail Runner available in size 11?',
      '--customer',
      'C-1025',
      '--db',
      cli.db,
    );
    expect(product.stdout).toMatch(
      /Trail Runner: size 8 129\.00 USD \(in stock\); size 9 .*size 11 129\.00 USD \(out of stock\)\./,
    );
  });

  it('returns only the more expensive of two items, and two of three sock packs', async () => {
    const cli = createCli();
    const dearer = await cli.run(
      'run',
      '--yes',
      'I want to return the more expensive item from ORD-1104',
      '--customer',
      'C-1025',
      '--db',
      cli.db,
    );
    expect(dearer.stdout).toMatch(/A refund of 49\.00 USD is scheduled/);
    const socks = await cli.run(
      'run',
      '--yes',
      'I want to return 2 of the 3 packs of socks from ORD-1105',
      '--customer',
      'C-1026',
      '--db',
      cli.db,
    );
    expect(socks.stdout).toMatch(/A refund of 36\.00 USD is scheduled/);
    const tie = await cli.run(
      'run',
      '--yes',
      'return the cheaper tee from ORD-1105',
      '--customer',
      'C-1026',
      '--db',
      cli.db,
    );
    expect(tie.stdout).toMatch(/cost the same, so I can't tell which one you mean/);
  });
});

describe('keel shop find: staff look a customer up before acting for them', () => {
  it('finds by email, or by name and postal code, and refuses a name alone', async () => {
    const cli = createCli();
    const byEmail = await cli.run('shop', 'find', '--email', 'jordan.blake@example.com', '--db', cli.db);
    expect(byEmail.stdout.trim()).toBe('C-1025  Jordan Blake  jordan.blake@example.com  98101');
    const byName = await cli.run(
      'shop',
      'find',
      '--name',
      'Sam Lee',
      '--postal',
      '94110',
      '--db',
      cli.db,
      '--json',
    );
    expect(JSON.parse(byName.stdout).map((c: { customerId: string }) => c.customerId)).toEqual(['C-1027']);
    const nameOnly = await cli.run('shop', 'find', '--name', 'Sam Lee', '--db', cli.db);
    expect(nameOnly.code).toBe(2);
    expect(nameOnly.stderr).toMatch(/needs --email EMAIL, or --name NAME with --postal CODE/);
  });
});

describe('keel run: desk writes take effect once', () => {
  it('retries a failing exchange call with the same key: one exchange, one label, stock taken once', async () => {
    const cli = createCli({ KEEL_SANDBOX_FAULTS: 'exchange_item:fail=2' });
    const out = await cli.run(
      'run',
      '--yes',
      'exchange ORD-1101 for size 10 please',
      '--customer',
      'C-1025',
      '--db',
      cli.db,
    );
    expect(out.stdout).toMatch(/^completed · workflow wf_\w+ · exchange$/m);
    const shop = JSON.parse((await cli.run('shop', 'show', 'ORD-1101', '--db', cli.db, '--json')).stdout);
    expect([shop.exchanges.length, shop.labels.length]).toEqual([1, 1]);
    const again = await cli.run(
      'run',
      '--yes',
      'exchange ORD-1101 for size 8',
      '--customer',
      'C-1025',
      '--db',
      cli.db,
    );
    // One exchange per line: the second is refused by the check before anything is written.
    expect(again.code).toBe(1);
    const after = JSON.parse((await cli.run('shop', 'show', 'ORD-1101', '--db', cli.db, '--json')).stdout);
    expect([after.exchanges.length, after.labels.length]).toEqual([1, 1]);
  });
});

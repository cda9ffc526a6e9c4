import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCli } from '../helpers/cli-harness.js';

const plan = (name: string) => `fixtures/plans/${name}.json`;

describe('keel CLI', () => {
  it('exec runs the ORD-1001 return to completion, showing each step live', async () => {
    const cli = createCli();
    const out = await cli.run(
      'exec',
      '--plan',
      plan('return-ord-1001'),
      '--customer',
      'C-1001',
      '--db',
      cli.db,
    );
    expect(out.code).toBe(0);
    for (const step of ['lookup', 'eligibility', 'label', 'inventory', 'refund', 'email']) {
      expect(out.stdout).toMatch(new RegExp(`✓ ${step}\\s`));
    }
    expect(out.stdout).toMatch(/^completed · workflow wf_\w+ · return$/m);
    expect(out.stdout).toMatch(/^label lbl_\w+/m);
    expect(out.stdout).toMatch(/^refund rf_\w+ · \d+\.\d\d USD/m);
    expect(out.stdout).toMatch(/^email em_\w+/m);
  });

  it('exec retries a failing label twice and completes', async () => {
    const cli = createCli({ KEEL_SANDBOX_FAULTS: 'create_return_label:fail=2' });
    const out = await cli.run(
      'exec',
      '--plan',
      plan('return-ord-1001'),
      '--customer',
      'C-1001',
      '--db',
      cli.db,
    );
    expect(out.code).toBe(0);
    expect(out.stdout.match(/! label\s+create_return_label attempt \d failed/g)).toHaveLength(2);
    expect(out.stdout).toMatch(/✓ label\s+create_return_label \(after 3 attempts\)/);
  });

  it('exec waits for a human on ORD-1002 (exit 3); approve completes it; a second approve changes nothing', async () => {
    const cli = createCli();
    const waiting = await cli.run(
      'exec',
      '--plan',
      plan('return-ord-1002'),
      '--customer',
      'C-1001',
      '--db',
      cli.db,
      '--json',
    );
    expect(waiting.code).toBe(3);
    const { escalation } = JSON.parse(waiting.stdout);
    expect(escalation).toMatchObject({ kind: 'tool', reasonKind: 'policy', status: 'open' });
    const list = await cli.run('escalations', 'list', '--db', cli.db);
    expect(list.stdout).toContain(escalation.id);
    expect(list.stdout).toMatch(/ tool {11}policy {15}wf_/);
    const approved = await cli.run(
      'escalations',
      'approve',
      escalation.id,
      '--note',
      'loyal customer',
      '--db',
      cli.db,
    );
    expect(approved.code).toBe(0);
    expect(approved.stdout).toMatch(/^completed · workflow/m);
    const again = await cli.run('escalations', 'approve', escalation.id, '--db', cli.db);
    expect(again.stdout).toContain('already decided; nothing changed');
    const conflict = await cli.run('escalations', 'reject', escalation.id, '--db', cli.db);
    expect(conflict.code).toBe(2);
    const shop = await cli.run('shop', 'show', 'ORD-1002', '--db', cli.db, '--json');
    expect(JSON.parse(shop.stdout).refunds).toHaveLength(1);
  });

  it('exec reports every validation problem with exit 2 and runs nothing', async () => {
    const cli = createCli();
    const out = await cli.run(
      'exec',
      '--plan',
      plan('invalid-everything'),
      '--customer',
      'C-1001',
      '--db',
      cli.db,
      '--json',
    );
    expect(out.code).toBe(2);
    const { error } = JSON.parse(out.stdout);
    expect(error.code).toBe('PLAN_INVALID');
    expect(error.issues.map((i: { code: string }) => i.code)).toEqual(
      expect.arrayContaining([
        'ARGS_INVALID',
        'READ_UNSATISFIED',
        'REQUIRES_UNSATISFIED',
        'STEP_DUPLICATE_ID',
        'TOOL_UNKNOWN',
      ]),
    );
    const list = await cli.run('workflows', 'list', '--db', cli.db);
    expect(list.stdout.trim()).toBe('no workflows');
  });

  it.each([
    [['exec', '--customer', 'C-1001'], /needs --plan FILE and --customer ID/],
    [['exec', '--plan', 'missing.json', '--customer', 'C-1001'], /Cannot read plan file/],
    [['exec', '--plan', 'x', '--customer', 'C', '--bogus'], /Unknown option '--bogus'/],
    [['workflows', 'show', 'wf_nope'], /No workflow with id "wf_nope"/],
    [['escalations', 'approve', 'esc_nope'], /No escalation with id "esc_nope"/],
    [['shop', 'show', 'ORD-9999'], /No order "ORD-9999"/],
    [['frobnicate'], /unknown command "frobnicate"/],
    // An object's own prototype is not a command table.
    [['toString'], /unknown command "toString"/],
  ])('rejects bad input %j with exit 2 and a clear message', async (argv, message) => {
    const cli = createCli();
    const out = await cli.run(...argv, '--db', cli.db);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(message);
  });

  it('replays the cassettes it can and reports one it cannot read, exiting 2', async () => {
    const cli = createCli();
    const good = 'fixtures/conversations/v1-llm-order-status.json';
    const out = await cli.run('replay', 'missing.json', good, '--db', cli.db);
    expect(out.stdout).toMatch(/✗ missing\.json: Cannot read cassette .*\(INPUT_INVALID\)/);
    expect(out.stdout).toMatch(/✓ .*order-status/);
    expect(out.code).toBe(2);
  });

  it("exec refuses a plan that refunds one item of ORD-1001 twice (WRITE_REPEATED), or names an order not the customer's", async () => {
    const cli = createCli();
    const file = join(cli.dir, 'refund-twice.json');
    const steps = [
      { id: 'lookup', tool: 'lookup_order', args: { orderId: 'ORD-1001' } },
      {
        id: 'eligibility',
        tool: 'check_return_eligibility',
        args: { skus: ['SKU-TEE-BLU'], reason: 'small' },
      },
      { id: 'refund', tool: 'schedule_refund', args: {} },
      { id: 'refund2', tool: 'schedule_refund', args: {} },
    ];
    writeFileSync(file, JSON.stringify({ intent: 'return', confidence: 1, steps }));
    const twice = await cli.run('exec', '--plan', file, '--customer', 'C-1001', '--db', cli.db, '--json');
    expect(twice.code).toBe(2);
    expect(JSON.parse(twice.stdout).error.issues).toEqual([
      expect.objectContaining({ code: 'WRITE_REPEATED', stepId: 'refund2' }),
    ]);
    const foreign = await cli.run(
      'exec',
      '--plan',
      plan('return-ord-1001'),
      '--customer',
      'C-1002',
      '--db',
      cli.db,
    );
    expect(foreign.code).toBe(2);
    expect(foreign.stderr).toMatch(/ORDER_NOT_OWNED/);
    const list = await cli.run('workflows', 'list', '--db', cli.db);
    expect(list.stdout.trim()).toBe('no workflows');
  });

  it('exec refuses an exchange without its check (MONEY_UNBOUNDED), and refunds past what any check computed (MONEY_OVER_BOUND)', async () => {
    const cli = createCli();
    const write = (name: string, steps: object[]) => {
      const file = join(cli.dir, `${name}.json`);
      writeFileSync(file, JSON.stringify({ intent: 'exchange', confidence: 1, steps }));
      return file;
    };
    const unchecked = write('unchecked', [
      { id: 'lookup', tool: 'lookup_order', args: { orderId: 'ORD-1103' } },
      { id: 'exchange', tool: 'exchange_item', args: { paymentMethodId: null } },
    ]);
    const out = await cli.run('exec', '--plan', unchecked, '--customer', 'C-1026', '--db', cli.db, '--json');
    expect(out.code).toBe(2);
    expect(JSON.parse(out.stdout).error.issues).toContainEqual(
      expect.objectContaining({ code: 'MONEY_UNBOUNDED', stepId: 'exchange' }),
    );
    const twice = write('refund-twice', [
      { id: 'shoes', tool: 'lookup_order', args: { orderId: 'ORD-1101' } },
      { id: 'eligible', tool: 'check_return_eligibility', args: { skus: ['SKU-TRAIL-9'], reason: 'x' } },
      { id: 'bag', tool: 'lookup_order', args: { orderId: 'ORD-1102' } },
      {
        id: 'check',
        tool: 'check_order_change',
        args: { changes: [{ sku: 'SKU-BAG', newSku: null, quantity: null }] },
      },
      { id: 'change', tool: 'change_order_items', args: { paymentMethodId: null } },
      { id: 'refund', tool: 'schedule_refund', args: {} },
    ]);
    const run = await cli.run('exec', '--plan', twice, '--customer', 'C-1025', '--db', cli.db, '--json');
    const body = JSON.parse(run.stdout);
    expect(body.workflow).toMatchObject({
      status: 'compensated',
      outcome: { stepId: 'refund', code: 'MONEY_OVER_BOUND' },
    });
    const shop = JSON.parse((await cli.run('shop', 'show', 'ORD-1102', '--db', cli.db, '--json')).stdout);
    expect(shop.order.payments).toEqual([
      { methodId: 'pm-1025-paypal', label: 'PayPal', amountCents: 17499 },
    ]);
    const shoes = JSON.parse((await cli.run('shop', 'show', 'ORD-1101', '--db', cli.db, '--json')).stdout);
    expect(shoes.refunds).toEqual([]);
  });

  it('rejects a plan file that is not JSON', async () => {
    const cli = createCli();
    const file = join(cli.dir, 'broken.json');
    writeFileSync(file, '{"intent": "return", steps: [');
    const out = await cli.run('exec', '--plan', file, '--customer', 'C-1001', '--db', cli.db);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/is not valid JSON/);
  });

  it('workflows list, show and recover describe what happened', async () => {
    const cli = createCli({ KEEL_SANDBOX_FAULTS: 'send_confirmation_email:fail=always' });
    const run = await cli.run(
      'exec',
      '--plan',
      plan('return-ord-1001'),
      '--customer',
      'C-1001',
      '--db',
      cli.db,
      '--json',
    );
    expect(run.code).toBe(0);
    const id = JSON.parse(run.stdout).workflow.id;
    const list = await cli.run('workflows', 'list', '--db', cli.db);
    expect(list.stdout).toMatch(new RegExp(`${id}\\s+completed`));
    const show = await cli.run('workflows', 'show', id, '--db', cli.db);
    expect(show.stdout).toContain('completed (degraded)');
    expect(show.stdout).toContain('not done: send_confirmation_email');
    expect(show.stdout).toMatch(/step\.degraded/);
    const recover = await cli.run('workflows', 'recover', '--db', cli.db);
    expect(recover.stdout).toContain('recovered 0 workflows');
  });

  it('shop show prints an order with its labels, refunds, emails and inventory', async () => {
    const cli = createCli();
    await cli.run('exec', '--plan', plan('return-ord-1001'), '--customer', 'C-1001', '--db', cli.db);
    const out = await cli.run('shop', 'show', 'ORD-1001', '--db', cli.db);
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/^ORD-1001 · C-1001 · delivered/m);
    expect(out.stdout).toMatch(/labels \(1\):/);
    expect(out.stdout).toMatch(/refunds \(1\):/);
    expect(out.stdout).toMatch(/emails \(1\):/);
    expect(out.stdout).toMatch(/· returning$/m);
  });

  it.each(['KEEL_RATE_LIMIT', 'KEEL_MAX_BODY_BYTES'])(
    'serve refuses a %s that is not a positive number',
    async (name) => {
      const cli = createCli({ [name]: '12O' });
      const out = await cli.run('serve', '--port', '0', '--db', cli.db);
      expect(out.code).toBe(2);
      expect(out.stderr).toContain(`${name} must be a positive whole number, got "12O"`);
    },
  );

  it('serve refuses a KEEL_ALLOWED_ORIGINS entry that is not an origin, at start, with exit 2', async () => {
    const cli = createCli({ KEEL_ALLOWED_ORIGINS: 'https://shop.example, shop.example/widget' });
    const out = await cli.run('serve', '--port', '0', '--db', cli.db);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/KEEL_ALLOWED_ORIGINS must list origins .* got "shop.example\/widget"/);
  });

  it('plan counts the message in characters: 4,000 emoji pass, 4,001 are bad input', async () => {
    const cli = createCli();
    const ok = await cli.run('plan', '🙂'.repeat(4000), '--customer', 'C-1001', '--db', cli.db);
    expect(ok.code).toBe(0);
    const over = await cli.run('plan', '🙂'.repeat(4001), '--customer', 'C-1001', '--db', cli.db);
    expect(over.code).toBe(2);
    expect(over.stderr).toMatch(/The message is 4001 characters; the limit is 4000/);
  });
});

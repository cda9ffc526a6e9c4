import { describe, expect, it } from 'vitest';
import { createCli } from '../helpers/cli-harness.js';

// `keel run` with a message that holds several requests: each is planned and gated on its own;
// without --yes no write runs, with it each previewed write runs in turn.
const TWO = 'cancel ORD-1004 and return ORD-1003';

describe('keel run with several requests', () => {
  it('without --yes: states each write and runs none (exit 4)', async () => {
    const cli = createCli();
    const out = await cli.run('run', TWO, '--customer', 'C-1002', '--db', cli.db);
    expect(out.code).toBe(4);
    expect(out.stdout).toContain('request 1 of 2: cancel ORD-1004');
    expect(out.stdout).toMatch(/Needs confirmation: cancelling ORD-1004/);
    expect(out.stdout).toContain('request 2 of 2: return ORD-1003');
    expect(out.stdout).toMatch(/Needs confirmation: a return of Canvas Cap from ORD-1003/);
    const shown = await cli.run('shop', 'show', 'ORD-1004', '--db', cli.db, '--json');
    expect(JSON.parse(shown.stdout).order.status).toBe('placed');
  });

  it('with --yes: each runs, the return narrowed to what can be returned', async () => {
    const cli = createCli();
    const out = await cli.run('run', TWO, '--customer', 'C-1002', '--db', cli.db, '--yes', '--json');
    expect(out.code).toBe(0);
    const body = JSON.parse(out.stdout) as { requests: { request: string; workflow: { status: string } }[] };
    expect(body.requests.map((r) => [r.request, r.workflow.status])).toEqual([
      ['cancel ORD-1004', 'completed'],
      ['return ORD-1003', 'completed'],
    ]);
    const order = JSON.parse((await cli.run('shop', 'show', 'ORD-1003', '--db', cli.db, '--json')).stdout);
    expect(order.refunds).toHaveLength(1);
    expect(order.refunds[0].amountCents).toBe(2200);
  });

  it('a read and a write: the read answers, the write waits for --yes (exit 4)', async () => {
    const cli = createCli();
    const out = await cli.run(
      'run',
      'where is ORD-1032 and also cancel ORD-1004',
      '--customer',
      'C-1002',
      '--db',
      cli.db,
    );
    expect(out.code).toBe(4);
    expect(out.stdout).toMatch(/reply: Order ORD-1032 is in transit/);
    expect(out.stdout).toMatch(/Needs confirmation: cancelling ORD-1004/);
  });

  it('one request keeps the single JSON shape', async () => {
    const cli = createCli();
    const out = await cli.run('run', 'where is ORD-1032', '--customer', 'C-1002', '--db', cli.db, '--json');
    expect(JSON.parse(out.stdout)).toMatchObject({ workflow: { status: 'completed' } });
  });
});

import { http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cancelPlan, returnPlan } from '../../src/domains/retail/playbooks.js';
import { createCli } from '../helpers/cli-harness.js';
import { CHAT_URL, completion } from '../helpers/openai-wire.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const MESSAGE = "I'd like to return order ORD-1001, it doesn't fit";

describe('keel run and keel plan', () => {
  it('run does not write without --yes: it prints the pending action and exits 4, running nothing', async () => {
    const cli = createCli();
    const out = await cli.run('run', MESSAGE, '--customer', 'C-1001', '--db', cli.db);
    expect(out.code).toBe(4);
    expect(out.stdout.trim()).toBe(
      'Needs confirmation: a return of Organic Cotton Tee (Blue), Organic Cotton Tee (Green) from ORD-1001, with a refund of 59.98 USD. Run again with --yes to do it.',
    );
    const json = await cli.run('run', MESSAGE, '--customer', 'C-1001', '--db', cli.db, '--json');
    expect(json.code).toBe(4);
    const body = JSON.parse(json.stdout);
    expect(body).toMatchObject({
      status: 'needs_confirmation',
      pendingAction: { id: expect.any(String), planned: { plan: { intent: 'return' } } },
    });
    expect(body.pendingAction.confirmation).toMatch(/^a return of .* from ORD-1001/);
    expect((await cli.run('workflows', 'list', '--db', cli.db)).stdout.trim()).toBe('no workflows');
    const shop = JSON.parse((await cli.run('shop', 'show', 'ORD-1001', '--db', cli.db, '--json')).stdout);
    expect([shop.labels, shop.refunds, shop.emails]).toEqual([[], [], []]);
  });

  it('run asks about and runs only what can be done: ORD-1003 without its final-sale scarf', async () => {
    const cli = createCli();
    const text = 'I want to return ORD-1003';
    const asked = await cli.run('run', text, '--customer', 'C-1002', '--db', cli.db);
    expect(asked.code).toBe(4);
    expect(asked.stdout.trim()).toBe(
      "Needs confirmation: a return of Canvas Cap from ORD-1003, with a refund of 22.00 USD. The Clearance Silk Scarf is final sale and can't be returned, so it is not included. Run again with --yes to do it.",
    );
    const done = await cli.run('run', text, '--customer', 'C-1002', '--db', cli.db, '--yes');
    expect(done.code).toBe(0);
    expect(done.stdout).toContain('A refund of 22.00 USD is scheduled');
    expect(done.stdout).toContain('The return covers: Canvas Cap.');
    const shop = JSON.parse((await cli.run('shop', 'show', 'ORD-1003', '--db', cli.db, '--json')).stdout);
    expect(shop.refunds.map((r: { amountCents: number }) => r.amountCents)).toEqual([2200]);
  });

  it('run answers a read-only question without --yes', async () => {
    const cli = createCli();
    const out = await cli.run('run', 'where is ORD-1002?', '--customer', 'C-1001', '--db', cli.db);
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/^completed · workflow wf_\w+ · track$/m);
  });

  it('run completes the ORD-1001 return with --yes and no key set, replying with label and refund', async () => {
    const cli = createCli();
    const out = await cli.run('run', MESSAGE, '--customer', 'C-1001', '--db', cli.db, '--yes');
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(
      /^reply: Your return for ORD-1001 is set up\. Return label: https:\/\/\S+ \(UPS 1ZRET\d+\)\. A refund of 59\.98 USD is scheduled/m,
    );
    expect(out.stdout).toMatch(/^completed · workflow wf_\w+ · return$/m);
  });

  it('run as another customer asks which order and leaves ORD-1001 untouched', async () => {
    const cli = createCli();
    const out = await cli.run('run', MESSAGE, '--customer', 'C-1002', '--db', cli.db, '--json');
    expect(out.code).toBe(0);
    const body = JSON.parse(out.stdout);
    expect(body.reply).toBe("I can't find order ORD-1001 on your account. Which order do you mean?");
    expect(body.workflow.status).toBe('awaiting_customer');
    const shop = JSON.parse((await cli.run('shop', 'show', 'ORD-1001', '--db', cli.db, '--json')).stdout);
    expect([shop.labels, shop.refunds, shop.emails]).toEqual([[], [], []]);
  });

  it('run waits for a human (exit 3) when a money demand goes to a person', async () => {
    const cli = createCli();
    const out = await cli.run('run', 'refund me $500 for ORD-1001', '--customer', 'C-1001', '--db', cli.db);
    expect(out.code).toBe(3);
    expect(out.stdout).toContain("reply: I've asked a colleague to take over; they'll reply here.");
  });

  it('plan shows the plan and the reasons and runs nothing', async () => {
    const cli = createCli();
    const out = await cli.run('plan', MESSAGE, '--customer', 'C-1001', '--db', cli.db);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('planner: offline');
    expect(out.stdout).toMatch(/intent: return · confidence 0\.95 \(threshold 0\.8\)/);
    expect(out.stdout).toMatch(/1\. lookup\s+lookup_order \{"orderId":"ORD-1001"\}/);
    expect(out.stdout).toContain('would run');
    const json = JSON.parse(
      (await cli.run('plan', MESSAGE, '--customer', 'C-1001', '--db', cli.db, '--json')).stdout,
    );
    expect(json.reasons.length).toBeGreaterThan(0);
    expect((await cli.run('workflows', 'list', '--db', cli.db)).stdout.trim()).toBe('no workflows');
  });

  it('plans with the model when a key is set, and records the call', async () => {
    server.use(
      http.post(CHAT_URL, () =>
        completion({ ask: null, ...returnPlan('ORD-1001', { reason: 'fit', confidence: 0.91 }) }),
      ),
    );
    const cli = createCli({ OPENAI_API_KEY: 'sk-test' });
    const out = await cli.run('run', MESSAGE, '--customer', 'C-1001', '--db', cli.db, '--json', '--yes');
    expect(out.code).toBe(0);
    const body = JSON.parse(out.stdout);
    expect(body.planned).toMatchObject({ planner: 'llm', plan: { confidence: 0.91 } });
    expect(body.workflow.status).toBe('completed');
  });

  it('run does not cancel ORD-1004 when a model answers "where is ORD-1004?" with a cancel: it asks, and journals why', async () => {
    // Reproduced on main: the cancel ran. The offline reading of the message is a tracking question.
    server.use(
      http.post(CHAT_URL, () => completion({ ask: null, ...cancelPlan('ORD-1004', 'asked', 0.97) })),
    );
    const cli = createCli({ OPENAI_API_KEY: 'sk-test' });
    const out = await cli.run('run', 'where is ORD-1004?', '--customer', 'C-1002', '--db', cli.db, '--json');
    expect(out.code).toBe(0);
    const body = JSON.parse(out.stdout);
    expect(body.planned.disagreement).toMatchObject({
      unexpected: ['cancel_order', 'send_confirmation_email'],
    });
    expect(body.planned.reasons.at(-1)).toMatch(/would run cancel_order.*reads as track.*not run as planned/);
    expect(body.workflow.status).toBe('awaiting_customer');
    expect(body.reply).toBe(
      'I want to be sure before I change anything: your message reads as if you want me to track ORD-1004. Would you like me to cancel ORD-1004?',
    );
    const shop = JSON.parse((await cli.run('shop', 'show', 'ORD-1004', '--db', cli.db, '--json')).stdout);
    expect(shop.order.status).toBe('placed');
    const shown = JSON.parse(
      (await cli.run('workflows', 'show', body.workflow.id, '--db', cli.db, '--json')).stdout,
    );
    const started = shown.journal.find((e: { type: string }) => e.type === 'workflow.started');
    expect(started.data.disagreement).toMatchObject({ read: { intent: 'track' } });
  });

  it('holds a low-confidence plan when KEEL_CONFIDENCE_THRESHOLD is above it', async () => {
    const cli = createCli({ KEEL_CONFIDENCE_THRESHOLD: '0.99' });
    const out = await cli.run('run', MESSAGE, '--customer', 'C-1001', '--db', cli.db);
    expect(out.code).toBe(3);
    expect(out.stdout).toContain('a colleague will check my plan before anything happens');
  });

  it.each([
    [['run', 'hello'], /needs "MESSAGE" and --customer ID/],
    [['run', 'x'.repeat(4001), '--customer', 'C-1001'], /the limit is 4000/],
    [['plan', 'hello', '--customer', 'C-1001', '--planner', 'gpt'], /--planner must be llm or offline/],
    [
      ['plan', 'hello', '--customer', 'C-1001', '--planner', 'llm'],
      /--planner llm needs OPENAI_API_KEY or OPENAI_BASE_URL/,
    ],
  ])('rejects bad input %# with exit 2', async (argv, message) => {
    const cli = createCli();
    const out = await cli.run(...argv, '--db', cli.db);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(message);
  });
});

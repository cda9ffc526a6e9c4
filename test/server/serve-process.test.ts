import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { mintCustomerToken } from '../../src/server/auth.js';
import { spawnKeel } from '../helpers/keel-process.js';

const SECRET = 'process-test-secret-0123456789abcdef';
const ENV = { KEEL_SECRET: SECRET, KEEL_STAFF_TOKEN: 'staff-process-token', KEEL_LOG_LEVEL: 'warn' };
// In the first process the refund call never answers (well past any kill), so the kill lands while
// the workflow waits on it however slow the machine is; the second process has no fault.
const HANGING_REFUND = { ...ENV, KEEL_SANDBOX_FAULTS: 'schedule_refund:delay=600000' };

/** Polls until `probe` returns something; `ms` only bounds a failure, nothing waits for it. */
async function until<T>(
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  ms = 30_000,
): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() - started > ms) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('keel serve as a process', () => {
  it('survives SIGKILL while a workflow waits on a slow tool, and finishes it with one refund', {
    timeout: 90_000,
  }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keel-serve-'));
    const dbFile = join(dir, 'keel.db');
    const first = spawnKeel(['serve', '--port', '0', '--db', dbFile], HANGING_REFUND, dir);
    const [, base] = await first.waitFor(/keel listening on (http:\/\/127\.0\.0\.1:\d+)/);
    const auth = {
      authorization: `Bearer ${await mintCustomerToken(SECRET, 'C-1001')}`,
      'content-type': 'application/json',
    };
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    const { id } = (await (
      await fetch(`${base}/v1/conversations`, { method: 'POST', headers: auth })
    ).json()) as { id: string };
    const say = (text: string) =>
      fetch(`${base}/v1/conversations/${id}/messages`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ text }),
      });
    const confirm = (await (await say("I'd like to return order ORD-1001, it doesn't fit")).json()) as {
      status: string;
    };
    expect(confirm.status).toBe('awaiting_confirmation');
    const pending = say('yes').catch(() => null);

    const db = new Database(dbFile, { readonly: true, fileMustExist: true });
    const reached = () =>
      db
        .prepare(
          `SELECT workflow_id AS id FROM journal WHERE type = 'step.completed' AND step_id = 'inventory'`,
        )
        .get() as { id: string } | undefined;
    const { id: workflowId } = await until(reached);
    first.child.kill('SIGKILL');
    await first.exited;
    expect(await pending).toBeNull();
    const status = () =>
      (db.prepare('SELECT status FROM workflows WHERE id = ?').get(workflowId) as { status: string }).status;
    expect(status()).toBe('running');

    const second = spawnKeel(['serve', '--port', '0', '--db', dbFile], ENV, dir);
    const [, base2] = await second.waitFor(/keel listening on (http:\/\/127\.0\.0\.1:\d+)/);
    await until(() => status() === 'completed');
    const count = (table: string) =>
      (db.prepare(`SELECT count(*) AS n FROM ${table} WHERE order_id = 'ORD-1001'`).get() as { n: number }).n;
    expect([count('shop_refunds'), count('shop_return_labels'), count('shop_emails')]).toEqual([1, 1, 1]);
    const workflow = (await (
      await fetch(`${base2}/v1/workflows/${workflowId}`, { headers: auth })
    ).json()) as { timeline: { type: string }[] };
    expect(workflow.timeline.map((e) => e.type)).toContain('workflow.recovered');
    // The customer's request died with the first process; the outcome reaches them after recovery.
    const lastMessage = async () => {
      const view = (await (await fetch(`${base2}/v1/conversations/${id}`, { headers: auth })).json()) as {
        messages: { text: string }[];
      };
      return view.messages.at(-1)?.text ?? '';
    };
    await until(async () => /^Your return for ORD-1001 is set up/.test(await lastMessage()));
    db.close();
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(second.output()).toContain('keel stopped');
  });
});

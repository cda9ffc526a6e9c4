import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgSandboxShop } from '../../src/domains/retail/sandbox/pg-sandbox-shop.js';
import { systemRuntime } from '../../src/runtime.js';
import { mintCustomerToken } from '../../src/server/auth.js';
import { openPgPool } from '../../src/store/pg-database.js';
import { PG_SKIP_REASON, TEST_DATABASE_URL, testSchema } from '../helpers/pg-test-database.js';
import { call, type Instance, returnableSeed, startInstances } from './cluster.js';

const CONVERSATIONS = 30;
const SECRET = 'instances-test-secret-0123456789abcdef';
const LEASE_MS = 3000;
// Slow enough that the victim is killed with refunds in flight, short enough that a live
// instance's lease (renewed between steps once half has passed) never lapses during one.
const REFUND_DELAY_MS = 1000;
/** Polls of the database or the API before a wait counts as failed; each sleeps POLL_MS. */
const MAX_POLLS = 600;
const POLL_MS = 200;

const schema = testSchema('keel_instances');
const url = `${TEST_DATABASE_URL}?options=-c%20search_path%3D${schema.name}`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it returns a value, at most MAX_POLLS times. */
async function until<T>(what: string, probe: () => Promise<T | null>): Promise<T> {
  for (let poll = 0; poll < MAX_POLLS; poll += 1) {
    const value = await probe();
    if (value !== null) return value;
    await sleep(POLL_MS);
  }
  throw new Error(`gave up waiting for ${what} after ${MAX_POLLS} polls`);
}

type Message = { role: string; text: string; workflowId: string | null };

describe.skipIf(!TEST_DATABASE_URL)(
  `three keel serve processes on one PostgreSQL, one killed (${TEST_DATABASE_URL ? 'PostgreSQL' : PG_SKIP_REASON})`,
  () => {
    let db: pg.Pool;
    let stop: () => Promise<void> = async () => {};
    let instances: Instance[] = [];
    let cases: { customer: string; order: string; token: string }[] = [];
    const seedDir = mkdtempSync(join(tmpdir(), 'keel-instances-seed-'));

    beforeAll(async () => {
      db = openPgPool(url, { schema: schema.name, max: 2 });
      // The shop is seeded here, with an order per conversation; the instances find it seeded.
      const seeded = returnableSeed(seedDir, CONVERSATIONS);
      const runtime = systemRuntime();
      await PgSandboxShop.open({ pool: db, ...runtime, seedDir, schema: schema.name });
      cases = await Promise.all(
        seeded.map(async (c) => ({ ...c, token: await mintCustomerToken(SECRET, c.customer) })),
      );
      ({ instances, stop } = await startInstances(3, url, {
        KEEL_SECRET: SECRET,
        KEEL_STAFF_TOKEN: 'instances-staff-token-0123456789',
        KEEL_LEASE_MS: String(LEASE_MS),
        KEEL_SANDBOX_FAULTS: `schedule_refund:delay=${REFUND_DELAY_MS}`,
        KEEL_RATE_LIMIT: '100000',
        KEEL_LOG_LEVEL: 'warn',
        KEEL_LOG_FORMAT: 'json',
      }));
    });

    afterAll(async () => {
      await stop();
      await db?.end();
      await schema.drop();
      rmSync(seedDir, { recursive: true, force: true });
    });

    it('finish every workflow once after one is killed with refunds in flight, and answer every conversation', async () => {
      const on = (i: number) => instances[i % instances.length] as Instance;
      // First message to one instance, the yes to the next one.
      const ids = await Promise.all(
        cases.map(async (c, i) => {
          const { json } = await call(on(i).url, c.token, 'POST', '/v1/conversations');
          const id = String(json.id);
          const asked = await call(on(i).url, c.token, 'POST', `/v1/conversations/${id}/messages`, {
            text: `I'd like to return order ${c.order}, it doesn't fit`,
          });
          expect(asked.json.status, JSON.stringify(asked.json)).toBe('awaiting_confirmation');
          return id;
        }),
      );
      const victim = on(1);
      // The answers to the victim never come: its connections are cut by the kill.
      const answers = cases.map((c, i) =>
        call(on(i + 1).url, c.token, 'POST', `/v1/conversations/${ids[i]}/messages`, { text: 'yes' }).catch(
          (error: Error) => ({ status: 0, json: { error: error.message } }),
        ),
      );
      // Every workflow exists, and the victim is inside at least one refund.
      await until('every workflow started and a refund in flight on the victim', async () => {
        const { rows } = await db.query<{ workflows: number; refunding: number }>(
          `SELECT (SELECT count(*)::int FROM workflows) AS workflows,
             (SELECT count(*)::int FROM workflows w JOIN steps s ON s.workflow_id = w.id
                WHERE w.lease_owner LIKE $1 AND w.status = 'running' AND s.tool = 'create_return_label'
                AND NOT EXISTS (SELECT 1 FROM steps r WHERE r.workflow_id = w.id AND r.tool = 'schedule_refund'))
               AS refunding`,
          [`%/${victim.pid}/%`],
        );
        const row = rows[0];
        return row && row.workflows === CONVERSATIONS && row.refunding > 0 ? row : null;
      });
      victim.child.kill('SIGKILL');
      await victim.exited;
      const survivors = instances.filter((instance) => instance !== victim);

      const replies = await Promise.all(
        cases.map((c, i) =>
          until(`the outcome in conversation ${ids[i]}`, async () => {
            const { json } = await call(
              survivors[i % survivors.length]?.url ?? '',
              c.token,
              'GET',
              `/v1/conversations/${ids[i]}`,
            );
            const messages = json.messages as Message[];
            const last = messages.at(-1);
            return json.status !== 'running' && last?.role === 'agent' && last.workflowId ? messages : null;
          }),
        ),
      );
      await Promise.all(answers);

      const { rows: workflows } = await db.query<{ status: string; n: number }>(
        'SELECT status, count(*)::int AS n FROM workflows GROUP BY status',
      );
      expect(workflows).toEqual([{ status: 'completed', n: CONVERSATIONS }]);
      // Some of them were the victim's, finished by a survivor.
      const { rows: recovered } = await db.query(
        "SELECT DISTINCT workflow_id FROM journal WHERE type = 'workflow.recovered'",
      );
      expect(recovered.length).toBeGreaterThan(0);
      const { rows: effects } = await db.query<{
        order_id: string;
        labels: number;
        refunds: number;
        emails: number;
      }>(
        `SELECT o.id AS order_id,
           (SELECT count(*)::int FROM shop_return_labels l WHERE l.order_id = o.id) AS labels,
           (SELECT count(*)::int FROM shop_refunds r WHERE r.order_id = o.id) AS refunds,
           (SELECT count(*)::int FROM shop_emails e WHERE e.order_id = o.id) AS emails
         FROM shop_orders o ORDER BY o.id`,
      );
      expect(effects).toEqual(cases.map((c) => ({ order_id: c.order, labels: 1, refunds: 1, emails: 1 })));
      for (const messages of replies) {
        expect(messages.map((m) => m.role)).toEqual(['customer', 'agent', 'customer', 'agent']);
      }
    });
  },
);

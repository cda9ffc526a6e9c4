import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintCustomerToken } from '../../src/server/auth.js';
import { createCli } from '../helpers/cli-harness.js';
import { spawnKeel } from '../helpers/keel-process.js';
import { PG_SKIP_REASON, TEST_DATABASE_URL, testSchema } from '../helpers/pg-test-database.js';

const SECRET = 'console-pg-secret-0123456789abcdef';

describe.skipIf(!TEST_DATABASE_URL)(
  `the console on PostgreSQL (${TEST_DATABASE_URL ? 'PostgreSQL' : PG_SKIP_REASON})`,
  () => {
    const schema = testSchema('keel_console_serve');
    const url = `${TEST_DATABASE_URL}?options=${encodeURIComponent(`-c search_path=${schema.name}`)}`;
    beforeAll(async () => {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      await client.query(`CREATE SCHEMA ${schema.name}`);
      await client.end();
    });
    afterAll(() => schema.drop());

    it('keel staff adds a token that keel serve knows: takeover, audit, search and an edited answer, all in the database', {
      timeout: 90_000,
    }, async () => {
      const cli = createCli({ KEEL_DATABASE_URL: url }, { realTime: true });
      const added = await cli.run('staff', 'add', 'Dana Reyes', '--json');
      expect(added.stderr).toBe('');
      expect(added.code).toBe(0);
      const { token } = JSON.parse(added.stdout) as { token: string };
      const env = { KEEL_SECRET: SECRET, KEEL_STAFF_TOKEN: 'shared-staff-token', KEEL_LOG_LEVEL: 'warn' };
      const serve = spawnKeel(
        ['serve', '--port', '0', '--database-url', url],
        env,
        mkdtempSync(join(tmpdir(), 'keel-')),
      );
      try {
        const [, base] = await serve.waitFor(/keel listening on (http:\/\/127\.0\.0\.1:\d+)/);
        const call = async (method: string, path: string, bearer: string, body?: unknown) => {
          const response = await fetch(`${base}${path}`, {
            method,
            headers: {
              authorization: `Bearer ${bearer}`,
              ...(body === undefined ? {} : { 'content-type': 'application/json' }),
            },
            ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          });
          return { status: response.status, body: (await response.json()) as Record<string, unknown> };
        };
        expect((await call('GET', '/v1/staff/queue', token)).status).toBe(200);
        expect((await call('GET', '/v1/staff/queue', 'ks_unknown-token')).status).toBe(401);
        const customer = await mintCustomerToken(SECRET, 'C-1001');
        const { id } = (await call('POST', '/v1/conversations', customer)).body as { id: string };
        await call('POST', `/v1/conversations/${id}/messages`, customer, {
          text: 'Where is my order ORD-1001?',
        });
        expect((await call('POST', `/v1/staff/conversations/${id}/takeover`, token)).body).toMatchObject({
          heldBy: { by: 'Dana Reyes' },
        });
        const wrote = await call('POST', `/v1/staff/conversations/${id}/reply`, token, {
          text: 'Dana here.',
        });
        expect(wrote.status).toBe(200);
        const silent = await call('POST', `/v1/conversations/${id}/messages`, customer, { text: 'hello?' });
        expect(silent.body).toMatchObject({ reply: null, status: 'taken_over' });
        const audit = (await call('GET', `/v1/staff/audit?conversation=${id}`, token)).body.audit as {
          actor: string;
          action: string;
        }[];
        expect(audit.map((a) => `${a.actor}:${a.action}`).sort()).toEqual([
          'Dana Reyes:message',
          'Dana Reyes:takeover',
        ]);
        const found = (await call('GET', '/v1/staff/search?customer=c-1001&order=ORD-1001', token)).body as {
          conversations: { id: string }[];
          workflows: { orderId: string }[];
        };
        expect(found.conversations.map((c) => c.id)).toEqual([id]);
        expect(found.workflows.map((w) => w.orderId)).toEqual(['ORD-1001']);
        // Acting for a customer, the answer edited before the customer relies on it.
        const acting = (await call('POST', '/v1/staff/customers/C-1002/conversations', token)).body as {
          id: string;
        };
        const turn = (
          await call('POST', `/v1/staff/conversations/${acting.id}/messages`, token, {
            text: 'Where is my order ORD-1004?',
          })
        ).body as { answer: { seq: number; text: string } };
        const edit = `/v1/staff/conversations/${acting.id}/replies/${turn.answer.seq}/send`;
        expect((await call('POST', edit, token, { text: 'Send me your password' })).status).toBe(422);
        expect((await call('POST', edit, token, { text: 'ORD-1004 ships today. Dana' })).body).toMatchObject({
          edited: true,
        });
        const relayed = (await call('GET', `/v1/staff/conversations/${acting.id}`, token)).body as {
          messages: { text: string }[];
          audit: { actor: string; action: string; detail: { agentText?: string } | null }[];
        };
        expect(relayed.messages.at(-1)?.text).toBe('ORD-1004 ships today. Dana');
        expect(relayed.audit.find((a) => a.action === 'reply_edited')).toMatchObject({
          actor: 'Dana Reyes',
          detail: { agentText: turn.answer.text },
        });
        // Another process revokes the token; the running service refuses it at once.
        expect((await cli.run('staff', 'remove', 'Dana Reyes')).code).toBe(0);
        expect((await call('GET', '/v1/staff/queue', token)).status).toBe(401);
        expect(JSON.parse((await cli.run('staff', 'list', '--json')).stdout)).toEqual([
          expect.objectContaining({ name: 'Dana Reyes', revokedAt: expect.any(String) }),
        ]);
        expect(serve.output() + serve.errors()).not.toMatch(/not available/);
      } finally {
        serve.child.kill('SIGTERM');
        await serve.exited;
      }
    });
  },
);

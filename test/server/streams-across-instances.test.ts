import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRetailKeelOnPostgres, type RetailKeelApp } from '../../src/domains/retail/open-retail-keel.js';
import { streamRoutes } from '../../src/server/routes/streams.js';
import '../../src/server/server.js';
import type { SupportDesk } from '../../src/server/support/support-desk.js';
import { PG_SKIP_REASON, TEST_DATABASE_URL, testSchema } from '../helpers/pg-test-database.js';

const schema = testSchema('keel_streams');
// Longer than the test: whatever reaches a stream comes by a notification, not by polling.
const NEVER_POLL_MS = 3_600_000;

const instance = (name: string) =>
  openRetailKeelOnPostgres(TEST_DATABASE_URL ?? '', {
    env: {},
    planner: 'offline',
    pg: { schema: schema.name, max: 4 },
    runtime: {
      ids: { next: (prefix: string) => `${prefix}_${name}_${Math.random().toString(36).slice(2, 10)}` },
    },
  });

/** What the stream routes read of the desk, over the store: this test has no console tables. */
function storeDesk(keel: RetailKeelApp): SupportDesk {
  const desk: Pick<SupportDesk, 'conversation' | 'messages' | 'caseFacts'> = {
    conversation: (id) => keel.store.getConversation(id),
    messages: async (id, after) =>
      (await keel.store.messages(id))
        .filter((m) => m.seq > after)
        .map((m) => ({ seq: m.seq, role: m.role, text: m.text, workflowId: m.workflowId, at: m.createdAt })),
    caseFacts: () => ({ orderId: null, amount: null }),
  };
  return desk as SupportDesk;
}

/** Reads server-sent events until `done` says so; the events as `[name, data]`. */
async function readUntil(
  response: Response,
  done: (events: [string, Record<string, unknown>][]) => boolean,
): Promise<[string, Record<string, unknown>][]> {
  const reader = response.body?.getReader();
  if (!reader) throw new Error('no stream');
  const decoder = new TextDecoder();
  const events: [string, Record<string, unknown>][] = [];
  let buffer = '';
  while (!done(events)) {
    const { value, done: ended } = await reader.read();
    if (ended) break;
    buffer += decoder.decode(value, { stream: true });
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const name = /^event: (.+)$/m.exec(block)?.[1];
      const data = /^data: (.+)$/m.exec(block)?.[1];
      if (name && data) events.push([name, JSON.parse(data)]);
      end = buffer.indexOf('\n\n');
    }
  }
  await reader.cancel();
  return events;
}

describe.skipIf(!TEST_DATABASE_URL)(
  `streams on one instance show what another does (${TEST_DATABASE_URL ? 'PostgreSQL' : PG_SKIP_REASON})`,
  () => {
    let a: RetailKeelApp;
    let b: RetailKeelApp;
    let server: FastifyInstance;
    let address = '';
    beforeAll(async () => {
      [a, b] = await Promise.all([instance('a'), instance('b')]);
      server = Fastify();
      // Staff may watch any conversation: the stream's own checks are not what this test is about.
      server.addHook('onRequest', async (request) => {
        request.principal = { kind: 'staff', name: 'test' };
      });
      streamRoutes(server, a, storeDesk(a), { pollMs: NEVER_POLL_MS });
      address = await server.listen({ port: 0, host: '127.0.0.1' });
    });
    afterAll(async () => {
      await server?.close();
      await Promise.all([a?.close(), b?.close()]);
      await schema.drop();
    });

    it("shows a customer's stream on A the progress and reply of a workflow that B runs", async () => {
      const { id } = await a.startConversation('C-1001');
      const response = await fetch(`${address}/v1/conversations/${id}/events`);
      const events = readUntil(response, (seen) =>
        seen.some(([name, data]) => name === 'message' && data.role === 'agent' && data.workflowId),
      );
      await b.post(id, 'C-1001', "I'd like to return order ORD-1001, it doesn't fit");
      const done = await b.post(id, 'C-1001', 'yes');
      expect(done.workflow?.workflow.status).toBe('completed');
      const seen = await events;
      const progress = seen.filter(([name]) => name === 'progress').map(([, data]) => data);
      const workflowId = done.workflow?.workflow.id;
      expect(progress[0]).toEqual({ workflowId, type: 'workflow.started', stepId: null });
      const completed = progress.filter((p) => p.type === 'step.completed').map((p) => p.stepId);
      expect(completed).toEqual(done.workflow?.steps.map((s) => s.stepId));
      // Each journal event once, though B's changes reach A by notification only.
      expect(new Set(progress.map((p) => JSON.stringify(p))).size).toBe(progress.length);
      const roles = seen.filter(([name]) => name === 'message').map(([, data]) => data.role);
      expect(roles).toEqual(['customer', 'agent', 'customer', 'agent']);
    });

    it("updates the console's queue on A when B opens an escalation", async () => {
      const response = await fetch(`${address}/v1/staff/escalations/stream`);
      const queues = readUntil(response, (seen) =>
        seen.some(([, data]) => (data.escalations as unknown[]).length > 0),
      );
      const { id } = await b.startConversation('C-1001');
      await b.post(id, 'C-1001', 'I want to return ORD-1002, it arrived damaged');
      const waiting = await b.post(id, 'C-1001', 'yes');
      expect(waiting.status).toBe('waiting_for_human');
      const last = (await queues).at(-1)?.[1].escalations as { workflowId: string }[];
      expect(last.map((e) => e.workflowId)).toEqual([waiting.workflow?.workflow.id]);
    });
  },
);

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRetailKeelOnPostgres, type RetailKeelApp } from '../../src/domains/retail/open-retail-keel.js';
import { PG_SKIP_REASON, TEST_DATABASE_URL, testSchema } from '../helpers/pg-test-database.js';

const schema = testSchema('keel_two');

/** An instance of keel on the test schema, on real time (network I/O is invisible to virtual time). */
const instance = (owner: string) =>
  openRetailKeelOnPostgres(TEST_DATABASE_URL ?? '', {
    env: {},
    planner: 'offline',
    pg: { schema: schema.name, max: 4 },
    // Lease owners on "other hosts", as separate machines would be.
    runtime: {
      ids: { next: (prefix: string) => `${prefix}_${owner}_${Math.random().toString(36).slice(2, 10)}` },
    },
  });

describe.skipIf(!TEST_DATABASE_URL)(
  `two keel instances on one PostgreSQL (${TEST_DATABASE_URL ? 'PostgreSQL' : PG_SKIP_REASON})`,
  () => {
    let a: RetailKeelApp;
    let b: RetailKeelApp;
    beforeAll(async () => {
      [a, b] = await Promise.all([instance('a'), instance('b')]);
    });
    afterAll(async () => {
      await Promise.all([a?.close(), b?.close()]);
      await schema.drop();
    });

    it('share a conversation: the request reaches one instance, the yes another, the shop acts once', async () => {
      const { id } = await a.startConversation('C-1001');
      const asked = await a.post(id, 'C-1001', "I'd like to return order ORD-1001, it doesn't fit");
      expect(asked.status).toBe('awaiting_confirmation');
      const done = await b.post(id, 'C-1001', 'yes');
      expect(done.workflow?.workflow.status).toBe('completed');
      const record = await a.shop.describeOrder('ORD-1001');
      expect([record?.labels.length, record?.refunds.length, record?.emails.length]).toEqual([1, 1, 1]);
      const { messages } = await a.viewConversation(id, 'C-1001');
      expect(messages.map((m) => m.role)).toEqual(['customer', 'agent', 'customer', 'agent']);
      expect(messages.at(-1)?.text).toBe(done.reply);
    });

    it('apply a staff decision sent to one instance to a workflow the other paused, once', async () => {
      const { id } = await a.startConversation('C-1001');
      await a.post(id, 'C-1001', 'I want to return ORD-1002, it arrived damaged');
      const waiting = await a.post(id, 'C-1001', 'yes');
      expect(waiting.status).toBe('waiting_for_human');
      const [escalation] = await b.store.listEscalations({
        status: 'open',
        workflowId: waiting.workflow?.workflow.id ?? '',
      });
      const decisions = await Promise.all([
        b.decide(escalation?.id ?? '', { decision: 'approve', decidedBy: 'ann' }),
        a.decide(escalation?.id ?? '', { decision: 'approve', decidedBy: 'bob' }),
      ]);
      expect(decisions.filter((d) => d.applied)).toHaveLength(1);
      const workflow = await a.store.getWorkflow(waiting.workflow?.workflow.id ?? '');
      expect(workflow?.status).toBe('completed');
      const record = await b.shop.describeOrder('ORD-1002');
      expect(record?.refunds).toHaveLength(1);
      const { messages } = await b.viewConversation(id, 'C-1001');
      expect(messages.at(-1)?.role).toBe('agent');
    });

    it('handle two messages of one conversation sent to both at once one after the other: one "yes" runs the action', async () => {
      const { id } = await a.startConversation('C-1003');
      await a.post(id, 'C-1003', "I'd like to return order ORD-1009, it doesn't fit");
      const answers = await Promise.all([a.post(id, 'C-1003', 'yes'), b.post(id, 'C-1003', 'yes please')]);
      expect(answers.filter((t) => t.workflow !== null)).toHaveLength(1);
      const started = (await a.store.listWorkflows({ customerId: 'C-1003' })).filter(
        (w) => w.conversationId === id,
      );
      expect(started).toHaveLength(1);
      const { messages } = await a.viewConversation(id, 'C-1003');
      // Each answer follows its own message: customer, agent, customer, agent, customer, agent.
      expect(messages.map((m) => m.role)).toEqual([
        'customer',
        'agent',
        'customer',
        'agent',
        'customer',
        'agent',
      ]);
    });

    it("resume a dead instance's workflow on exactly one of them when both recover at once", async () => {
      // A workflow a dead instance on another host had just started: its lease ran out, no step ran.
      const { plan } = await a.plan('C-1002', "I'd like to return order ORD-1008, it doesn't fit");
      const at = new Date().toISOString();
      const workflowId = 'wf_orphaned';
      await a.store.createWorkflow(
        {
          id: workflowId,
          customerId: 'C-1002',
          conversationId: null,
          intent: plan.intent,
          status: 'running',
          plan,
          cursor: 0,
          degraded: false,
          outcome: null,
          createdAt: at,
          updatedAt: at,
          leaseOwner: 'gone-host/1/exec_x',
          leaseExpiresAt: '2000-01-01T00:00:00.000Z',
        },
        { workflowId, at, type: 'workflow.started', stepId: null, data: null },
      );
      const [fromA, fromB] = await Promise.all([a.recover(), b.recover()]);
      const resumed = [...fromA.resumed, ...fromB.resumed].filter((r) => r.workflow.id === workflowId);
      expect(resumed.length).toBeGreaterThan(0);
      const final = await a.store.getWorkflow(workflowId);
      expect(final?.status, JSON.stringify([plan, final?.outcome])).toBe('completed');
      // Exactly one instance ran it: each step completed once, and the shop acted once.
      const started = (await a.store.journal(workflowId)).filter((e) => e.type === 'step.completed');
      expect(started.map((e) => e.stepId)).toEqual(plan.steps.map((s) => s.id));
      const record = await a.shop.describeOrder('ORD-1008');
      expect([record?.labels.length, record?.refunds.length, record?.emails.length]).toEqual([1, 1, 1]);
    });
  },
);

import { afterEach, describe, expect, it } from 'vitest';
import {
  EscalationNotFoundError,
  LeaseLostError,
  StoreError,
  WorkflowNotFoundError,
} from '../../src/errors.js';
import type { Store, WorkflowStatus } from '../../src/store/store.js';
import { conversationContract } from './conversations.contract.js';
import { leaseFenceContract } from './lease-fence.contract.js';
import { resourceLockContract } from './resource-locks.contract.js';
import { at, escalation, event, llmCall, step, T0, workflow } from './store-fixtures.js';

/** How a contract run gets its stores. */
export interface StoreFactory {
  /** A store over an empty database. */
  fresh(): Promise<Store>;
  /** A second store over the same database as the last `fresh()` one: another instance. */
  sibling(): Promise<Store>;
}

const alive = (_owner: string) => true;
const dead = (_owner: string) => false;

/**
 * The `Store` contract: what every implementation (SQLite, PostgreSQL) must do, run by one test
 * file per implementation. Its conversation half is in `conversations.contract.ts`.
 */
export function storeContract(factory: StoreFactory): void {
  const opened: Store[] = [];
  const fresh = async () => remember(await factory.fresh());
  const sibling = async () => remember(await factory.sibling());
  const remember = (store: Store) => {
    opened.push(store);
    return store;
  };
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
  });

  describe('workflows', () => {
    it('stores a workflow with its first event and lists them oldest first, filtered', async () => {
      const store = await fresh();
      await store.createWorkflow(
        workflow('wf_b', { createdAt: at(2), customerId: 'C-2' }),
        event('wf_b', 'a'),
      );
      await store.createWorkflow(
        workflow('wf_a', { createdAt: at(1), status: 'completed' }),
        event('wf_a', 'a'),
      );
      await store.createWorkflow(workflow('wf_c', { createdAt: at(3) }), event('wf_c', 'a'));
      expect(await store.getWorkflow('wf_a')).toEqual(
        workflow('wf_a', { createdAt: at(1), status: 'completed' }),
      );
      expect(await store.getWorkflow('nope')).toBeNull();
      const ids = async (filter?: Parameters<Store['listWorkflows']>[0]) =>
        (await store.listWorkflows(filter)).map((w) => w.id);
      expect(await ids()).toEqual(['wf_a', 'wf_b', 'wf_c']);
      expect(await ids({ status: 'running' })).toEqual(['wf_b', 'wf_c']);
      expect(await ids({ status: ['completed', 'failed'] })).toEqual(['wf_a']);
      expect(await ids({ customerId: 'C-1' })).toEqual(['wf_a', 'wf_c']);
      expect(await ids({ limit: 2 })).toEqual(['wf_a', 'wf_b']);
      expect(await ids({ status: [] })).toEqual([]);
    });

    it('checkpoints a step, its cursor, status and events in one change, and counts the bytes', async () => {
      const store = await fresh();
      await store.createWorkflow(
        workflow('wf_1', { leaseOwner: 'me', leaseExpiresAt: at(60) }),
        event('wf_1', 'x'),
      );
      const bytes = await store.checkpointStep({
        step: step('wf_1', 0),
        cursor: 1,
        events: [event('wf_1', 'step.completed', { stepId: 's1' }), event('wf_1', 'step.checkpointed')],
      });
      expect(bytes).toBe(JSON.stringify(step('wf_1', 0).output).length + 2 * '{"n":1}'.length);
      expect(await store.steps('wf_1')).toEqual([step('wf_1', 0)]);
      const running = await store.getWorkflow('wf_1');
      expect(running).toMatchObject({ cursor: 1, status: 'running', leaseOwner: 'me', updatedAt: at(1) });
      // The same step again (a retry after a crash) replaces its row; the last one settles the workflow.
      await store.checkpointStep({
        step: step('wf_1', 0, { attempts: 2, status: 'degraded', error: { code: 'E', message: 'm' } }),
        cursor: 1,
        status: 'completed',
        degraded: true,
        outcome: { reason: 'failure', stepId: 's1', message: 'late' },
        events: [],
      });
      expect(await store.steps('wf_1')).toEqual([
        step('wf_1', 0, { attempts: 2, status: 'degraded', error: { code: 'E', message: 'm' } }),
      ]);
      expect(await store.getWorkflow('wf_1')).toMatchObject({
        status: 'completed',
        degraded: true,
        outcome: { reason: 'failure', stepId: 's1', message: 'late' },
        leaseOwner: null,
      });
      expect((await store.journal('wf_1')).map((e) => e.type)).toEqual([
        'x',
        'step.completed',
        'step.checkpointed',
      ]);
    });

    it('rejects a checkpoint of an unknown workflow and writes none of it', async () => {
      const store = await fresh();
      await expect(store.checkpointStep({ step: step('ghost', 0), cursor: 1, events: [] })).rejects.toThrow(
        WorkflowNotFoundError,
      );
      expect(await store.steps('ghost')).toEqual([]);
    });

    it('numbers journal events in the order they were appended', async () => {
      const store = await fresh();
      await store.createWorkflow(workflow('wf_1'), event('wf_1', 'e0'));
      await store.appendEvents([event('wf_1', 'e1', { stepId: 's1', data: null }), event('wf_1', 'e2')]);
      const journal = await store.journal('wf_1');
      expect(journal.map((e) => [e.type, e.stepId, e.data])).toEqual([
        ['e0', null, { n: 1 }],
        ['e1', 's1', null],
        ['e2', null, { n: 1 }],
      ]);
      const seqs = journal.map((e) => e.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(new Set(seqs).size).toBe(3);
      expect(typeof seqs[0]).toBe('number');
    });
  });

  describe('transitions', () => {
    // Every edge of the workflow state machine (see ARCHITECTURE.md "Workflow states").
    const edges: [WorkflowStatus, WorkflowStatus][] = [
      ['planned', 'running'],
      ['planned', 'awaiting_customer'],
      ['running', 'waiting_for_human'],
      ['waiting_for_human', 'running'],
      ['running', 'completed'],
      ['running', 'failed'],
      ['running', 'compensating'],
      ['waiting_for_human', 'compensating'],
      ['waiting_for_human', 'rejected'],
      ['compensating', 'compensated'],
      ['compensating', 'failed'],
    ];
    const resumable = ['planned', 'running', 'compensating'];

    it.each(edges)(
      'moves %s -> %s with its event, keeping the lease only while it runs',
      async (from, to) => {
        const store = await fresh();
        await store.createWorkflow(
          workflow('wf_1', { status: from, leaseOwner: 'me', leaseExpiresAt: at(60) }),
          event('wf_1', 'x'),
        );
        const moved = await store.transition({
          workflowId: 'wf_1',
          from: [from],
          to,
          event: event('wf_1', `workflow.${to}`, { at: at(9) }),
        });
        expect(moved).toBe(true);
        const after = await store.getWorkflow('wf_1');
        expect(after).toMatchObject({ status: to, updatedAt: at(9), cursor: 0, outcome: null });
        expect(after?.leaseOwner).toBe(resumable.includes(to) ? 'me' : null);
        expect((await store.journal('wf_1')).map((e) => e.type)).toEqual(['x', `workflow.${to}`]);
      },
    );

    it('changes nothing from a state not listed, and rejects an unknown workflow', async () => {
      const store = await fresh();
      await store.createWorkflow(workflow('wf_1', { status: 'completed' }), event('wf_1', 'x'));
      const change = {
        workflowId: 'wf_1',
        from: ['running', 'planned'] as WorkflowStatus[],
        to: 'failed' as const,
        event: event('wf_1', 'no'),
      };
      expect(await store.transition(change)).toBe(false);
      expect((await store.getWorkflow('wf_1'))?.status).toBe('completed');
      expect((await store.journal('wf_1')).map((e) => e.type)).toEqual(['x']);
      await expect(store.transition({ ...change, workflowId: 'ghost' })).rejects.toThrow(
        WorkflowNotFoundError,
      );
    });

    it('sets cursor, degraded and outcome when given, and clears the outcome when given null', async () => {
      const store = await fresh();
      const outcome = { reason: 'rejected' as const, message: 'staff said no' };
      await store.createWorkflow(workflow('wf_1'), event('wf_1', 'x'));
      await store.transition({
        workflowId: 'wf_1',
        from: ['running'],
        to: 'compensating',
        cursor: 3,
        degraded: true,
        outcome,
        event: event('wf_1', 'c'),
      });
      expect(await store.getWorkflow('wf_1')).toMatchObject({ cursor: 3, degraded: true, outcome });
      await store.transition({
        workflowId: 'wf_1',
        from: ['compensating'],
        to: 'running',
        outcome: null,
        event: event('wf_1', 'r'),
      });
      expect(await store.getWorkflow('wf_1')).toMatchObject({ cursor: 3, degraded: true, outcome: null });
    });

    it('applies one of two concurrent transitions from the same state', async () => {
      const store = await fresh();
      const other = await sibling();
      await store.createWorkflow(workflow('wf_1'), event('wf_1', 'x'));
      const move = (s: Store, to: WorkflowStatus) =>
        s.transition({ workflowId: 'wf_1', from: ['running'], to, event: event('wf_1', to) });
      const results = await Promise.all([move(store, 'completed'), move(other, 'failed')]);
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await store.journal('wf_1')).toHaveLength(2);
    });
  });

  describe('escalations', () => {
    it('opens an escalation, pausing the workflow and clearing its lease, and lists them oldest first', async () => {
      const store = await fresh();
      await store.createWorkflow(
        workflow('wf_1', { leaseOwner: 'me', leaseExpiresAt: at(60) }),
        event('wf_1', 'x'),
      );
      await store.createWorkflow(workflow('wf_2'), event('wf_2', 'x'));
      await store.openEscalation(escalation('esc_2', 'wf_1'), event('wf_1', 'escalation.opened'));
      await store.openEscalation(
        escalation('esc_1', 'wf_2', { kind: 'tool', reasonKind: 'tool_escalation' }),
        event('wf_2', 'e'),
      );
      expect(await store.getWorkflow('wf_1')).toMatchObject({
        status: 'waiting_for_human',
        leaseOwner: null,
      });
      expect(await store.getEscalation('esc_2')).toEqual(escalation('esc_2', 'wf_1'));
      expect(await store.getEscalation('nope')).toBeNull();
      expect((await store.listEscalations()).map((e) => e.id)).toEqual(['esc_2', 'esc_1']);
      expect((await store.listEscalations({ workflowId: 'wf_2' })).map((e) => e.id)).toEqual(['esc_1']);
      expect(await store.listEscalations({ status: 'approved' })).toEqual([]);
    });

    it('records a decision once: the second is not applied and the stored one wins', async () => {
      const store = await fresh();
      const other = await sibling();
      await store.createWorkflow(workflow('wf_1'), event('wf_1', 'x'));
      await store.openEscalation(escalation('esc_1', 'wf_1'), event('wf_1', 'escalation.opened'));
      const decide = (s: Store, decision: 'approve' | 'reject', by: string) =>
        s.decideEscalation({
          id: 'esc_1',
          decision,
          decidedBy: by,
          note: null,
          at: at(30),
          nextStatus: decision === 'approve' ? 'running' : 'compensating',
        });
      const [a, b] = await Promise.all([decide(store, 'approve', 'ann'), decide(other, 'reject', 'bob')]);
      expect([a.applied, b.applied].filter(Boolean)).toHaveLength(1);
      const winner = a.applied ? a : b;
      const stored = await store.getEscalation('esc_1');
      expect(stored).toMatchObject({ status: winner.escalation.status, decidedAt: at(30) });
      expect((await decide(store, 'reject', 'carl')).applied).toBe(false);
      expect((await store.getEscalation('esc_1'))?.decidedBy).toBe(stored?.decidedBy);
      expect((await store.getWorkflow('wf_1'))?.status).toBe(a.applied ? 'running' : 'compensating');
      expect((await store.journal('wf_1')).filter((e) => e.type.startsWith('escalation.'))).toHaveLength(2);
    });

    it('sets the outcome given with a decision and rejects an unknown escalation', async () => {
      const store = await fresh();
      await store.createWorkflow(workflow('wf_1'), event('wf_1', 'x'));
      await store.openEscalation(escalation('esc_1', 'wf_1'), event('wf_1', 'o'));
      const outcome = { reason: 'rejected' as const, message: 'no' };
      const write = {
        id: 'esc_1',
        decision: 'reject' as const,
        decidedBy: 'ann',
        note: 'too much',
        at: at(9),
        nextStatus: 'compensating' as const,
        outcome,
      };
      expect((await store.decideEscalation(write)).escalation).toMatchObject({
        status: 'rejected',
        note: 'too much',
      });
      expect(await store.getWorkflow('wf_1')).toMatchObject({ status: 'compensating', outcome });
      const last = (await store.journal('wf_1')).at(-1);
      expect(last).toMatchObject({
        type: 'escalation.rejected',
        stepId: 's1',
        data: { escalationId: 'esc_1', decidedBy: 'ann', note: 'too much' },
      });
      await expect(store.decideEscalation({ ...write, id: 'ghost' })).rejects.toThrow(
        EscalationNotFoundError,
      );
    });
  });

  describe('leases', () => {
    const claim = (s: Store, owner: string, now: number, isAlive = alive) =>
      s.claim({ workflowId: 'wf_1', owner, now: at(now), expiresAt: at(now + 30), isAlive });

    it('takes a free lease, renews its own, and refuses one a live owner holds until it expires', async () => {
      const store = await fresh();
      await store.createWorkflow(workflow('wf_1'), event('wf_1', 'x'));
      expect(await claim(store, 'a', 0)).toBe(true);
      expect(await claim(store, 'a', 20)).toBe(true);
      expect(await store.getWorkflow('wf_1')).toMatchObject({ leaseOwner: 'a', leaseExpiresAt: at(50) });
      expect(await claim(store, 'b', 40)).toBe(false);
      expect((await store.getWorkflow('wf_1'))?.leaseOwner).toBe('a');
      // Expired: another instance takes it over.
      expect(await claim(store, 'b', 50)).toBe(true);
      expect(await store.getWorkflow('wf_1')).toMatchObject({ leaseOwner: 'b', leaseExpiresAt: at(80) });
      expect(await claim(store, 'a', 51)).toBe(false);
      await expect(
        store.claim({ workflowId: 'ghost', owner: 'a', now: T0, expiresAt: at(1), isAlive: alive }),
      ).rejects.toThrow(WorkflowNotFoundError);
    });

    it('takes a lease from an owner that is gone before it expires', async () => {
      const store = await fresh();
      await store.createWorkflow(
        workflow('wf_1', { leaseOwner: 'dead', leaseExpiresAt: at(999) }),
        event('wf_1', 'x'),
      );
      const asked: string[] = [];
      expect(await claim(store, 'b', 0, (o) => asked.push(o) > 0)).toBe(false);
      expect(await claim(store, 'b', 0, dead)).toBe(true);
      expect(asked).toEqual(['dead']);
      expect((await store.getWorkflow('wf_1'))?.leaseOwner).toBe('b');
    });

    it('fences checkpoints by owner: one that lost the lease writes nothing', async () => {
      const store = await fresh();
      await store.createWorkflow(workflow('wf_1'), event('wf_1', 'x'));
      await claim(store, 'a', 0);
      const mine = { owner: 'a', step: step('wf_1', 0), cursor: 1, events: [] };
      expect(await store.checkpointStep(mine)).toBeGreaterThan(0);
      expect(await claim(store, 'b', 30)).toBe(true);
      const late = { owner: 'a', step: step('wf_1', 1), cursor: 2, events: [event('wf_1', 'late')] };
      await expect(store.checkpointStep(late)).rejects.toThrow(LeaseLostError);
      expect(await store.steps('wf_1')).toEqual([step('wf_1', 0)]);
      expect(await store.getWorkflow('wf_1')).toMatchObject({ cursor: 1, leaseOwner: 'b' });
      expect((await store.journal('wf_1')).map((e) => e.type)).toEqual(['x']);
      const ghost = { owner: 'a', step: step('ghost', 0), cursor: 1, events: [] };
      await expect(store.checkpointStep(ghost)).rejects.toThrow(WorkflowNotFoundError);
    });

    it('releases only its own lease', async () => {
      const store = await fresh();
      await store.createWorkflow(workflow('wf_1'), event('wf_1', 'x'));
      await claim(store, 'a', 0);
      await store.release('wf_1', 'b');
      expect((await store.getWorkflow('wf_1'))?.leaseOwner).toBe('a');
      await store.release('wf_1', 'a');
      expect(await store.getWorkflow('wf_1')).toMatchObject({ leaseOwner: null, leaseExpiresAt: null });
      expect(await claim(store, 'b', 1)).toBe(true);
    });

    it('gives an expired lease to exactly one of many concurrent claimers on two instances', async () => {
      const stores = [await fresh(), await sibling()];
      await stores[0]?.createWorkflow(
        workflow('wf_1', { leaseOwner: 'old', leaseExpiresAt: at(1) }),
        event('wf_1', 'x'),
      );
      const owners = Array.from({ length: 12 }, (_, i) => `owner-${i}`);
      const won = await Promise.all(owners.map((o, i) => claim(stores[i % 2] as Store, o, 10)));
      expect(won.filter(Boolean)).toHaveLength(1);
      expect((await stores[1]?.getWorkflow('wf_1'))?.leaseOwner).toBe(owners[won.indexOf(true)]);
    });
  });

  conversationContract(fresh, sibling);
  resourceLockContract(fresh, sibling);
  leaseFenceContract(fresh);

  describe('operations', () => {
    it('records model calls, filters them and counts everything for metrics', async () => {
      const store = await fresh();
      await store.recordLlmCall(llmCall('m2'));
      await store.recordLlmCall(
        llmCall('m1', {
          conversationId: null,
          status: 'error',
          httpStatus: 500,
          promptTokens: null,
          completionTokens: null,
          cachedTokens: null,
          error: 'boom',
        }),
      );
      expect((await store.llmCalls()).map((c) => c.id)).toEqual(['m2', 'm1']);
      expect(await store.llmCalls({ conversationId: 'conv-1' })).toEqual([llmCall('m2')]);
      await store.createWorkflow(workflow('wf_1'), event('wf_1', 'x'));
      await store.createWorkflow(workflow('wf_2', { status: 'completed' }), event('wf_2', 'x'));
      await store.openEscalation(escalation('esc_1', 'wf_1'), event('wf_1', 'o'));
      expect(await store.stats()).toEqual({
        workflows: { waiting_for_human: 1, completed: 1 },
        escalations: { open: 1 },
        modelCalls: { ok: 1, error: 1 },
        tokens: { prompt: 100, completion: 20, cached: 50 },
      });
    });

    it('answers a ping, closes once, and fails a ping as a StoreError once closed', async () => {
      const store = await fresh();
      await expect(store.ping()).resolves.toBeUndefined();
      await store.close();
      await expect(store.close()).resolves.toBeUndefined();
      await expect(store.ping()).rejects.toThrow(StoreError);
    });
  });
}

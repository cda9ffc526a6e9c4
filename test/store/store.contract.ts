import { describe, expect, it } from 'vitest';
import { EscalationNotFoundError, StoreError, WorkflowNotFoundError } from '../../src/errors.js';
import type {
  ConversationReply,
  EscalationRecord,
  NewEvent,
  StepRecord,
  Store,
  WorkflowRecord,
} from '../../src/store/store.js';

/**
 * What every `Store` implementation promises, run against each one (`new SqliteStore(':memory:')`
 * today, PostgreSQL next). `open` gives a fresh, empty store; `close` releases it.
 */
export function storeContract(name: string, open: () => Promise<Store> | Store): void {
  const T0 = '2026-03-01T09:00:00.000Z';
  const T1 = '2026-03-01T09:01:00.000Z';
  const workflow = (id: string, over: Partial<WorkflowRecord> = {}): WorkflowRecord => ({
    id,
    customerId: 'C-1',
    conversationId: null,
    intent: 'track',
    status: 'running',
    plan: { intent: 'track', steps: [{ id: 's1', tool: 't', args: {} }] },
    cursor: 0,
    degraded: false,
    outcome: null,
    createdAt: T0,
    updatedAt: T0,
    leaseOwner: null,
    leaseExpiresAt: null,
    ...over,
  });
  const event = (workflowId: string, type: string, at = T0): NewEvent => ({
    workflowId,
    at,
    type,
    stepId: null,
    data: { n: 1 },
  });
  const step = (workflowId: string, over: Partial<StepRecord> = {}): StepRecord => ({
    workflowId,
    index: 0,
    stepId: 's1',
    tool: 't',
    status: 'completed',
    attempts: 1,
    output: { found: true },
    error: null,
    finishedAt: T1,
    ...over,
  });
  const escalation = (id: string, workflowId: string): EscalationRecord => ({
    id,
    workflowId,
    stepId: 's1',
    kind: 'approval',
    reasonKind: 'approval_limit',
    reason: 'over the limit',
    details: { amount: 600 },
    status: 'open',
    createdAt: T1,
    decidedAt: null,
    decidedBy: null,
    note: null,
  });
  const conversation = (store: Store, id = 'conv_1') =>
    store.createConversation({ id, customerId: 'C-1', status: 'open', createdAt: T0, updatedAt: T0 });
  const reply = (text: string, status: ConversationReply['status'] = 'open'): ConversationReply => ({
    conversationId: 'conv_1',
    text,
    status,
    at: T1,
  });

  describe(`Store contract: ${name}`, () => {
    it('stores a workflow with its first event and lists workflows by status and customer, oldest first', async () => {
      const store = await open();
      await store.createWorkflow(workflow('wf_1'), event('wf_1', 'workflow.started'));
      await store.createWorkflow(
        workflow('wf_2', { customerId: 'C-2', status: 'completed', createdAt: T1 }),
        event('wf_2', 'workflow.started'),
      );
      expect(await store.getWorkflow('wf_1')).toEqual(workflow('wf_1'));
      expect(await store.getWorkflow('nope')).toBeNull();
      expect((await store.listWorkflows()).map((w) => w.id)).toEqual(['wf_1', 'wf_2']);
      expect((await store.listWorkflows({ status: ['completed'] })).map((w) => w.id)).toEqual(['wf_2']);
      expect((await store.listWorkflows({ customerId: 'C-1' })).map((w) => w.id)).toEqual(['wf_1']);
      expect(await store.listWorkflows({ limit: 1 })).toHaveLength(1);
      expect(await store.journal('wf_1')).toEqual([
        { seq: expect.any(Number), ...event('wf_1', 'workflow.started') },
      ]);
      await store.close();
    });

    it('checkpoints a step, the cursor, its events and the settling reply in one change', async () => {
      const store = await open();
      await conversation(store);
      await store.createWorkflow(
        workflow('wf_1', { conversationId: 'conv_1' }),
        event('wf_1', 'workflow.started'),
      );
      const bytes = await store.checkpointStep({
        step: step('wf_1'),
        cursor: 1,
        status: 'completed',
        events: [event('wf_1', 'step.completed', T1), event('wf_1', 'workflow.completed', T1)],
        reply: reply('Your order is on its way.'),
      });
      expect(bytes).toBeGreaterThan(0);
      expect(await store.getWorkflow('wf_1')).toMatchObject({
        status: 'completed',
        cursor: 1,
        updatedAt: T1,
      });
      expect(await store.steps('wf_1')).toEqual([step('wf_1')]);
      expect((await store.journal('wf_1')).map((e) => e.type)).toEqual([
        'workflow.started',
        'step.completed',
        'workflow.completed',
      ]);
      expect(await store.messages('conv_1')).toEqual([
        {
          conversationId: 'conv_1',
          seq: 1,
          role: 'agent',
          text: 'Your order is on its way.',
          workflowId: 'wf_1',
          createdAt: T1,
        },
      ]);
      expect(await store.getConversation('conv_1')).toMatchObject({ status: 'open', lastWorkflowId: 'wf_1' });
      await store.close();
    });

    it('changes nothing when a checkpoint names an unknown workflow', async () => {
      const store = await open();
      await expect(
        store.checkpointStep({ step: step('wf_x'), cursor: 1, events: [event('wf_x', 'step.completed')] }),
      ).rejects.toThrow(WorkflowNotFoundError);
      expect(await store.steps('wf_x')).toEqual([]);
      await store.close();
    });

    it('applies a transition only from an allowed state', async () => {
      const store = await open();
      await store.createWorkflow(
        workflow('wf_1', { status: 'compensating' }),
        event('wf_1', 'workflow.started'),
      );
      const change = {
        workflowId: 'wf_1',
        to: 'compensated' as const,
        event: event('wf_1', 'workflow.compensated'),
      };
      expect(await store.transition({ ...change, from: ['running'] })).toBe(false);
      expect((await store.getWorkflow('wf_1'))?.status).toBe('compensating');
      expect(await store.transition({ ...change, from: ['compensating'] })).toBe(true);
      expect((await store.getWorkflow('wf_1'))?.status).toBe('compensated');
      await store.close();
    });

    it('pauses a workflow on an escalation and applies a decision once', async () => {
      const store = await open();
      await conversation(store);
      await store.createWorkflow(
        workflow('wf_1', { conversationId: 'conv_1', leaseOwner: 'me', leaseExpiresAt: T1 }),
        event('wf_1', 'workflow.started'),
      );
      await store.openEscalation(
        escalation('esc_1', 'wf_1'),
        event('wf_1', 'escalation.opened'),
        reply('A colleague will review this.', 'waiting_for_human'),
      );
      expect(await store.getWorkflow('wf_1')).toMatchObject({
        status: 'waiting_for_human',
        leaseOwner: null,
      });
      expect((await store.getConversation('conv_1'))?.status).toBe('waiting_for_human');
      expect((await store.listEscalations({ status: 'open' })).map((e) => e.id)).toEqual(['esc_1']);
      const decide = {
        id: 'esc_1',
        decision: 'approve' as const,
        decidedBy: 'staff',
        note: null,
        at: T1,
        nextStatus: 'running' as const,
      };
      const first = await store.decideEscalation(decide);
      expect(first.applied).toBe(true);
      expect(first.escalation).toMatchObject({ status: 'approved', decidedBy: 'staff' });
      expect((await store.decideEscalation({ ...decide, decision: 'reject' })).applied).toBe(false);
      expect((await store.getEscalation('esc_1'))?.status).toBe('approved');
      expect((await store.getWorkflow('wf_1'))?.status).toBe('running');
      await expect(store.decideEscalation({ ...decide, id: 'esc_x' })).rejects.toThrow(
        EscalationNotFoundError,
      );
      await store.close();
    });

    it('leases a workflow to one owner until it expires or its owner is gone', async () => {
      const store = await open();
      await store.createWorkflow(workflow('wf_1'), event('wf_1', 'workflow.started'));
      const claim = { workflowId: 'wf_1', now: T0, expiresAt: T1, isAlive: () => true };
      expect(await store.claim({ ...claim, owner: 'a' })).toBe(true);
      expect(await store.claim({ ...claim, owner: 'b' })).toBe(false);
      expect(await store.claim({ ...claim, owner: 'b', isAlive: () => false })).toBe(true);
      expect(await store.claim({ ...claim, owner: 'a', now: '2026-03-01T10:00:00.000Z' })).toBe(true);
      await store.release('wf_1', 'b');
      expect((await store.getWorkflow('wf_1'))?.leaseOwner).toBe('a');
      await store.release('wf_1', 'a');
      expect((await store.getWorkflow('wf_1'))?.leaseOwner).toBeNull();
      await expect(store.claim({ ...claim, workflowId: 'wf_x', owner: 'a' })).rejects.toThrow(
        WorkflowNotFoundError,
      );
      await store.close();
    });

    it('numbers messages per conversation and applies the conversation change with the message', async () => {
      const store = await open();
      await conversation(store);
      const first = await store.appendMessage({
        conversationId: 'conv_1',
        role: 'customer',
        text: 'hi',
        workflowId: null,
        createdAt: T0,
      });
      const plan = { intent: 'return' };
      const second = await store.appendMessage(
        { conversationId: 'conv_1', role: 'agent', text: 'Shall I?', workflowId: null, createdAt: T1 },
        { status: 'awaiting_confirmation', pendingPlan: plan, updatedAt: T1 },
      );
      expect([first.seq, second.seq]).toEqual([1, 2]);
      expect(await store.getConversation('conv_1')).toMatchObject({
        status: 'awaiting_confirmation',
        pendingPlan: plan,
        updatedAt: T1,
      });
      await store.updateConversation('conv_1', { pendingPlan: null, updatedAt: T1 });
      expect(await store.getConversation('conv_1')).toMatchObject({
        status: 'awaiting_confirmation',
        pendingPlan: null,
      });
      expect(await store.getConversation('conv_x')).toBeNull();
      await store.close();
    });

    it('skips the reply of a workflow whose conversation does not exist, and finds settled workflows with no reply', async () => {
      const store = await open();
      await store.createWorkflow(
        workflow('wf_1', { conversationId: 'conv_gone', status: 'completed' }),
        event('wf_1', 'workflow.started'),
        {
          ...reply('x'),
          conversationId: 'conv_gone',
        },
      );
      expect(await store.messages('conv_gone')).toEqual([]);
      expect(await store.unansweredWorkflows(T1)).toEqual(['wf_1']);
      expect(await store.unansweredWorkflows(T0)).toEqual([]);
      await store.close();
    });

    it('keeps the first response saved for an idempotency key', async () => {
      const store = await open();
      await conversation(store);
      expect(await store.savedResponse('conv_1', 'k')).toBeNull();
      await store.saveResponse('conv_1', 'k', { response: { reply: 'a' }, requestHash: 'h1' }, T0);
      await store.saveResponse('conv_1', 'k', { response: { reply: 'b' }, requestHash: 'h2' }, T1);
      expect(await store.savedResponse('conv_1', 'k')).toEqual({
        response: { reply: 'a' },
        requestHash: 'h1',
      });
      await store.close();
    });

    it('records model calls, counts by status, answers ping, and fails ping as a StoreError once closed', async () => {
      const store = await open();
      await store.createWorkflow(workflow('wf_1'), event('wf_1', 'workflow.started'));
      await store.recordLlmCall({
        id: 'llm_1',
        conversationId: 'conv_1',
        customerId: 'C-1',
        model: 'm',
        status: 'ok',
        httpStatus: 200,
        finishReason: 'stop',
        promptTokens: 10,
        completionTokens: 5,
        cachedTokens: 0,
        latencyMs: 12,
        requestId: null,
        error: null,
        createdAt: T0,
      });
      expect((await store.llmCalls({ conversationId: 'conv_1' })).map((c) => c.id)).toEqual(['llm_1']);
      expect(await store.stats()).toEqual({
        workflows: { running: 1 },
        escalations: {},
        modelCalls: { ok: 1 },
        tokens: { prompt: 10, completion: 5, cached: 0 },
      });
      await expect(store.ping()).resolves.toBeUndefined();
      await store.close();
      await expect(store.ping()).rejects.toThrow(StoreError);
    });
  });
}

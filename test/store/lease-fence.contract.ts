import { describe, expect, it } from 'vitest';
import { LeaseLostError } from '../../src/errors.js';
import type { Store } from '../../src/store/store.js';
import { at, escalation, event, workflow } from './store-fixtures.js';

/**
 * Fencing beyond checkpoints: a status change or an escalation written by an executor whose lease
 * was taken over is refused (LEASE_LOST) and changes nothing, so a stalled instance cannot settle,
 * pause or fail a workflow another instance now runs.
 */
export function leaseFenceContract(fresh: () => Promise<Store>): void {
  describe('lease fencing of transitions and escalations', () => {
    /** wf_1 leased to `a` until 30, then taken over by `b` at 30. */
    async function takenOver(): Promise<Store> {
      const store = await fresh();
      await store.createWorkflow(
        workflow('wf_1', { leaseOwner: 'a', leaseExpiresAt: at(30) }),
        event('wf_1', 'x'),
      );
      const taken = await store.claim({
        workflowId: 'wf_1',
        owner: 'b',
        now: at(30),
        expiresAt: at(60),
        isAlive: () => true,
      });
      expect(taken).toBe(true);
      return store;
    }

    it("refuses a transition by an owner whose lease was taken over, and applies the holder's", async () => {
      const store = await takenOver();
      const late = { workflowId: 'wf_1', from: ['running' as const], to: 'failed' as const, owner: 'a' };
      await expect(store.transition({ ...late, event: event('wf_1', 'workflow.failed') })).rejects.toThrow(
        LeaseLostError,
      );
      expect(await store.getWorkflow('wf_1')).toMatchObject({ status: 'running', leaseOwner: 'b' });
      expect((await store.journal('wf_1')).map((e) => e.type)).toEqual(['x']);
      const mine = {
        ...late,
        owner: 'b',
        to: 'completed' as const,
        event: event('wf_1', 'workflow.completed'),
      };
      expect(await store.transition(mine)).toBe(true);
      expect(await store.getWorkflow('wf_1')).toMatchObject({ status: 'completed', leaseOwner: null });
    });

    it('keeps an unfenced transition (a staff decision, no owner) working as before', async () => {
      const store = await takenOver();
      const change = { workflowId: 'wf_1', from: ['running' as const], to: 'failed' as const };
      expect(await store.transition({ ...change, event: event('wf_1', 'workflow.failed') })).toBe(true);
    });

    it('refuses an escalation opened by an owner whose lease was taken over: no row, no pause', async () => {
      const store = await takenOver();
      await expect(
        store.openEscalation(escalation('esc_1', 'wf_1'), event('wf_1', 'escalation.opened'), undefined, 'a'),
      ).rejects.toThrow(LeaseLostError);
      expect(await store.listEscalations()).toEqual([]);
      expect(await store.getWorkflow('wf_1')).toMatchObject({ status: 'running', leaseOwner: 'b' });
      expect((await store.journal('wf_1')).map((e) => e.type)).toEqual(['x']);
      await store.openEscalation(
        escalation('esc_1', 'wf_1'),
        event('wf_1', 'escalation.opened'),
        undefined,
        'b',
      );
      expect(await store.getWorkflow('wf_1')).toMatchObject({
        status: 'waiting_for_human',
        leaseOwner: null,
      });
    });
  });
}

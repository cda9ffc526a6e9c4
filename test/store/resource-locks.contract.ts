import { describe, expect, it } from 'vitest';
import { WorkflowNotFoundError } from '../../src/errors.js';
import type { Store, WorkflowStatus } from '../../src/store/store.js';
import { at, escalation, event, step, T0, workflow } from './store-fixtures.js';

const A = 'order:ORD-A';
const B = 'order:ORD-B';
const C = 'order:ORD-C';

/** The resource-lock half of the `Store` contract; `storeContract` runs it. */
export function resourceLockContract(fresh: () => Promise<Store>, sibling: () => Promise<Store>): void {
  const lock = (store: Store, workflowId: string, resources: string[], seconds = 0) =>
    store.lockResources({ workflowId, resources, at: at(seconds) });
  const create = async (store: Store, id: string, status: WorkflowStatus = 'running') =>
    store.createWorkflow(workflow(id, { status }), event(id, 'x'));
  const holders = async (store: Store) =>
    Object.fromEntries((await store.resourceLocks()).map((l) => [l.resource, l.workflowId]));

  describe('resource locks', () => {
    it('takes every resource for a workflow, again for the same workflow, keeping when it was first taken', async () => {
      const store = await fresh();
      await create(store, 'wf_1');
      expect(await lock(store, 'wf_1', [B, A, A])).toEqual({ acquired: true });
      expect(await lock(store, 'wf_1', [A, B, C], 5)).toEqual({ acquired: true });
      expect(await store.resourceLocks('wf_1')).toEqual([
        { resource: A, workflowId: 'wf_1', acquiredAt: T0 },
        { resource: B, workflowId: 'wf_1', acquiredAt: T0 },
        { resource: C, workflowId: 'wf_1', acquiredAt: at(5) },
      ]);
      expect(await store.resourceLocks('wf_other')).toEqual([]);
      expect(await lock(store, 'wf_1', [])).toEqual({ acquired: true });
      await expect(lock(store, 'ghost', [A])).rejects.toThrow(WorkflowNotFoundError);
    });

    it('takes all or nothing: a set that overlaps a live holder takes none of its free keys', async () => {
      const store = await fresh();
      await create(store, 'wf_1');
      await create(store, 'wf_2', 'waiting_for_human');
      await lock(store, 'wf_2', [B]);
      expect(await lock(store, 'wf_1', [C, B, A])).toEqual({ acquired: false, resource: B, heldBy: 'wf_2' });
      expect(await holders(store)).toEqual({ [B]: 'wf_2' });
      expect(await lock(store, 'wf_1', [A, C])).toEqual({ acquired: true });
      expect(await holders(store)).toEqual({ [A]: 'wf_1', [B]: 'wf_2', [C]: 'wf_1' });
    });

    it('keeps the locks while the workflow waits for a person or compensates', async () => {
      const store = await fresh();
      await create(store, 'wf_1');
      await lock(store, 'wf_1', [A]);
      await store.openEscalation(escalation('esc_1', 'wf_1'), event('wf_1', 'o'));
      const back = { workflowId: 'wf_1', from: ['waiting_for_human' as const], to: 'compensating' as const };
      expect(await store.transition({ ...back, event: event('wf_1', 'c') })).toBe(true);
      await store.checkpointStep({ step: step('wf_1', 0), cursor: 1, events: [] });
      expect(await holders(store)).toEqual({ [A]: 'wf_1' });
    });

    it.each([
      ['a transition', 'compensated'],
      ['a checkpoint', 'completed'],
      ['a decision', 'rejected'],
    ] as const)(
      'releases a workflow’s locks, and only its own, with %s that ends it (%s)',
      async (how, to) => {
        const store = await fresh();
        await create(store, 'wf_1', how === 'a transition' ? 'compensating' : 'running');
        await create(store, 'wf_2');
        await lock(store, 'wf_1', [A, B]);
        await lock(store, 'wf_2', [C]);
        if (how === 'a transition') {
          await store.transition({
            workflowId: 'wf_1',
            from: ['compensating'],
            to,
            event: event('wf_1', 't'),
          });
        } else if (how === 'a checkpoint') {
          await store.checkpointStep({ step: step('wf_1', 0), cursor: 1, status: to, events: [] });
        } else {
          await store.openEscalation(escalation('esc_1', 'wf_1'), event('wf_1', 'o'));
          const decision = { id: 'esc_1', decision: 'reject' as const, decidedBy: 'ann', note: null };
          await store.decideEscalation({ ...decision, at: at(3), nextStatus: to });
        }
        expect(await holders(store)).toEqual({ [C]: 'wf_2' });
        await create(store, 'wf_3');
        expect(await lock(store, 'wf_3', [A, B])).toEqual({ acquired: true });
      },
    );

    it('gives a stale lock (its holder ended without releasing it) to the next workflow', async () => {
      const store = await fresh();
      await create(store, 'wf_old', 'failed');
      await lock(store, 'wf_old', [A]);
      await create(store, 'wf_1');
      expect(await lock(store, 'wf_1', [A], 4)).toEqual({ acquired: true });
      expect(await store.resourceLocks()).toEqual([{ resource: A, workflowId: 'wf_1', acquiredAt: at(4) }]);
    });

    it('gives overlapping sets taken at once on two instances to exactly one workflow, in any order, without deadlock', async () => {
      const stores = [await fresh(), await sibling()];
      const ids = Array.from({ length: 12 }, (_, i) => `wf_${i}`);
      for (const id of ids) await create(stores[0] as Store, id);
      // Half ask [A, B, C], half [C, B, A]: unsorted, two of them would wait on each other.
      const sets = ids.map((_, i) => (i % 2 === 0 ? [A, B, C] : [C, B, A]));
      const results = await Promise.all(ids.map((id, i) => lock(stores[i % 2] as Store, id, sets[i] ?? [])));
      const winners = ids.filter((_, i) => results[i]?.acquired);
      expect(winners).toHaveLength(1);
      const winner = winners[0];
      expect(await holders(stores[1] as Store)).toEqual({ [A]: winner, [B]: winner, [C]: winner });
      for (const result of results.filter((r) => !r.acquired))
        expect(result).toMatchObject({ heldBy: winner });
    });
  });
}

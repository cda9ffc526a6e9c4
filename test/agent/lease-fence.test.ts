import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { moveWorkflow } from '../../src/agent/workflow-moves.js';
import { EscalateToHuman } from '../../src/errors.js';
import { sequentialIds } from '../../src/testing/index.js';
import { defineTool } from '../../src/tools/tool.js';
import { createHarness, planOf, scriptedTool } from '../helpers/executor-harness.js';

const LEASE_MS = 30_000;
const B = 'another-host/2/exec_b';

describe('an executor whose lease was taken over', () => {
  it('cannot pause the workflow for a person: its escalation is refused and the new owner runs on', async () => {
    let h: ReturnType<typeof createHarness> | undefined;
    // The step outlives the lease; another instance takes the workflow over; then the step asks for a person.
    const stalled = defineTool({
      name: 'stall_then_escalate',
      description: 'Outlives the lease, then escalates.',
      input: z.object({}),
      writes: {},
      effect: 'write',
      timeoutMs: 60_000,
      async run(_input, ctx) {
        await h?.time.sleep(40_000);
        const now = ctx.clock.now();
        const taken = await h?.store.claim({
          workflowId: ctx.workflowId,
          owner: B,
          now: now.toISOString(),
          expiresAt: new Date(now.getTime() + LEASE_MS).toISOString(),
          isAlive: () => true,
        });
        expect(taken).toBe(true);
        throw new EscalateToHuman('needs a person');
      },
    });
    h = createHarness((l) => [stalled, scriptedTool(l, 'write_b')], { leaseMs: LEASE_MS });
    const result = await h.executor.start({
      plan: planOf('stall_then_escalate', 'write_b'),
      customerId: 'C-1',
    });
    expect(result.workflow).toMatchObject({ status: 'running', cursor: 0, leaseOwner: B });
    expect(await h.store.listEscalations()).toEqual([]);
    expect(result.escalation).toBeNull();
    const journal = (await h.store.journal(result.workflow.id)).map((e) => e.type);
    expect(journal).not.toContain('escalation.opened');
    expect(h.ledger.calls).toEqual([]);
  });

  it('cannot move it on: a status change it makes after the takeover is refused', async () => {
    const h = createHarness((l) => [scriptedTool(l, 'write_a')], { leaseMs: LEASE_MS });
    const result = await h.executor.start({ plan: planOf('write_a'), customerId: 'C-1' });
    expect(result.workflow.status).toBe('completed');
    // A planned workflow the stalled executor held once, taken over since.
    const id = 'wf_planned';
    const at = h.time.clock.now().toISOString();
    await h.store.createWorkflow(
      {
        ...result.workflow,
        id,
        status: 'planned',
        cursor: 0,
        outcome: null,
        leaseOwner: B,
        leaseExpiresAt: at,
      },
      { workflowId: id, at, type: 'workflow.started', stepId: null, data: null },
    );
    const record = await h.store.getWorkflow(id);
    if (!record) throw new Error('no workflow');
    const runtime = { clock: h.time.clock, sleep: h.time.sleep, ids: sequentialIds(), random: () => 0 };
    const deps = { store: h.store, runtime, emit: () => {}, owner: 'this-host/1/exec_a' };
    await expect(moveWorkflow(deps, record, 'running', 'workflow.running')).rejects.toMatchObject({
      code: 'LEASE_LOST',
    });
    expect(await h.store.getWorkflow(id)).toMatchObject({ status: 'planned', leaseOwner: B });
  });
});

import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ownerAlive } from '../../src/agent/lease.js';
import { createHarness, gatedTool, planOf, scriptedTool } from '../helpers/executor-harness.js';

function blocked() {
  let gated: ReturnType<typeof gatedTool> | undefined;
  const h = createHarness(
    (l) => {
      gated = gatedTool(l, 'slow_write');
      return [gated.tool, scriptedTool(l, 'write_b')];
    },
    { autoAdvance: false },
  );
  if (!gated) throw new Error('the harness did not build its tools');
  return { h, release: gated.release, entered: gated.entered };
}

describe('workflow leases', () => {
  it('does not run a workflow another live executor is running, even from recover()', async () => {
    const { h, release, entered } = blocked();
    const running = h.executor.start({ plan: planOf('slow_write', 'write_b'), customerId: 'C-1' });
    await entered;
    expect(h.ledger.calls).toHaveLength(1);
    const [seen] = await h.restart().recover();
    expect(seen?.workflow.status).toBe('running');
    expect(h.ledger.calls).toHaveLength(1);
    expect((await h.store.journal('wf_1')).map((e) => e.type)).not.toContain('workflow.recovered');
    release();
    expect((await running).workflow.status).toBe('completed');
    expect(h.ledger.calls.map((c) => c.tool)).toEqual(['slow_write', 'write_b']);
  });

  it('takes over a workflow whose owner process is gone', async () => {
    const { h, release } = blocked();
    release();
    await h.store.createWorkflow(
      {
        id: 'wf_orphan',
        customerId: 'C-1',
        conversationId: null,
        intent: 'test',
        status: 'running',
        plan: planOf('slow_write', 'write_b'),
        cursor: 0,
        degraded: false,
        outcome: null,
        createdAt: '2026-03-01T09:00:00.000Z',
        updatedAt: '2026-03-01T09:00:00.000Z',
        // A pid no process has: the process that held this lease died.
        leaseOwner: `${hostname()}/4194303/exec_dead`,
        leaseExpiresAt: '2999-01-01T00:00:00.000Z',
      },
      {
        workflowId: 'wf_orphan',
        at: '2026-03-01T09:00:00.000Z',
        type: 'workflow.started',
        stepId: null,
        data: null,
      },
    );
    const [recovered] = await h.executor.recover();
    expect(recovered?.workflow.status).toBe('completed');
  });

  it('treats owners on other hosts as alive until their lease expires', () => {
    expect(ownerAlive('another-host/1/exec_1')).toBe(true);
    expect(ownerAlive(`${hostname()}/${process.pid}/exec_1`)).toBe(true);
    expect(ownerAlive(`${hostname()}/4194303/exec_1`)).toBe(false);
  });
});

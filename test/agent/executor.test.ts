import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { EscalationDecidedError, PlanInvalidError, ReplayMismatchError } from '../../src/errors.js';
import { defineTool } from '../../src/tools/tool.js';
import { createHarness, gatedTool, planOf, scriptedTool } from '../helpers/executor-harness.js';

const types = (events: { type: string }[]) => events.map((e) => e.type);

describe('Executor', () => {
  it('runs every step and journals one completion per step', async () => {
    const h = createHarness((l) => [scriptedTool(l, 'step_one'), scriptedTool(l, 'step_two')]);
    const result = await h.executor.start({ plan: planOf('step_one', 'step_two'), customerId: 'C-1' });
    expect(result.workflow.status).toBe('completed');
    expect(result.context).toEqual({
      step_one: { key: 'wf_1:s1', value: 'step_one' },
      step_two: { key: 'wf_1:s2', value: 'step_two' },
    });
    expect(types(await h.store.journal('wf_1'))).toEqual([
      'workflow.started',
      'step.completed',
      'step.completed',
      'workflow.completed',
    ]);
  });

  it('retries a retryable failure with growing, capped, journaled delays and then succeeds', async () => {
    const h = createHarness((l) => [
      scriptedTool(l, 'flaky_step', ['retryable', 'retryable'], {
        retry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 150, jitter: 0 },
      }),
    ]);
    const result = await h.executor.start({ plan: planOf('flaky_step'), customerId: 'C-1' });
    expect(result.workflow.status).toBe('completed');
    expect(h.ledger.calls.map((c) => c.attempt)).toEqual([1, 2, 3]);
    expect(new Set(h.ledger.calls.map((c) => c.key))).toEqual(new Set(['wf_1:s1']));
    const journal = await h.store.journal('wf_1');
    expect(types(journal)).toEqual([
      'workflow.started',
      'step.attempt_failed',
      'step.retry_scheduled',
      'step.attempt_failed',
      'step.retry_scheduled',
      'step.completed',
      'workflow.completed',
    ]);
    expect(journal.filter((e) => e.type === 'step.retry_scheduled').map((e) => e.data?.delayMs)).toEqual([
      100, 150,
    ]);
    expect(result.steps[0]?.attempts).toBe(3);
  });

  it('applies jitter within the policy and honours a longer Retry-After', async () => {
    const { backoffDelay } = await import('../../src/agent/backoff.js');
    const policy = { maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 4000, jitter: 0.5 };
    expect(backoffDelay(policy, 1, () => 0)).toBe(1000);
    expect(backoffDelay(policy, 1, () => 0.999)).toBe(500);
    expect(backoffDelay(policy, 5, () => 0)).toBe(4000);
    expect(backoffDelay(policy, 1, () => 0, 7000)).toBe(7000);
    expect(backoffDelay(policy, 1, () => 0, 10 * 60_000)).toBe(60_000);
  });

  it('compensates completed writes in reverse order when a critical step exhausts its retries', async () => {
    const h = createHarness((l) => [
      scriptedTool(l, 'write_a', [], { compensate: 'undo_a' }),
      scriptedTool(l, 'write_b', [], { compensate: 'undo_b' }),
      scriptedTool(l, 'read_c', [], { effect: 'read' }),
      scriptedTool(l, 'fails_d', ['retryable', 'retryable', 'retryable']),
      scriptedTool(l, 'undo_a', [], { plannable: false }),
      scriptedTool(l, 'undo_b', [], { plannable: false }),
    ]);
    const result = await h.executor.start({
      plan: planOf('write_a', 'write_b', 'read_c', 'fails_d'),
      customerId: 'C-1',
    });
    expect(result.workflow.status).toBe('compensated');
    expect(result.workflow.outcome).toMatchObject({
      reason: 'failure',
      stepId: 's4',
      code: 'TOOL_RETRYABLE',
    });
    const undos = h.ledger.calls.filter((c) => c.tool.startsWith('undo_'));
    expect(undos.map((c) => c.key)).toEqual(['wf_1:s2:undo', 'wf_1:s1:undo']);
    expect(result.steps.map((s) => s.status)).toEqual(['compensated', 'compensated', 'completed', 'failed']);
    expect(types(await h.store.journal('wf_1')).slice(-4)).toEqual([
      'workflow.compensating',
      'compensation.completed',
      'compensation.completed',
      'workflow.compensated',
    ]);
  });

  it('ends failed, with nothing to undo, when the first step fails permanently', async () => {
    const h = createHarness((l) => [scriptedTool(l, 'fails_now', ['permanent'])]);
    const result = await h.executor.start({ plan: planOf('fails_now'), customerId: 'C-1' });
    expect(result.workflow.status).toBe('failed');
    expect(h.ledger.calls).toHaveLength(1);
  });

  it('escalates a compensation that fails for good; approve retries it, and it is never dropped', async () => {
    const h = createHarness((l) => [
      scriptedTool(l, 'write_a', [], { compensate: 'undo_a' }),
      scriptedTool(l, 'fails_b', ['permanent']),
      scriptedTool(l, 'undo_a', ['retryable', 'retryable', 'retryable'], { plannable: false }),
    ]);
    const waiting = await h.executor.start({ plan: planOf('write_a', 'fails_b'), customerId: 'C-1' });
    expect(waiting.workflow.status).toBe('waiting_for_human');
    expect(waiting.escalation).toMatchObject({ kind: 'compensation', stepId: 's1', status: 'open' });
    expect(waiting.steps[0]?.status).toBe('compensation_failed');
    const done = await h
      .restart()
      .decide(waiting.escalation?.id ?? '', { decision: 'approve', decidedBy: 'staff' });
    expect(done.workflow.status).toBe('compensated');
    expect(h.ledger.live('undo_a')).toEqual(['wf_1:s1:undo']);
  });

  it('ends failed when staff takes over a compensation that could not run', async () => {
    const h = createHarness((l) => [
      scriptedTool(l, 'write_a', [], { compensate: 'undo_a' }),
      scriptedTool(l, 'fails_b', ['permanent']),
      scriptedTool(l, 'undo_a', ['permanent'], { plannable: false }),
    ]);
    const waiting = await h.executor.start({ plan: planOf('write_a', 'fails_b'), customerId: 'C-1' });
    const done = await h.executor.decide(waiting.escalation?.id ?? '', {
      decision: 'reject',
      decidedBy: 'staff',
      note: 'voided by hand',
    });
    expect(done.workflow.status).toBe('failed');
    expect(h.ledger.live('undo_a')).toEqual([]);
  });

  it('aborts an attempt at its timeout, discards its late result, and uses the retry', async () => {
    const h = createHarness(() => [
      defineTool({
        name: 'slow_quote',
        description: 'A tool that ignores its abort signal.',
        input: z.object({}),
        writes: { quote: z.string() },
        effect: 'read',
        timeoutMs: 1000,
        retry: { maxAttempts: 2, baseDelayMs: 10, jitter: 0 },
        async run(_input, ctx) {
          if (ctx.attempt === 1) {
            await new Promise((resolve) => setTimeout(resolve, 30));
            return { quote: 'late' };
          }
          return { quote: 'fresh' };
        },
      }),
    ]);
    const result = await h.executor.start({ plan: planOf('slow_quote'), customerId: 'C-1' });
    expect(result.workflow.status).toBe('completed');
    expect(result.context).toEqual({ quote: 'fresh' });
    expect((await h.store.journal('wf_1')).find((e) => e.type === 'step.attempt_failed')?.data).toMatchObject(
      {
        code: 'STEP_TIMEOUT',
      },
    );
  });

  it('passes an AbortSignal that fires at the timeout, so a cooperating tool stops before its effect', async () => {
    const h = createHarness((l) => [
      scriptedTool(l, 'slow_write', [{ delayMs: 5000 }], { timeoutMs: 1000, retry: { maxAttempts: 1 } }),
    ]);
    const result = await h.executor.start({ plan: planOf('slow_write'), customerId: 'C-1' });
    expect(result.workflow.status).toBe('failed');
    expect(result.workflow.outcome).toMatchObject({ code: 'STEP_TIMEOUT' });
    expect(h.ledger.live('slow_write')).toEqual([]);
  });

  it('completes degraded when a non-critical step fails for good', async () => {
    const h = createHarness((l) => [
      scriptedTool(l, 'write_a'),
      scriptedTool(l, 'notify_customer', ['retryable', 'retryable', 'retryable'], { critical: false }),
      scriptedTool(l, 'write_c'),
    ]);
    const result = await h.executor.start({
      plan: planOf('write_a', 'notify_customer', 'write_c'),
      customerId: 'C-1',
    });
    expect(result.workflow).toMatchObject({ status: 'completed', degraded: true });
    expect(result.steps.map((s) => s.status)).toEqual(['completed', 'degraded', 'completed']);
    expect(types(await h.store.journal('wf_1'))).toContain('step.degraded');
  });

  it('pauses before a step whose approval predicate fires, and approve lets it run', async () => {
    const h = createHarness((l) => [
      scriptedTool(l, 'write_a'),
      defineTool({
        name: 'big_payout',
        description: 'Pays out; large amounts need a human.',
        input: z.object({ cents: z.number() }),
        effect: 'write',
        approval: ({ input }) => (input.cents > 500 ? `payout of ${input.cents} needs approval` : null),
        async run(input, ctx) {
          l.apply(ctx.idempotencyKey, 'big_payout', input.cents);
          return {};
        },
      }),
    ]);
    const plan = {
      intent: 'pay',
      confidence: 1,
      steps: [
        { id: 'a', tool: 'write_a', args: {} },
        { id: 'pay', tool: 'big_payout', args: { cents: 900 } },
      ],
    };
    const waiting = await h.executor.start({ plan, customerId: 'C-1' });
    expect(waiting.workflow).toMatchObject({ status: 'waiting_for_human', cursor: 1 });
    expect(waiting.escalation).toMatchObject({
      kind: 'approval',
      stepId: 'pay',
      reason: 'payout of 900 needs approval',
    });
    expect(h.ledger.live('big_payout')).toEqual([]);
    const done = await h
      .restart()
      .decide(waiting.escalation?.id ?? '', { decision: 'approve', decidedBy: 'ana' });
    expect(done).toMatchObject({ applied: true, workflow: { status: 'completed' } });
    expect(h.ledger.live('big_payout')).toEqual(['wf_1:pay']);
  });

  it('rejecting an escalated step compensates what was done and ends rejected', async () => {
    const h = createHarness((l) => [
      scriptedTool(l, 'write_a', [], { compensate: 'undo_a' }),
      scriptedTool(l, 'needs_human', ['escalate']),
      scriptedTool(l, 'undo_a', [], { plannable: false }),
    ]);
    const waiting = await h.executor.start({ plan: planOf('write_a', 'needs_human'), customerId: 'C-1' });
    expect(waiting.escalation).toMatchObject({ kind: 'tool', reason: 'needs_human needs a human' });
    const done = await h.executor.decide(waiting.escalation?.id ?? '', {
      decision: 'reject',
      decidedBy: 'ana',
      note: 'policy',
    });
    expect(done.workflow).toMatchObject({
      status: 'rejected',
      outcome: { reason: 'rejected', stepId: 's2', message: 'policy' },
    });
    expect(h.ledger.live('undo_a')).toEqual(['wf_1:s1:undo']);
  });

  it('applies a decision that arrives twice once, and refuses a contradicting one', async () => {
    const h = createHarness((l) => [
      scriptedTool(l, 'needs_human', ['escalate']),
      scriptedTool(l, 'write_b'),
    ]);
    const waiting = await h.executor.start({ plan: planOf('needs_human', 'write_b'), customerId: 'C-1' });
    const id = waiting.escalation?.id ?? '';
    const [first, second] = await Promise.all([
      h.executor.decide(id, { decision: 'approve', decidedBy: 'ana' }),
      h.restart().decide(id, { decision: 'approve', decidedBy: 'bo' }),
    ]);
    expect([first.applied, second.applied].sort()).toEqual([false, true]);
    expect(h.ledger.calls.filter((c) => c.tool === 'write_b')).toHaveLength(1);
    expect((await h.store.journal('wf_1')).filter((e) => e.type === 'escalation.approved')).toHaveLength(1);
    await expect(h.executor.decide(id, { decision: 'reject', decidedBy: 'cy' })).rejects.toBeInstanceOf(
      EscalationDecidedError,
    );
  });

  it('holds a low-confidence plan for a human before the first step', async () => {
    const h = createHarness((l) => [scriptedTool(l, 'write_a')]);
    const waiting = await h.executor.start({
      plan: planOf('write_a'),
      customerId: 'C-1',
      gate: { reason: 'confidence 0.41 < 0.8' },
    });
    expect(waiting.workflow.status).toBe('waiting_for_human');
    expect(waiting.escalation).toMatchObject({ kind: 'low_confidence', stepId: null });
    expect(h.ledger.calls).toHaveLength(0);
    const rejected = await h.executor.decide(waiting.escalation?.id ?? '', {
      decision: 'reject',
      decidedBy: 'ana',
    });
    expect(rejected.workflow.status).toBe('rejected');
  });

  function blockingHarness() {
    let gated: ReturnType<typeof gatedTool> | undefined;
    const h = createHarness(
      (l) => {
        gated = gatedTool(l, 'slow_b');
        return [scriptedTool(l, 'write_a'), gated.tool, scriptedTool(l, 'write_c')];
      },
      { autoAdvance: false },
    );
    if (!gated) throw new Error('the harness did not build its tools');
    const running = h.executor.start({ plan: planOf('write_a', 'slow_b', 'write_c'), customerId: 'C-1' });
    return { h, running, release: gated.release, entered: gated.entered };
  }

  it('stops at the next step boundary, letting the step in flight finish', async () => {
    const { h, running, release, entered } = blockingHarness();
    await entered;
    h.executor.stop();
    release();
    const stopped = await running;
    expect(stopped.workflow).toMatchObject({ status: 'running', cursor: 2 });
    expect(h.ledger.calls.filter((c) => c.tool === 'write_c')).toHaveLength(0);
    const [recovered] = await h.restart().recover();
    expect(recovered?.workflow.status).toBe('completed');
    expect(h.ledger.calls.filter((c) => c.tool === 'slow_b')).toHaveLength(1);
  });

  it('aborts the step in flight on a hard stop, and a new executor runs it again with the same key', async () => {
    const { h, running, release, entered } = blockingHarness();
    await entered;
    h.executor.abort();
    const drained = await running;
    expect(drained.workflow).toMatchObject({ status: 'running', cursor: 1 });
    release();
    const [recovered] = await h.restart().recover();
    expect(recovered?.workflow.status).toBe('completed');
    expect(h.ledger.calls.filter((c) => c.tool === 'slow_b').map((c) => c.key)).toEqual([
      'wf_1:s2',
      'wf_1:s2',
    ]);
    expect(h.ledger.calls.filter((c) => c.tool === 'write_a')).toHaveLength(1);
    expect(h.ledger.live('slow_b')).toEqual(['wf_1:s2']);
  });

  it('writes as many bytes for the last step of a long plan as for the second', async () => {
    const names = Array.from({ length: 20 }, (_, i) => `step_${String(i).padStart(2, '0')}`);
    const h = createHarness((l) => names.map((n) => scriptedTool(l, n, [], { effect: 'read' })));
    const sizes: number[] = [];
    const original = h.store.checkpointStep.bind(h.store);
    vi.spyOn(h.store, 'checkpointStep').mockImplementation(async (args) => {
      const bytes = await original(args);
      sizes.push(bytes);
      return bytes;
    });
    await h.executor.start({ plan: planOf(...names), customerId: 'C-1' });
    expect(sizes).toHaveLength(20);
    // Steps s10..s19 have ids of one length; the last checkpoint also carries workflow.completed.
    expect(new Set(sizes.slice(9, 19)).size).toBe(1);
  });

  it('produces the same journal for the same plan and tool results', async () => {
    const run = async () => {
      const h = createHarness((l) => [scriptedTool(l, 'flaky_a', ['retryable']), scriptedTool(l, 'write_b')]);
      await h.executor.start({ plan: planOf('flaky_a', 'write_b'), customerId: 'C-1' });
      return await h.store.journal('wf_1');
    };
    expect(await run()).toEqual(await run());
  });

  it('rejects an invalid plan before storing anything', async () => {
    const h = createHarness((l) => [scriptedTool(l, 'write_a')]);
    await expect(
      h.executor.start({ plan: planOf('write_a', 'nope'), customerId: 'C-1' }),
    ).rejects.toBeInstanceOf(PlanInvalidError);
    expect(await h.store.listWorkflows()).toEqual([]);
  });

  it('refuses to resume when a checkpoint does not match the stored plan', async () => {
    const h = createHarness((l) => [
      scriptedTool(l, 'write_a'),
      scriptedTool(l, 'needs_human', ['escalate']),
    ]);
    await h.executor.start({ plan: planOf('write_a', 'needs_human'), customerId: 'C-1' });
    h.store.db.prepare(`UPDATE steps SET tool = 'something_else' WHERE step_index = 0`).run();
    await expect(h.executor.resume('wf_1')).rejects.toBeInstanceOf(ReplayMismatchError);
  });
});

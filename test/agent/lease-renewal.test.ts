import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { LeaseClaim, WorkflowRecord } from '../../src/store/store.js';
import { defineTool } from '../../src/tools/tool.js';
import { createHarness, planOf, scriptedTool } from '../helpers/executor-harness.js';

const LEASE_MS = 30_000;
const slow = { timeoutMs: 25_000 };

function orphan(over: Partial<WorkflowRecord>): WorkflowRecord {
  return {
    id: 'wf_other',
    customerId: 'C-1',
    conversationId: null,
    intent: 'test',
    status: 'running',
    plan: planOf('write_a', 'write_b'),
    cursor: 0,
    degraded: false,
    outcome: null,
    createdAt: '2026-03-01T09:00:00.000Z',
    updatedAt: '2026-03-01T09:00:00.000Z',
    leaseOwner: null,
    leaseExpiresAt: null,
    ...over,
  };
}

/** The leases the store grants the harness's executor from now on: when, and until when. */
function grantsOf(h: ReturnType<typeof createHarness>): { now: number; until: number }[] {
  const granted: { now: number; until: number }[] = [];
  const claim = h.store.claim.bind(h.store);
  h.store.claim = async (args: LeaseClaim) => {
    const taken = await claim(args);
    if (taken) granted.push({ now: Date.parse(args.now), until: Date.parse(args.expiresAt) });
    return taken;
  };
  return granted;
}

describe('lease renewal and takeover', () => {
  it('renews the lease at step boundaries once half of it has passed, so it never runs a step unleased', async () => {
    const h = createHarness(
      (l) =>
        ['write_a', 'write_b', 'write_c'].map((name) => scriptedTool(l, name, [{ delayMs: 20_000 }], slow)),
      { leaseMs: LEASE_MS },
    );
    const granted = grantsOf(h);
    const start = h.time.clock.now().getTime();
    const result = await h.executor.start({
      plan: planOf('write_a', 'write_b', 'write_c'),
      customerId: 'C-1',
    });
    expect(result.workflow.status).toBe('completed');
    // Steps start at 0, 20 and 40 s; the first lease (with the insert) ends at 30 s.
    expect(granted.map((g) => [(g.now - start) / 1000, (g.until - start) / 1000])).toEqual([
      [20, 50],
      [40, 70],
    ]);
    const leases = [{ now: start, until: start + LEASE_MS }, ...granted];
    const started = h.events.filter((e) => e.type === 'step.started').map((e) => Date.parse(e.at));
    for (const at of started) expect(leases.some((l) => l.now <= at && at < l.until)).toBe(true);
    expect(result.workflow.leaseOwner).toBeNull();
  });

  it('keeps the lease through a step whose retries outlast it, so no attempt runs unleased', async () => {
    // Three attempts time out at 12 s each before the fourth succeeds: the step lasts well past
    // the 30 s lease, so the lease is renewed between attempts, not only between steps.
    const long = [{ delayMs: 20_000 }, { delayMs: 20_000 }, { delayMs: 20_000 }];
    const retry = { maxAttempts: 4, baseDelayMs: 1_000, maxDelayMs: 1_000, jitter: 0 };
    const h = createHarness((l) => [scriptedTool(l, 'write_a', long, { timeoutMs: 12_000, retry })], {
      leaseMs: LEASE_MS,
    });
    const granted = grantsOf(h);
    const start = h.time.clock.now().getTime();
    const result = await h.executor.start({ plan: planOf('write_a'), customerId: 'C-1' });
    expect(result.workflow.status).toBe('completed');
    const started = h.events.filter((e) => e.type === 'step.started').map((e) => Date.parse(e.at));
    expect(started).toHaveLength(4);
    expect((started.at(-1) ?? start) - start).toBeGreaterThan(LEASE_MS);
    const leases = [{ now: start, until: start + LEASE_MS }, ...granted];
    for (const at of started) expect(leases.some((l) => l.now <= at && at < l.until)).toBe(true);
  });

  it('stops a step between attempts when another executor took the workflow over', async () => {
    const long = [{ delayMs: 20_000 }, { delayMs: 20_000 }];
    const retry = { maxAttempts: 3, baseDelayMs: 1_000, maxDelayMs: 1_000, jitter: 0 };
    const h = createHarness((l) => [scriptedTool(l, 'write_a', long, { timeoutMs: 12_000, retry })], {
      leaseMs: LEASE_MS,
    });
    // Every renewal is refused: another instance holds the workflow now.
    h.store.claim = async () => false;
    const result = await h.executor.start({ plan: planOf('write_a'), customerId: 'C-1' });
    expect(result.workflow.status).toBe('running');
    expect(h.ledger.calls.length).toBeLessThan(3);
    expect(await h.store.steps(result.workflow.id)).toEqual([]);
    expect(h.events.some((e) => e.type === 'step.failed')).toBe(false);
  });

  it('leaves a live instance its workflow until its lease expires, then takes it over and finishes it', async () => {
    const h = createHarness((l) => [scriptedTool(l, 'write_a'), scriptedTool(l, 'write_b')], {
      leaseMs: LEASE_MS,
    });
    const expires = new Date(h.time.clock.now().getTime() + LEASE_MS).toISOString();
    const record = orphan({ leaseOwner: 'another-host/1/exec_9', leaseExpiresAt: expires });
    await h.store.createWorkflow(record, {
      workflowId: record.id,
      at: record.createdAt,
      type: 'workflow.started',
      stepId: null,
      data: null,
    });
    const [early] = await h.executor.recover();
    expect(early?.workflow).toMatchObject({ status: 'running', leaseOwner: 'another-host/1/exec_9' });
    expect(h.ledger.calls).toEqual([]);
    h.time.advance(LEASE_MS);
    const [late] = await h.executor.recover();
    expect(late?.workflow.status).toBe('completed');
    expect(h.ledger.calls.map((c) => c.tool)).toEqual(['write_a', 'write_b']);
  });

  it('writes nothing more once another instance took the workflow over while its step ran', async () => {
    let h: ReturnType<typeof createHarness> | undefined;
    // A step that outlives the lease; while it runs, another instance finds the lease expired and takes it.
    const stalled = defineTool({
      name: 'stall_write',
      description: 'Outlives the lease.',
      input: z.object({}),
      writes: {},
      effect: 'write',
      timeoutMs: 60_000,
      async run(_input, ctx) {
        await h?.time.sleep(40_000);
        const now = ctx.clock.now();
        const taken = await h?.store.claim({
          workflowId: ctx.workflowId,
          owner: 'another-host/2/exec_b',
          now: now.toISOString(),
          expiresAt: new Date(now.getTime() + LEASE_MS).toISOString(),
          isAlive: () => true,
        });
        expect(taken).toBe(true);
        return {};
      },
    });
    h = createHarness((l) => [stalled, scriptedTool(l, 'write_b')], { leaseMs: LEASE_MS });
    const result = await h.executor.start({ plan: planOf('stall_write', 'write_b'), customerId: 'C-1' });
    // The late step's checkpoint is fenced out: the new owner runs it again, with the same key.
    expect(result.workflow).toMatchObject({
      status: 'running',
      cursor: 0,
      leaseOwner: 'another-host/2/exec_b',
    });
    expect(result.steps).toEqual([]);
    expect(h.ledger.calls).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import type { Recovery } from '../../src/agent/create-agent.js';
import { startTakeover, type Ticker } from '../../src/agent/takeover.js';
import { createHarness, gatedTool, planOf, scriptedTool } from '../helpers/executor-harness.js';

/** A ticker the test fires by hand. */
function manualTicker() {
  const ticks: (() => void)[] = [];
  let stopped = 0;
  const ticker: Ticker = {
    every(_ms, fn) {
      ticks.push(fn);
      return () => {
        stopped += 1;
      };
    },
  };
  const tick = () => {
    for (const fn of ticks) fn();
  };
  return { ticker, tick, stopped: () => stopped };
}

const none: Recovery = { resumed: [], repliedLate: [] };

describe('takeover sweep', () => {
  it('recovers on every tick, never two sweeps at once, and reports failures without stopping', async () => {
    const { ticker, tick, stopped } = manualTicker();
    let calls = 0;
    let finish: () => void = () => {};
    const errors: unknown[] = [];
    const takeover = startTakeover({
      everyMs: 1000,
      ticker,
      recover: () => {
        calls += 1;
        if (calls === 2) return Promise.reject(new Error('database gone'));
        return new Promise<Recovery>((resolve) => {
          finish = () => resolve(none);
        });
      },
      onError: (error) => errors.push(error),
    });
    tick();
    tick(); // the first sweep is still in flight: no second one
    expect(calls).toBe(1);
    const first = takeover.sweep(); // the sweep in flight, not a new one
    expect(calls).toBe(1);
    finish();
    await first;
    await takeover.sweep();
    // The first sweep ended; this call ran the second one, which failed and was reported.
    expect(calls).toBe(2);
    expect(errors).toHaveLength(1);
    tick();
    expect(calls).toBe(3);
    finish();
    takeover.stop();
    expect(stopped()).toBe(1);
  });

  it('leaves a workflow its own executor is running to it: a sweep that finds it does not run it twice', async () => {
    let gate: ReturnType<typeof gatedTool> | undefined;
    const h = createHarness((l) => {
      gate = gatedTool(l, 'write_gated');
      return [gate.tool, scriptedTool(l, 'write_b')];
    });
    const running = h.executor.start({ plan: planOf('write_gated', 'write_b'), customerId: 'C-1' });
    await gate?.entered;
    // Its lease is this executor's own, so a claim would succeed: only knowing it is driving it stops a second run.
    await h.executor.recover();
    gate?.release();
    const result = await running;
    expect(result.workflow.status).toBe('completed');
    expect(h.ledger.calls.map((c) => c.tool)).toEqual(['write_gated', 'write_b']);
    expect(h.events.filter((e) => e.type === 'workflow.recovered')).toHaveLength(0);
  });
});

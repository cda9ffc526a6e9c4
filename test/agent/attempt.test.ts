import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { type AttemptContext, runAttempt } from '../../src/agent/attempt.js';
import { StepTimeoutError } from '../../src/errors.js';
import { type Sleep, systemClock, systemSleep } from '../../src/runtime.js';
import { VirtualTime } from '../../src/testing/index.js';
import { defineTool, type ToolContext } from '../../src/tools/tool.js';

// An attempt makes its tool's signal and logger only when the tool reads them; a signal made late
// must be in the state an eager one would be in (aborted by the deadline or the hard stop, the
// first reason kept), and the hard stop must not reach an attempt that is over.
function ctx(children: { count: number }): AttemptContext {
  const parent = pino({ level: 'silent' });
  const counted = Object.assign(Object.create(parent), {
    child: (bindings: Record<string, unknown>) => {
      children.count++;
      return parent.child(bindings);
    },
  });
  return {
    ...{ workflowId: 'wf_1', stepId: 's1', attempt: 1, idempotencyKey: 'wf_1:s1', customerId: 'cus_1' },
    ...{ context: {}, approval: null, ports: {}, clock: systemClock },
    log: { parent: counted, bindings: { attempt: 1 } },
  };
}

/** A tool that hands its context to the test, then finishes when `finish` is called. */
function heldTool() {
  let seen: ToolContext<unknown> | undefined;
  let finish: () => void = () => {};
  const tool = defineTool({
    name: 'hold_step',
    description: 'Holds until the test lets it finish.',
    input: z.object({}),
    effect: 'read',
    run: (_input, c) => {
      seen = c;
      return new Promise((resolve) => {
        finish = () => resolve({});
      });
    },
  });
  return { tool, seen: () => seen as ToolContext<unknown>, finish: () => finish() };
}

const never: Sleep = () => new Promise(() => {});

afterEach(() => {
  vi.useRealTimers();
});

describe('runAttempt', () => {
  it('aborts a signal the tool reads after the hard stop, with the stop reason', async () => {
    const held = heldTool();
    const outer = new AbortController();
    const running = runAttempt(held.tool, {}, ctx({ count: 0 }), {
      timeoutMs: 1000,
      sleep: never,
      outer: outer.signal,
    });
    const stop = new Error('stopped');
    outer.abort(stop);
    expect(held.seen().signal.aborted).toBe(true);
    expect(held.seen().signal.reason).toBe(stop);
    held.finish();
    await expect(running).resolves.toEqual({ ok: true, output: {} });
  });

  it('forwards a later hard stop to a signal already read, and not after the attempt ends', async () => {
    const held = heldTool();
    const outer = new AbortController();
    const running = runAttempt(held.tool, {}, ctx({ count: 0 }), {
      timeoutMs: 1000,
      sleep: never,
      outer: outer.signal,
    });
    const signal = held.seen().signal;
    expect(signal.aborted).toBe(false);
    outer.abort(new Error('stopped'));
    expect(signal.aborted).toBe(true);
    held.finish();
    await running;

    const late = heldTool();
    const other = new AbortController();
    const done = runAttempt(late.tool, {}, ctx({ count: 0 }), {
      timeoutMs: 1000,
      sleep: never,
      outer: other.signal,
    });
    late.finish();
    await done;
    other.abort(new Error('too late'));
    expect(late.seen().signal.aborted).toBe(false);
  });

  it('times out with a virtual sleep, and a signal read afterwards carries the timeout', async () => {
    const held = heldTool();
    const time = new VirtualTime(new Date('2026-01-01T00:00:00Z'));
    const result = await runAttempt(held.tool, {}, ctx({ count: 0 }), { timeoutMs: 1000, sleep: time.sleep });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toBeInstanceOf(StepTimeoutError);
    expect(held.seen().signal.reason).toBeInstanceOf(StepTimeoutError);
  });

  it('keeps a hard stop that came before the deadline as the reason (system timer)', async () => {
    vi.useFakeTimers();
    const held = heldTool();
    const outer = new AbortController();
    const running = runAttempt(held.tool, {}, ctx({ count: 0 }), {
      timeoutMs: 1000,
      sleep: systemSleep,
      outer: outer.signal,
    });
    const stop = new Error('stopped');
    outer.abort(stop);
    await vi.advanceTimersByTimeAsync(1000);
    const result = await running;
    expect(!result.ok && result.error).toBeInstanceOf(StepTimeoutError);
    expect(held.seen().signal.reason).toBe(stop);
  });

  it('copies the signal and logger into a spread of the context, making one logger per attempt', async () => {
    const held = heldTool();
    const children = { count: 0 };
    const running = runAttempt(held.tool, {}, ctx(children), { timeoutMs: 1000, sleep: never });
    expect(children.count).toBe(0);
    const copy = { ...held.seen() };
    expect(copy.signal).toBeInstanceOf(AbortSignal);
    expect(copy.logger).toBe(held.seen().logger);
    expect(children.count).toBe(1);
    held.finish();
    await running;
  });
});

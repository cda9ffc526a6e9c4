import pino from 'pino';
import { runAttempt } from '../src/agent/attempt.js';
import { runStep, type StepDeps } from '../src/agent/step-runner.js';
import { buildState } from '../src/agent/workflow-state.js';
import { NO_OWNED_RESOURCES, validatePlan } from '../src/planner/validate.js';
import { type Sleep, systemClock, systemRuntime, systemSleep } from '../src/runtime.js';
import type { Store } from '../src/store/store.js';
import { leanAttempt, leanSleepAttempt, plainSleep } from './attempt-prototypes.js';
import { noopPlan, noopRegistry } from './keel-workload.js';

/** Median over batches of the mean cost of one call, in microseconds. */
async function cost(fn: () => unknown, iterations = 3000, batches = 5): Promise<number> {
  for (let i = 0; i < 300; i++) await fn();
  const means: number[] = [];
  for (let b = 0; b < batches; b++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) await fn();
    means.push(Number(process.hrtime.bigint() - start) / 1000 / iterations);
  }
  return means.sort((a, b) => a - b)[Math.floor(batches / 2)] ?? Number.NaN;
}

export interface PieceCost {
  piece: string;
  us: number;
  per: 'step' | 'workflow';
}

/** What the executor does around each step, each piece timed alone. */
export async function measurePieces(): Promise<PieceCost[]> {
  const registry = noopRegistry();
  const tool = registry.require('noop_step_3');
  const logger = pino({ level: 'silent' });
  const abort = new AbortController().signal;
  const context = { step1: { n: 1 }, step2: { n: 2 } };
  const ctx = {
    workflowId: 'wf_x',
    stepId: 's3',
    attempt: 1,
    idempotencyKey: 'wf_x:s3',
    customerId: 'cus_bench',
    context,
    approval: null,
    ports: {},
    clock: systemClock,
    logger,
  };
  const attempt = (sleep: Sleep) => () =>
    runAttempt(
      tool,
      {},
      { ...ctx, log: { parent: logger, bindings: {} } },
      { timeoutMs: 10_000, sleep, outer: abort },
    );
  const output = { step3: { n: 3 } };
  const plan = validatePlan(noopPlan, registry, NO_OWNED_RESOURCES);
  const { validated: _, ...stored } = plan;
  const record = {
    ...{ id: 'wf_x', customerId: 'c', conversationId: null, intent: 'track', status: 'running' as const },
    ...{ plan: stored, cursor: 0, degraded: false, outcome: null, createdAt: '', updatedAt: '' },
    leaseOwner: null,
    leaseExpiresAt: null,
  };
  const steps = plan.steps.map((step, index) => ({
    ...{ workflowId: 'wf_x', index, stepId: step.id, tool: step.tool, status: 'completed' as const },
    ...{ attempts: 1, output: { [`step${index + 1}`]: { n: index + 1 } }, error: null, finishedAt: '' },
  }));
  const deps = (sleep: Sleep): StepDeps => ({
    ...{ store: {} as Store, ports: {}, runtime: { ...systemRuntime(), sleep }, logger },
    ...{ defaultTimeoutMs: 10_000, emit: () => {}, draining: () => false, abort },
  });
  const call = {
    ...{ workflowId: 'wf_x', customerId: 'cus_bench', stepId: 's3', idempotencyKey: 'wf_x:s3', tool },
    ...{ input: {}, context, approval: null, phase: 'step' as const },
  };
  return [
    {
      piece: 'runStep as shipped (one successful step)',
      us: await cost(() => runStep(deps(systemSleep), call)),
      per: 'step',
    },
    {
      piece: 'runStep with a plain-promise sleep',
      us: await cost(() => runStep(deps(plainSleep), call)),
      per: 'step',
    },
    {
      piece: 'runAttempt as shipped (systemSleep: one timer, lazy signal)',
      us: await cost(attempt(systemSleep)),
      per: 'step',
    },
    {
      piece: 'runAttempt with another Sleep (cancelled by a signal)',
      us: await cost(attempt(plainSleep)),
      per: 'step',
    },
    {
      piece: 'prototype: same Sleep, no any(), static abort reason',
      us: await cost(() =>
        leanSleepAttempt(tool, {}, ctx, { timeoutMs: 10_000, sleep: plainSleep, outer: abort }),
      ),
      per: 'step',
    },
    {
      piece: 'prototype: one controller + setTimeout, no any()',
      us: await cost(() => leanAttempt(tool, {}, ctx, { timeoutMs: 10_000, outer: abort })),
      per: 'step',
    },
    {
      piece: 'tool.run alone',
      us: await cost(() => tool.run({}, { ...ctx, signal: abort })),
      per: 'step',
    },
    {
      piece: 'zod: reads + writes safeParse',
      us: await cost(() => [tool.reads.safeParse(context), tool.writes.safeParse(output)]),
      per: 'step',
    },
    {
      piece: 'logger.child (silent pino)',
      us: await cost(() => logger.child({ workflowId: 'wf_x', stepId: 's3', tool: tool.name, attempt: 1 })),
      per: 'step',
    },
    {
      piece: 'JSON round trip of the output',
      us: await cost(() => JSON.parse(JSON.stringify(output))),
      per: 'step',
    },
    {
      piece: 'validatePlan',
      us: await cost(() => validatePlan(noopPlan, registry, NO_OWNED_RESOURCES)),
      per: 'workflow',
    },
    {
      piece: 'buildState (6 step rows)',
      us: await cost(() => buildState(record, steps, [])),
      per: 'workflow',
    },
  ];
}

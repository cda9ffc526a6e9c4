import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { KeelApp } from '../agent/keel-app.js';
import { WORKFLOW_STATUSES } from '../store/store.js';

/**
 * Prometheus metrics: workflows and escalations by status and model usage are read from the
 * store at scrape time (`store.stats()`); step latency and retries are counted from executor events.
 */
export function createMetrics(keel: KeelApp): Registry {
  const registry = new Registry();
  new Gauge({
    name: 'keel_workflows',
    help: 'Workflows by status',
    labelNames: ['status'],
    registers: [registry],
    collect() {
      const counts = keel.store.stats().workflows;
      for (const status of WORKFLOW_STATUSES) this.set({ status }, counts[status] ?? 0);
    },
  });
  new Gauge({
    name: 'keel_escalations',
    help: 'Escalations by status',
    labelNames: ['status'],
    registers: [registry],
    collect() {
      const counts = keel.store.stats().escalations;
      for (const status of ['open', 'approved', 'rejected']) this.set({ status }, counts[status] ?? 0);
    },
  });
  new Gauge({
    name: 'keel_model_calls',
    help: 'Model calls by outcome',
    labelNames: ['status'],
    registers: [registry],
    collect() {
      const counts = keel.store.stats().modelCalls;
      for (const status of ['ok', 'error']) this.set({ status }, counts[status] ?? 0);
    },
  });
  new Gauge({
    name: 'keel_model_tokens',
    help: 'Model tokens by kind',
    labelNames: ['kind'],
    registers: [registry],
    collect() {
      const row = keel.store.stats().tokens;
      this.set({ kind: 'prompt' }, row.prompt);
      this.set({ kind: 'completion' }, row.completion);
      this.set({ kind: 'cached' }, row.cached);
    },
  });
  const latency = new Histogram({
    name: 'keel_step_duration_seconds',
    help: 'Step duration, first attempt to completion',
    labelNames: ['tool'],
    buckets: [0.005, 0.02, 0.1, 0.5, 2, 10, 60],
    registers: [registry],
  });
  const retries = new Counter({
    name: 'keel_step_retries_total',
    help: 'Retries scheduled',
    labelNames: ['tool'],
    registers: [registry],
  });
  const started = new Map<string, number>();
  keel.subscribe((e) => {
    const key = `${e.workflowId}:${e.stepId}`;
    const tool = String(e.data?.tool ?? '');
    if (e.type === 'step.started' && e.data?.attempt === 1) started.set(key, Date.parse(e.at));
    if (e.type === 'step.retry_scheduled') retries.inc({ tool });
    if (e.type === 'escalation.opened') started.delete(key);
    if (e.type === 'step.completed' || e.type === 'step.failed' || e.type === 'step.degraded') {
      const start = started.get(key);
      started.delete(key);
      if (start !== undefined) latency.observe({ tool }, (Date.parse(e.at) - start) / 1000);
    }
  });
  return registry;
}

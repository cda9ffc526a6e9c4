import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { KeelApp } from '../agent/keel-app.js';
import { WORKFLOW_STATUSES } from '../store/store.js';

/**
 * Prometheus metrics: workflows and escalations by status and model usage are read from the
 * store at scrape time (`store.stats()`); step latency and retries are counted from executor events.
 */
export function createMetrics(keel: KeelApp): { contentType: string; scrape(): Promise<string> } {
  const registry = new Registry();
  const gauge = (name: string, help: string, label: string) =>
    new Gauge({ name, help, labelNames: [label], registers: [registry] });
  const workflows = gauge('keel_workflows', 'Workflows by status', 'status');
  const escalations = gauge('keel_escalations', 'Escalations by status', 'status');
  const modelCalls = gauge('keel_model_calls', 'Model calls by outcome', 'status');
  const tokens = gauge('keel_model_tokens', 'Model tokens by kind', 'kind');
  const degraded = new Gauge({
    name: 'keel_model_degraded',
    help: '1 while the model is misconfigured (401/403/404, not a completions API), else 0',
    registers: [registry],
  });
  // One read of the store per scrape, shared by the four gauges.
  const refresh = async () => {
    const stats = await keel.store.stats();
    for (const status of WORKFLOW_STATUSES) workflows.set({ status }, stats.workflows[status] ?? 0);
    for (const status of ['open', 'approved', 'rejected'])
      escalations.set({ status }, stats.escalations[status] ?? 0);
    for (const status of ['ok', 'error']) modelCalls.set({ status }, stats.modelCalls[status] ?? 0);
    for (const kind of ['prompt', 'completion', 'cached'] as const) tokens.set({ kind }, stats.tokens[kind]);
    degraded.set(keel.modelHealth.status().status === 'degraded' ? 1 : 0);
  };
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
  return {
    contentType: registry.contentType,
    scrape: async () => {
      await refresh();
      return registry.metrics();
    },
  };
}

import type { OutgoingHttpHeaders } from 'node:http';
import type { FastifyReply } from 'fastify';
import type { KeelApp } from '../agent/keel-app.js';
import { renderAsk } from '../planner/ask.js';
import type { PlanResult } from '../planner/planner.js';
import { guardOutgoing } from '../planner/secret-request.js';
import { toHttpError } from './error-handler.js';
import { turnView } from './views.js';

/** The executor events that report a step's progress (a stream shows each as it happens). */
export const STEP_EVENTS: ReadonlySet<string> = new Set([
  'step.started',
  'step.completed',
  'step.attempt_failed',
  'step.retry_scheduled',
  'step.degraded',
  'step.failed',
  'compensation.completed',
  'compensation.failed',
]);

/**
 * Answers a message as server-sent events: `plan`, then `step` for each step event, `escalation`
 * if the workflow pauses, and `reply` last (or `error`). Only events of workflows started by this
 * conversation are sent.
 */
export async function streamTurn(
  reply: FastifyReply,
  keel: KeelApp,
  turn: { conversationId: string; customerId: string; text: string; idempotencyKey?: string },
): Promise<void> {
  reply.hijack();
  const raw = reply.raw;
  // Headers hooks already set (CORS, rate limit) would be lost by writing to the raw response.
  const set = Object.entries(reply.getHeaders()).filter(([, value]) => value !== undefined);
  raw.writeHead(200, {
    ...(Object.fromEntries(set) as OutgoingHttpHeaders),
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  const send = (event: string, data: unknown) =>
    raw.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  const ours = new Set<string>();
  const unsubscribe = keel.subscribe((e) => {
    if (e.type === 'workflow.started' && e.data?.conversationId === turn.conversationId)
      ours.add(e.workflowId);
    if (!ours.has(e.workflowId)) return;
    if (STEP_EVENTS.has(e.type))
      send('step', { workflowId: e.workflowId, type: e.type, stepId: e.stepId, ...e.data });
    if (e.type === 'escalation.opened') send('escalation', { workflowId: e.workflowId, ...e.data });
  });
  const onPlan = (planned: PlanResult) =>
    send('plan', {
      intent: planned.plan.intent,
      confidence: planned.plan.confidence,
      steps: planned.plan.steps.map((s) => ({ id: s.id, tool: s.tool })),
      // What the customer will read, never the model's own wording unguarded.
      ask: planned.plan.ask ? guardOutgoing(renderAsk(keel.domain, planned.plan.ask)) : null,
    });
  try {
    const outcome = await keel.post(turn.conversationId, turn.customerId, turn.text, {
      onPlan,
      ...(turn.idempotencyKey ? { idempotencyKey: turn.idempotencyKey } : {}),
    });
    send('reply', turnView(outcome));
  } catch (error) {
    // Past the 200, an error can only be an event; it carries the code and message the JSON
    // answer would have had.
    const { status, code, message } = toHttpError(error);
    if (status >= 500) reply.log.error({ err: error }, 'stream failed');
    send('error', { error: { code, message } });
  } finally {
    unsubscribe();
    raw.end();
  }
}

import type { FastifyInstance } from 'fastify';
import type { KeelApp } from '../../agent/keel-app.js';
import { ConversationNotFoundError } from '../../errors.js';
import type { NewEvent } from '../../store/store.js';
import { requireStaff } from '../auth.js';
import { lastEventId, openEventStream, streamRegistry } from '../support/event-stream.js';
import { escalationQueue } from '../support/queue.js';
import type { SupportDesk } from '../support/support-desk.js';
import { Params, parse } from './conversations.js';

/** How often a stream looks for what another process (a CLI decision, recovery) wrote. */
export const STREAM_POLL_MS = 500;

/** Executor events a conversation's watcher sees as live progress. */
const PROGRESS = new Set([
  'workflow.started',
  'step.started',
  'step.completed',
  'step.attempt_failed',
  'step.retry_scheduled',
  'step.degraded',
  'step.failed',
  'compensation.completed',
  'compensation.failed',
  'escalation.opened',
]);

/**
 * Live streams, read with `fetch` and an Authorization header: a conversation's events for the
 * widget (its messages, numbered by `seq` so `Last-Event-ID` resumes them; progress; status) and
 * the open escalations for the console's queue.
 */
export function streamRoutes(app: FastifyInstance, keel: KeelApp, desk: SupportDesk): void {
  const open = streamRegistry(app);
  app.get('/v1/conversations/:id/events', async (request, reply) => {
    const { id } = parse(Params, request.params, 'path');
    const conversation = desk.conversation(id);
    const principal = request.principal;
    if (!conversation || (principal.kind === 'customer' && conversation.customerId !== principal.customerId))
      throw new ConversationNotFoundError(id);
    let seen = lastEventId(request.headers['last-event-id'], (request.query as { after?: unknown }).after);
    let status = '';
    const stream = openEventStream(request, reply, open);
    const flush = () => {
      for (const message of desk.messages(id, seen)) {
        stream.send('message', message, message.seq);
        seen = message.seq;
      }
      const now = desk.conversation(id);
      if (now && now.status !== status) {
        status = now.status;
        stream.send('status', { status, pendingPlan: now.pendingPlan ?? null });
      }
    };
    const ours = new Set<string>();
    const unsubscribe = keel.subscribe((event: NewEvent) => {
      if (event.type === 'workflow.started' && event.data?.conversationId === id) ours.add(event.workflowId);
      if (!ours.has(event.workflowId)) return;
      if (PROGRESS.has(event.type))
        stream.send('progress', { workflowId: event.workflowId, type: event.type, stepId: event.stepId });
      queueMicrotask(flush);
    });
    const timer = setInterval(flush, STREAM_POLL_MS);
    stream.onClose(() => {
      clearInterval(timer);
      unsubscribe();
    });
    flush();
  });

  app.get('/v1/staff/escalations/stream', async (request, reply) => {
    requireStaff(request.principal);
    const stream = openEventStream(request, reply, open);
    // null, not '': an empty queue is news to a client that has just connected.
    let last: string | null = null;
    const flush = () => {
      const queue = escalationQueue(keel, desk);
      const key = queue.map((e) => e.id).join(',');
      if (key === last) return;
      last = key;
      stream.send('queue', { now: keel.runtime.clock.now().toISOString(), escalations: queue });
    };
    const unsubscribe = keel.subscribe((event) => {
      if (event.type.startsWith('escalation.')) queueMicrotask(flush);
    });
    const timer = setInterval(flush, STREAM_POLL_MS);
    stream.onClose(() => {
      clearInterval(timer);
      unsubscribe();
    });
    flush();
  });
}

import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { KeelApp } from '../../agent/keel-app.js';
import { pendingPlanOf } from '../../agent/pending-action.js';
import { ConversationNotFoundError } from '../../errors.js';
import type { NewEvent } from '../../store/store.js';
import { requireStaff } from '../auth.js';
import { type EventStream, lastEventId, openEventStream, streamRegistry } from '../support/event-stream.js';
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
    const conversation = await desk.conversation(id);
    const principal = request.principal;
    if (!conversation || (principal.kind === 'customer' && conversation.customerId !== principal.customerId))
      throw new ConversationNotFoundError(id);
    let seen = lastEventId(request.headers['last-event-id'], (request.query as { after?: unknown }).after);
    let status = '';
    const stream = openEventStream(request, reply, open);
    const flush = oneAtATime(async () => {
      for (const message of await desk.messages(id, seen)) {
        stream.send('message', message, message.seq);
        seen = message.seq;
      }
      const now = await desk.conversation(id);
      if (now && now.status !== status) {
        status = now.status;
        // Staff see the plan that would run; the pending action's id and expiry stay inside.
        stream.send('status', { status, pendingPlan: pendingPlanOf(now.pendingPlan) });
      }
    }, failed(request));
    const ours = new Set<string>();
    keepFlushing(stream, keel, flush, (event) => {
      if (event.type === 'workflow.started' && event.data?.conversationId === id) ours.add(event.workflowId);
      if (!ours.has(event.workflowId)) return false;
      if (PROGRESS.has(event.type))
        stream.send('progress', { workflowId: event.workflowId, type: event.type, stepId: event.stepId });
      return true;
    });
  });

  app.get('/v1/staff/escalations/stream', async (request, reply) => {
    requireStaff(request.principal);
    const stream = openEventStream(request, reply, open);
    // null, not '': an empty queue is news to a client that has just connected.
    let last: string | null = null;
    const flush = oneAtATime(async () => {
      const queue = await escalationQueue(keel, desk);
      const key = queue.map((e) => e.id).join(',');
      if (key === last) return;
      last = key;
      stream.send('queue', { now: keel.runtime.clock.now().toISOString(), escalations: queue });
    }, failed(request));
    keepFlushing(stream, keel, flush, (event) => event.type.startsWith('escalation.'));
  });
}

/**
 * Flushes now, after every event `wake` says is news, and every STREAM_POLL_MS (for what another
 * process wrote), until the stream closes.
 */
function keepFlushing(
  stream: EventStream,
  keel: KeelApp,
  flush: () => void,
  wake: (event: NewEvent) => boolean,
): void {
  const unsubscribe = keel.subscribe((event) => {
    if (wake(event)) queueMicrotask(flush);
  });
  const timer = setInterval(flush, STREAM_POLL_MS);
  stream.onClose(() => {
    clearInterval(timer);
    unsubscribe();
  });
  flush();
}

const failed = (request: FastifyRequest) => (error: unknown) =>
  request.log.warn({ err: error }, 'a stream read failed; the next poll retries');

/**
 * Runs `read` one call at a time: a call made while one is in flight runs once more after it, so
 * two reads never interleave (a message sent twice, or out of order) and none is lost. A failed
 * read is reported and skipped; the next poll tries again.
 */
function oneAtATime(read: () => Promise<void>, onError: (error: unknown) => void): () => void {
  let running = false;
  let again = false;
  const run = (): void => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    read()
      .catch(onError)
      .finally(() => {
        running = false;
        if (again) {
          again = false;
          run();
        }
      });
  };
  return run;
}

import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { KeelApp } from '../../agent/keel-app.js';
import { pendingPlanOf } from '../../agent/pending-action.js';
import { ConversationNotFoundError } from '../../errors.js';
import type { Change, NewEvent } from '../../store/store.js';
import { requireStaff } from '../auth.js';
import { conversationProgress } from '../support/conversation-progress.js';
import { type EventStream, lastEventId, openEventStream, streamRegistry } from '../support/event-stream.js';
import { escalationQueue } from '../support/queue.js';
import type { SupportDesk } from '../support/support-desk.js';
import { Params, parse } from './conversations.js';

/** How often a stream looks for what another process (a CLI decision, recovery) wrote. */
export const STREAM_POLL_MS = 500;

/**
 * Live streams, read with `fetch` and an Authorization header: a conversation's events for the
 * widget (its messages, numbered by `seq` so `Last-Event-ID` resumes them; progress; status) and
 * the open escalations for the console's queue.
 */
export function streamRoutes(
  app: FastifyInstance,
  keel: KeelApp,
  desk: SupportDesk,
  options: { pollMs?: number } = {},
): void {
  const open = streamRegistry(app);
  const pollMs = options.pollMs ?? STREAM_POLL_MS;
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
    const progress = conversationProgress(
      id,
      (workflowId) => keel.journal(workflowId),
      (item) => stream.send('progress', item),
    );
    keepFlushing(stream, keel, flush, pollMs, {
      local: (event) => progress.local(event),
      remote: (change) => progress.remote(change),
      onError: failed(request),
    });
  });

  escalationStream(app, keel, desk, open, pollMs);
}

/** The console's live queue: the open escalations, sent again whenever they change. */
function escalationStream(
  app: FastifyInstance,
  keel: KeelApp,
  desk: SupportDesk,
  open: Set<EventStream>,
  pollMs: number,
): void {
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
    keepFlushing(stream, keel, flush, pollMs, {
      local: (event) => event.type.startsWith('escalation.'),
      // Another instance opened or decided one (a decision is journaled as escalation.<status>).
      remote: async (change) =>
        change.kind === 'reset' || (change.kind === 'journal' && change.type.startsWith('escalation.')),
      onError: failed(request),
    });
  });
}

/** What wakes a stream: this instance's events, and changes announced by any instance. */
interface Wakes {
  local: (event: NewEvent) => boolean;
  remote: (change: Change) => Promise<boolean>;
  onError: (error: unknown) => void;
}

/**
 * Flushes now, after every event or change `wakes` says is news, and every `pollMs` (for
 * what a process that announces nothing wrote: a CLI on the same SQLite file), until the stream
 * closes.
 */
function keepFlushing(
  stream: EventStream,
  keel: KeelApp,
  flush: () => void,
  pollMs: number,
  wakes: Wakes,
): void {
  const unsubscribe = keel.subscribe((event) => {
    if (wakes.local(event)) queueMicrotask(flush);
  });
  const unlisten = keel.changes.subscribe((change) => {
    wakes.remote(change).then((news) => news && flush(), wakes.onError);
  });
  const timer = setInterval(flush, pollMs);
  stream.onClose(() => {
    clearInterval(timer);
    unsubscribe();
    unlisten();
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

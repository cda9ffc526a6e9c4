import type { OutgoingHttpHeaders } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** How often a quiet stream sends a comment, so proxies and browsers keep it open. */
const HEARTBEAT_MS = 15_000;

/** An open server-sent events response. */
export interface EventStream {
  send(event: string, data: unknown, id?: number): void;
  /** Called once when the client goes away or the stream ends. */
  onClose(fn: () => void): void;
  end(): void;
}

/**
 * Opens a long-lived `text/event-stream` answer on the raw response, keeping the headers hooks
 * already set (CORS, rate limit). The clients are `fetch` readers that send Authorization
 * (EventSource cannot), so no token ever travels in a URL.
 */
export function openEventStream(
  _request: FastifyRequest,
  reply: FastifyReply,
  open: Set<EventStream>,
): EventStream {
  reply.hijack();
  const raw = reply.raw;
  const set = Object.entries(reply.getHeaders()).filter(([, value]) => value !== undefined);
  raw.writeHead(200, {
    ...(Object.fromEntries(set) as OutgoingHttpHeaders),
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  raw.write(': open\n\n');
  const closers: (() => void)[] = [];
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    open.delete(stream);
    for (const fn of closers) fn();
  };
  const heartbeat = setInterval(() => raw.write(': ping\n\n'), HEARTBEAT_MS);
  heartbeat.unref();
  // The response's close, not the request's: a request "closes" once its (empty) body is read.
  raw.on('close', close);
  const stream: EventStream = {
    send(event, data, id) {
      if (closed) return;
      raw.write(`${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    onClose(fn) {
      closers.push(fn);
    },
    end() {
      close();
      // A stream's connection carries nothing after it: close it, so a server that is shutting
      // down does not wait for the client's keep-alive to run out.
      raw.end(() => raw.socket?.destroy());
    },
  };
  open.add(stream);
  return stream;
}

/**
 * The streams open on a server, ended when it closes: a hijacked response is invisible to
 * Fastify, and one left open would hold `close()` (a SIGTERM drain) until the client goes away.
 */
export function streamRegistry(app: FastifyInstance): Set<EventStream> {
  const open = new Set<EventStream>();
  app.addHook('preClose', async () => {
    for (const stream of [...open]) stream.end();
  });
  return open;
}

/** The last event id a client saw: `Last-Event-ID`, else `?after=`; 0 when neither. */
export function lastEventId(header: string | string[] | undefined, after: unknown): number {
  const value = typeof header === 'string' ? header : typeof after === 'string' ? after : '';
  const n = Number(value);
  return Number.isSafeInteger(n) && n > 0 ? n : 0;
}

import type { OutgoingHttpHeaders } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';

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
export function openEventStream(request: FastifyRequest, reply: FastifyReply): EventStream {
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
    for (const fn of closers) fn();
  };
  const heartbeat = setInterval(() => raw.write(': ping\n\n'), HEARTBEAT_MS);
  heartbeat.unref();
  request.raw.on('close', close);
  raw.on('close', close);
  return {
    send(event, data, id) {
      if (closed) return;
      raw.write(`${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    onClose(fn) {
      closers.push(fn);
    },
    end() {
      close();
      raw.end();
    },
  };
}

/** The last event id a client saw: `Last-Event-ID`, else `?after=`; 0 when neither. */
export function lastEventId(header: string | string[] | undefined, after: unknown): number {
  const value = typeof header === 'string' ? header : typeof after === 'string' ? after : '';
  const n = Number(value);
  return Number.isSafeInteger(n) && n > 0 ? n : 0;
}

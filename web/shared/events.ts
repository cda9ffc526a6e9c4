/** One server-sent event as the API writes it. */
export interface StreamEvent {
  id: number | null;
  event: string;
  data: unknown;
}

/** Splits a text/event-stream body into events; comments (heartbeats) are skipped. */
export function parseEvents(chunk: string): StreamEvent | null {
  let id: number | null = null;
  let event = 'message';
  const data: string[] = [];
  for (const line of chunk.split('\n')) {
    if (line.startsWith('id:')) id = Number(line.slice(3).trim());
    else if (line.startsWith('event:')) event = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
  }
  if (data.length === 0) return null;
  return { id, event, data: JSON.parse(data.join('\n')) };
}

export interface FollowOptions {
  url: string;
  /** Called before each connection: the Authorization header travels in a header, never a URL. */
  headers: () => Record<string, string>;
  onEvent: (event: StreamEvent) => void;
  onState?: (state: 'live' | 'reconnecting') => void;
  signal: AbortSignal;
}

/**
 * Follows a stream with `fetch` (EventSource cannot send Authorization), reconnecting after a
 * drop with `Last-Event-ID` set to the last numbered event, so nothing is missed or repeated.
 */
export async function followEvents(options: FollowOptions): Promise<void> {
  let last: number | null = null;
  let delay = 500;
  while (!options.signal.aborted) {
    try {
      const headers: Record<string, string> = { ...options.headers(), accept: 'text/event-stream' };
      if (last !== null) headers['last-event-id'] = String(last);
      const response = await fetch(options.url, { headers, signal: options.signal, cache: 'no-store' });
      if (response.status === 401 || response.status === 403 || response.status === 404) {
        throw new StreamRefused(response.status);
      }
      if (!response.ok || !response.body) throw new Error(`stream answered ${response.status}`);
      options.onState?.('live');
      delay = 500;
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value.replaceAll('\r\n', '\n');
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const event = parseEvents(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
          if (event) {
            if (event.id !== null) last = event.id;
            options.onEvent(event);
          }
          end = buffer.indexOf('\n\n');
        }
      }
    } catch (error) {
      if (error instanceof StreamRefused || options.signal.aborted) throw error;
    }
    options.onState?.('reconnecting');
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 10_000);
  }
}

/** The server refused the stream (bad token, not yours): reconnecting would not help. */
export class StreamRefused extends Error {
  constructor(readonly status: number) {
    super(`The stream was refused (${status})`);
  }
}

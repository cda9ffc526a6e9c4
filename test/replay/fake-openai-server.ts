import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { completionBody } from '../helpers/openai-wire.js';

/** What the fake model answers next: a plan, raw text, a refusal, or an HTTP error. */
export type FakeReply =
  | { plan: Record<string, unknown>; intentProbability?: number; finish?: 'stop' | 'length' }
  | { raw: string; finish?: 'stop' | 'length' }
  | { refusal: string }
  | { error: 429 | 500 | 503 | 401 }
  /** A consent answer to the pending action the request names (its id is read from the prompt). */
  | { consent: 'yes' | 'no' | 'other'; kind?: string | null };

const ERRORS = {
  429: {
    type: 'requests',
    code: 'rate_limit_exceeded',
    message: 'Rate limit reached for requests. Please try again in 1ms.',
  },
  500: {
    type: 'server_error',
    code: null,
    message: 'The server had an error while processing your request.',
  },
  503: {
    type: 'service_unavailable_error',
    code: 'server_is_overloaded',
    message: 'The server is overloaded or not ready yet.',
  },
  401: { type: 'invalid_request_error', code: 'invalid_api_key', message: 'Incorrect API key provided.' },
};

/** The model's `ConsentAnswer` for the pending action named in the request's prompt. */
function consentAnswer(body: string, consent: string, kind: string | null): string {
  const prompt = (JSON.parse(body) as { messages: { content: string }[] }).messages[0]?.content ?? '';
  const pendingActionId = /Pending action id: (\S+)/.exec(prompt)?.[1] ?? '';
  return JSON.stringify({ pendingActionId, consent, kind });
}

/**
 * A small OpenAI-compatible server on a real loopback socket (no msw): it answers
 * `POST /v1/chat/completions` from a queue of replies in the real wire format, as a local model
 * server (Ollama, vLLM) would be reached.
 */
export async function startFakeOpenAi(): Promise<{
  url: string;
  queue: FakeReply[];
  requests: unknown[];
  close(): Promise<void>;
}> {
  const queue: FakeReply[] = [];
  const requests: unknown[] = [];
  let n = 0;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      requests.push(JSON.parse(body || 'null'));
      const reply = queue.shift();
      const headers = { 'content-type': 'application/json', 'x-request-id': `req_fake_${++n}` };
      if (!reply || 'error' in reply) {
        const status = reply && 'error' in reply ? reply.error : 500;
        const error = ERRORS[status];
        res.writeHead(status, { ...headers, ...(status === 401 ? {} : { 'retry-after-ms': '1' }) });
        res.end(
          JSON.stringify({
            error: { message: error.message, type: error.type, param: null, code: error.code },
          }),
        );
        return;
      }
      const completion =
        'consent' in reply
          ? completionBody(consentAnswer(body, reply.consent, reply.kind ?? null), { finishReason: 'stop' })
          : 'refusal' in reply
            ? completionBody(null, { refusal: reply.refusal })
            : 'raw' in reply
              ? completionBody(reply.raw, { finishReason: reply.finish ?? 'stop' })
              : completionBody(JSON.stringify(reply.plan), {
                  finishReason: reply.finish ?? 'stop',
                  logprobs: {
                    default: -0.0005,
                    ...(reply.intentProbability ? { intent: Math.log(reply.intentProbability) } : {}),
                  },
                });
      res.writeHead(200, headers);
      res.end(JSON.stringify(completion));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    queue,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

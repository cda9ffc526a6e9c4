import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { completionBody } from './openai-wire.js';

/** What the server does with the next request. */
export type Misbehaviour =
  | { ok: Record<string, unknown> }
  | { text: string }
  | { stall: true }
  | { html: true }
  | { json: unknown }
  | { status: 401 | 403 | 404 | 429 | 500 | 503; headers?: Record<string, string> }
  | { hugeBytes: number }
  | { resetMidBody: true };

const ERROR_BODIES: Record<number, { type: string; code: string | null; message: string }> = {
  401: { type: 'invalid_request_error', code: 'invalid_api_key', message: 'Incorrect API key provided.' },
  403: { type: 'invalid_request_error', code: 'unsupported_country', message: 'Country not supported.' },
  404: {
    type: 'invalid_request_error',
    code: 'model_not_found',
    message: 'The model `gpt-x` does not exist.',
  },
  429: { type: 'requests', code: 'rate_limit_exceeded', message: 'Rate limit reached for requests.' },
  500: { type: 'server_error', code: null, message: 'The server had an error.' },
  503: { type: 'service_unavailable_error', code: 'server_is_overloaded', message: 'Overloaded.' },
};

/**
 * An OpenAI-compatible server on a free loopback port that misbehaves on purpose, one scripted
 * behaviour per request (the last one repeats): it stalls, answers HTML with a 200, rate-limits
 * with any Retry-After, rejects the key, or sends a body of any size. It keeps every request's
 * headers and body, so tests can see exactly what reached the provider.
 */
export async function startMisbehavingOpenAi(script: Misbehaviour[]) {
  const requests: { headers: IncomingHttpHeaders; body: Record<string, unknown> }[] = [];
  const stalled: (() => void)[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      requests.push({ headers: req.headers, body: JSON.parse(body || 'null') });
      const step = script[Math.min(requests.length, script.length) - 1];
      res.on('error', () => {}); // the client may cancel a huge body half way
      const json = { 'content-type': 'application/json', 'x-request-id': `req_${requests.length}` };
      if (!step || 'stall' in step) {
        stalled.push(() => res.destroy());
        return;
      }
      if ('html' in step) {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<html><body><h1>Welcome to nginx!</h1></body></html>');
      } else if ('json' in step) {
        res.writeHead(200, json);
        res.end(JSON.stringify(step.json));
      } else if ('ok' in step) {
        res.writeHead(200, json);
        res.end(JSON.stringify(completionBody(JSON.stringify(step.ok), {})));
      } else if ('text' in step) {
        res.writeHead(200, json);
        res.end(JSON.stringify(completionBody(step.text, {})));
      } else if ('resetMidBody' in step) {
        res.writeHead(200, { ...json, 'content-length': '1000' });
        res.write('{"id":"chatcmpl-1","choices":[');
        setImmediate(() => res.destroy());
      } else if ('hugeBytes' in step) {
        res.writeHead(200, json);
        const text = 'x'.repeat(step.hugeBytes);
        res.end(JSON.stringify(completionBody(text, { finishReason: 'stop' })));
      } else {
        const error = ERROR_BODIES[step.status];
        res.writeHead(step.status, { ...json, ...step.headers });
        res.end(JSON.stringify({ error: { ...error, param: null } }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const drop of stalled) drop();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

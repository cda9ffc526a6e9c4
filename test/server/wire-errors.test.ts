import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServerHarness, STAFF } from '../helpers/server-harness.js';

let harness: Awaited<ReturnType<typeof createServerHarness>>;
let port = 0;

beforeAll(async () => {
  harness = await createServerHarness();
  await harness.app.listen({ port: 0, host: '127.0.0.1' });
  port = (harness.app.server.address() as { port: number }).port;
});
afterAll(async () => harness.close());

/** Sends bytes as they are (no client library fixing them up) and reads until the server closes. */
function exchange(request: string): Promise<{ status: number; headers: string; body: unknown }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(request));
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => {
      text += chunk;
    });
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', body = ''] = text.split('\r\n\r\n');
      resolve({ status: Number(head.split(' ')[1]), headers: head.toLowerCase(), body: JSON.parse(body) });
    });
  });
}

const get = (path: string, extra = '') =>
  `GET ${path} HTTP/1.1\r\nHost: keel\r\nAuthorization: Bearer ${STAFF}\r\n${extra}Connection: close\r\n\r\n`;

describe('errors on the wire', () => {
  it.each([
    ['an over-long id', get(`/v1/workflows/${'w'.repeat(300)}`), 414, 'URI_TOO_LONG'],
    ['a bad %-escape', get('/v1/workflows/%zz'), 400, 'BAD_URL'],
    [
      'headers over the size limit',
      get('/healthz', `X-Padding: ${'p'.repeat(20_000)}\r\n`),
      431,
      'HEADERS_TOO_LARGE',
    ],
    ['a request line over the size limit', get(`/${'a'.repeat(20_000)}`), 431, 'HEADERS_TOO_LARGE'],
    [
      'a body that is not JSON',
      `POST /v1/conversations HTTP/1.1\r\nHost: keel\r\nAuthorization: Bearer ${STAFF}\r\nContent-Type: text/xml\r\nContent-Length: 4\r\nConnection: close\r\n\r\n<a/>`,
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ],
    ['an unknown route', get('/v2/nothing'), 404, 'NOT_FOUND'],
    ['bytes that are not HTTP', 'HELLO THERE\r\n\r\n', 400, 'BAD_REQUEST'],
  ])('answers %s in the documented shape', async (_what, request, status, code) => {
    const response = await exchange(request);
    expect(response.status).toBe(status);
    expect(response.headers).toContain('content-type: application/json');
    expect(response.body).toEqual({ error: { code, message: expect.any(String) } });
    // The message is ours and short, never the 20 KB URL echoed back.
    expect(JSON.stringify(response.body).length).toBeLessThan(300);
  });
});

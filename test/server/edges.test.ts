import { afterEach, describe, expect, it } from 'vitest';
import { mintCustomerToken } from '../../src/server/auth.js';
import { allowedOriginsFromEnv } from '../../src/server/cors.js';
import { createServerHarness, SECRET, STAFF } from '../helpers/server-harness.js';

let harness: Awaited<ReturnType<typeof createServerHarness>>;
afterEach(async () => harness?.close());

const raw = (method: 'GET' | 'POST' | 'OPTIONS', url: string, headers: Record<string, string> = {}) =>
  harness.app.inject({ method, url, headers });

describe('rate limits', () => {
  it('gives one budget to a customer however the Authorization header is spelt', async () => {
    harness = await createServerHarness({ rateLimit: 3 });
    const token = await mintCustomerToken(SECRET, 'C-1001');
    const spellings = [`Bearer ${token}`, `bearer ${token}`, `BEARER ${token}`, `Bearer  ${token}`];
    const statuses = [];
    for (const authorization of spellings)
      statuses.push((await raw('POST', '/v1/conversations', { authorization })).statusCode);
    expect(statuses).toEqual([201, 201, 201, 429]);
    // A fresh token for the same customer is the same budget; another customer has their own.
    const again = await mintCustomerToken(SECRET, 'C-1001', 3600);
    expect((await raw('POST', '/v1/conversations', { authorization: `Bearer ${again}` })).statusCode).toBe(
      429,
    );
    expect((await harness.call('POST', '/v1/conversations', 'C-1002')).status).toBe(201);
  });

  it('limits failed authentications per IP, so tokens cannot be guessed freely', async () => {
    harness = await createServerHarness({ rateLimit: 3 });
    const statuses = [];
    for (let i = 0; i < 5; i++) {
      const guess = await raw('GET', '/v1/escalations', { authorization: `Bearer guess-${i}` });
      statuses.push(guess.statusCode);
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    // The caller from that IP without a token shares the budget; a verified caller does not.
    expect((await raw('GET', '/v1/escalations')).statusCode).toBe(429);
    expect((await raw('GET', '/v1/escalations', { authorization: `Bearer ${STAFF}` })).statusCode).toBe(200);
    // Health checks from the same IP are never limited, so guessing cannot take an instance out.
    expect((await raw('GET', '/healthz')).statusCode).toBe(200);
    expect((await raw('GET', '/metrics')).statusCode).toBe(200);
  });

  it('answers 429 in the documented shape, with a message and Retry-After', async () => {
    harness = await createServerHarness({ rateLimit: 1 });
    await harness.call('POST', '/v1/conversations', 'C-1001');
    const limited = await harness.call('POST', '/v1/conversations', 'C-1001');
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({
      error: { code: 'RATE_LIMITED', message: expect.stringMatching(/^Too many requests; try again in/) },
    });
    expect(limited.headers['retry-after']).toBeDefined();
  });
});

describe('server-sent events', () => {
  const stream = { accept: 'text/event-stream' };

  it.each([
    ['an empty message', '   ', 'INPUT_INVALID'],
    ['a message over the limit', '🙂'.repeat(4001), 'INPUT_INVALID'],
  ])('refuses %s with a 400 JSON error before the stream opens', async (_what, text, code) => {
    harness = await createServerHarness();
    const { body } = await harness.call('POST', '/v1/conversations', 'C-1001');
    const response = await harness.call(
      'POST',
      `/v1/conversations/${body.id}/messages`,
      'C-1001',
      { text },
      stream,
    );
    expect(response.status).toBe(400);
    expect(String(response.headers['content-type'])).toContain('application/json');
    expect(response.body.error.code).toBe(code);
  });

  it('accepts 4,000 emoji, which are 8,000 UTF-16 units but 4,000 characters', async () => {
    harness = await createServerHarness();
    const { body } = await harness.call('POST', '/v1/conversations', 'C-1001');
    const url = `/v1/conversations/${body.id}/messages`;
    expect((await harness.call('POST', url, 'C-1001', { text: '🙂'.repeat(4000) })).status).toBe(200);
  });
});

describe('Idempotency-Key', () => {
  it('refuses a key reused with another message with 422, streamed or not, and changes nothing', async () => {
    harness = await createServerHarness({ confirmWrites: false });
    const { body } = await harness.call('POST', '/v1/conversations', 'C-1002');
    const url = `/v1/conversations/${body.id}/messages`;
    const key = { 'idempotency-key': 'key-1' };
    const first = await harness.call('POST', url, 'C-1002', { text: 'where is ORD-1004?' }, key);
    expect(first.status).toBe(200);
    const replay = await harness.call('POST', url, 'C-1002', { text: 'where is ORD-1004?' }, key);
    expect(replay.body).toEqual(first.body);
    for (const headers of [key, { ...key, accept: 'text/event-stream' }]) {
      const reused = await harness.call('POST', url, 'C-1002', { text: 'please cancel ORD-1004' }, headers);
      expect(reused).toMatchObject({ status: 422, body: { error: { code: 'IDEMPOTENCY_KEY_REUSED' } } });
    }
    expect((await harness.keel.shop.describeOrder('ORD-1004'))?.order.status).toBe('placed');
  });

  it('refuses a key that is empty or over 200 characters instead of ignoring it', async () => {
    harness = await createServerHarness();
    const { body } = await harness.call('POST', '/v1/conversations', 'C-1001');
    const url = `/v1/conversations/${body.id}/messages`;
    for (const key of ['', 'k'.repeat(201)]) {
      const response = await harness.call('POST', url, 'C-1001', { text: 'hi' }, { 'idempotency-key': key });
      expect(response).toMatchObject({ status: 400, body: { error: { code: 'INPUT_INVALID' } } });
    }
  });
});

describe('CORS', () => {
  const SHOP = 'https://shop.example';
  const preflight = (origin: string) =>
    raw('OPTIONS', '/v1/conversations/c1/messages', {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization, content-type, idempotency-key',
    });

  it('answers preflights from an allowed origin with the methods and headers the API uses', async () => {
    harness = await createServerHarness({ allowedOrigins: [SHOP] });
    const response = await preflight(SHOP);
    expect(response.statusCode).toBe(204);
    expect(response.headers).toMatchObject({
      'access-control-allow-origin': SHOP,
      'access-control-allow-methods': 'GET, POST, OPTIONS',
      'access-control-allow-headers': 'Authorization, Content-Type, Idempotency-Key, Accept, Last-Event-ID',
      vary: 'Origin',
    });
    const call = await harness.call('POST', '/v1/conversations', 'C-1001', undefined, { origin: SHOP });
    expect(call.status).toBe(201);
    expect(call.headers['access-control-allow-origin']).toBe(SHOP);
    const streamed = await harness.call(
      'POST',
      `/v1/conversations/${call.body.id}/messages`,
      'C-1001',
      { text: 'where is ORD-1001?' },
      { origin: SHOP, accept: 'text/event-stream' },
    );
    expect(String(streamed.headers['content-type'])).toContain('text/event-stream');
    expect(streamed.headers['access-control-allow-origin']).toBe(SHOP);
    // Errors carry the header too, so the widget can read them.
    const refused = await raw('POST', '/v1/conversations', { origin: SHOP });
    expect(refused.statusCode).toBe(401);
    expect(refused.headers['access-control-allow-origin']).toBe(SHOP);
  });

  it('gives other origins, and every origin when none is configured, no CORS headers', async () => {
    harness = await createServerHarness({ allowedOrigins: [SHOP] });
    const evil = await preflight('https://evil.example');
    expect(evil.headers['access-control-allow-origin']).toBeUndefined();
    expect(evil.headers['access-control-allow-methods']).toBeUndefined();
    await harness.close();
    harness = await createServerHarness();
    const none = await preflight(SHOP);
    expect(none.headers['access-control-allow-origin']).toBeUndefined();
    expect(none.statusCode).toBe(404);
  });

  it('reads KEEL_ALLOWED_ORIGINS as a comma-separated list and refuses what is not an origin', () => {
    expect(allowedOriginsFromEnv(undefined)).toEqual([]);
    expect(allowedOriginsFromEnv(' https://a.example, http://localhost:5173 ,')).toEqual([
      'https://a.example',
      'http://localhost:5173',
    ]);
    for (const bad of ['shop.example', 'https://a.example/widget', 'ftp://a.example', '*'])
      expect(() => allowedOriginsFromEnv(bad)).toThrow(/KEEL_ALLOWED_ORIGINS/);
  });
});

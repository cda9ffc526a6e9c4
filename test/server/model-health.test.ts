import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { openRetailKeel } from '../../src/domains/retail/open-retail-keel.js';
import { mintCustomerToken } from '../../src/server/auth.js';
import { buildServer } from '../../src/server/server.js';
import { sequentialIds, VirtualTime } from '../../src/testing/index.js';
import { createCli } from '../helpers/cli-harness.js';
import { spawnKeel } from '../helpers/keel-process.js';
import { type Misbehaviour, startMisbehavingOpenAi } from '../helpers/misbehaving-openai.js';
import { TEST_NOW } from '../helpers/shop-harness.js';

const SECRET = 'model-health-secret-0123456789abcdef';
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const PLAN = {
  intent: 'track',
  confidence: 0.96,
  ask: null,
  steps: [
    { id: 'lookup', tool: 'lookup_order', args: { orderId: 'ORD-1001' } },
    { id: 'track', tool: 'track_shipment', args: {} },
  ],
};

async function serveOver(script: Misbehaviour[]) {
  const model = await startMisbehavingOpenAi(script);
  const logs: Record<string, unknown>[] = [];
  const logger = pino(
    { level: 'info' },
    new Writable({
      write(chunk, _encoding, done) {
        logs.push(JSON.parse(String(chunk)));
        done();
      },
    }),
  );
  const time = new VirtualTime(TEST_NOW);
  const keel = openRetailKeel({
    dbPath: ':memory:',
    env: { OPENAI_BASE_URL: model.url, OPENAI_API_KEY: 'sk-wrong', KEEL_LLM_LOGPROBS: '0' },
    confirmWrites: false,
    logger,
    runtime: { clock: time.clock, sleep: time.sleep, ids: sequentialIds() },
  });
  const app = await buildServer({ keel, auth: { secret: SECRET, staffToken: 'staff' } });
  cleanups.push(
    () => app.close(),
    () => keel.close(),
    model.close,
  );
  const turn = async () => {
    const { id } = await keel.startConversation('C-1001');
    return keel.post(id, 'C-1001', 'where is ORD-1001?');
  };
  const say = async (text: string) => {
    const authorization = `Bearer ${await mintCustomerToken(SECRET, 'C-1001')}`;
    const created = await app.inject({
      method: 'POST',
      url: '/v1/conversations',
      headers: { authorization },
    });
    return app.inject({
      method: 'POST',
      url: `/v1/conversations/${created.json().id}/messages`,
      headers: { authorization },
      payload: { text },
    });
  };
  const metrics = async () => (await app.inject({ method: 'GET', url: '/metrics' })).body;
  const health = async () => {
    const response = await app.inject({ method: 'GET', url: '/healthz' });
    return { status: response.statusCode, body: response.json() };
  };
  return { turn, health, logs, model, say, metrics };
}

describe('a misconfigured model is loud', () => {
  it('a 401 logs one error with the cause and /healthz answers 200 degraded until a call succeeds', async () => {
    const { turn, health, logs, model } = await serveOver([{ status: 401 }, { status: 401 }, { ok: PLAN }]);
    expect(await health()).toEqual({ status: 200, body: { status: 'ok' } });
    expect(model.requests).toHaveLength(0); // no probe unless asked for
    const first = await turn();
    expect(first.planned).toMatchObject({ fallbackFrom: 'llm' });
    await turn();
    const errors = logs.filter((l) => l.level === 50);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.msg).toMatch(/rejected keel's configuration: Model call failed: 401 Incorrect API key/);
    expect(errors[0]?.msg).toMatch(/OPENAI_API_KEY/);
    const degraded = await health();
    expect(degraded.status).toBe(200);
    expect(degraded.body).toMatchObject({ status: 'degraded', reason: expect.stringMatching(/401/) });
    expect((await turn()).planned).toMatchObject({ planner: 'llm' });
    expect(await health()).toEqual({ status: 200, body: { status: 'ok' } });
  });

  it('an HTML page where the model should be answers the customer with HTTP 200, never a 500', async () => {
    const { say, health, metrics } = await serveOver([{ html: true }]);
    const response = await say('where is ORD-1001?');
    expect(response.statusCode).toBe(200);
    expect(response.json().reply).toMatch(/ORD-1001/);
    expect((await health()).body).toMatchObject({
      status: 'degraded',
      reason: expect.stringMatching(/not JSON/),
    });
    const text = await metrics();
    expect(text).toMatch(/keel_model_calls\{status="error"\} 1/);
    expect(text).toMatch(/keel_model_degraded 1/);
  });

  it('keel serve --check-model fails start-up with the cause and a non-zero exit when the probe fails', async () => {
    const model = await startMisbehavingOpenAi([{ status: 404 }]);
    cleanups.push(model.close);
    const cli = createCli({ OPENAI_BASE_URL: model.url, KEEL_LOG_LEVEL: 'silent' });
    const out = await cli.run('serve', '--check-model', '--port', '0', '--db', ':memory:');
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/--check-model: the model probe failed: Model call failed: 404/);
    expect(out.stdout).not.toMatch(/listening/);
    expect(model.requests).toHaveLength(1);
  });

  it('keel run says on stderr when the model rejects the key, and still answers offline', async () => {
    const model = await startMisbehavingOpenAi([{ status: 401 }]);
    cleanups.push(model.close);
    const cli = createCli({ OPENAI_BASE_URL: model.url, OPENAI_API_KEY: 'sk-wrong' });
    const message = "I'd like to return order ORD-1001, it doesn't fit";
    const out = await cli.run('run', message, '--customer', 'C-1001', '--db', cli.db, '--yes');
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/^reply: Your return for ORD-1001 is set up/m);
    expect(out.stderr).toMatch(/^keel: the model provider rejected keel's configuration: .*401/m);
    expect(out.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('keel serve --check-model needs a model configured', async () => {
    const out = await createCli({}).run('serve', '--check-model', '--port', '0', '--db', ':memory:');
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/--check-model needs a model/);
  });

  it('keel serve --check-model makes exactly one probe call, then listens', {
    timeout: 30_000,
  }, async () => {
    const model = await startMisbehavingOpenAi([{ ok: PLAN }]);
    cleanups.push(model.close);
    const env = { OPENAI_BASE_URL: model.url, KEEL_LOG_LEVEL: 'warn' };
    const checked = spawnKeel(
      ['serve', '--check-model', '--port', '0', '--db', ':memory:'],
      env,
      process.cwd(),
    );
    cleanups.push(() => void checked.child.kill('SIGKILL'));
    await checked.waitFor(/model check passed[\s\S]*keel listening on/);
    expect(model.requests).toHaveLength(1);
  });
});
